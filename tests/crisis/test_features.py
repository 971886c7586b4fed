"""The rules' features as minimal pairs in en/nl/nb: word order, negation, past, frames.

These check the rules alone (the learned model is weighed in afterwards: tests/crisis/test_model).
"""

from __future__ import annotations

from tests.crisis.cases import by_rules, pairs
from tests.crisis.cases import rules_severity as severity

# --- features, as minimal pairs -------------------------------------------------------------------


@pairs(
    ("acute", "nl", "ik heb mezelf pijn gedaan"),
    ("acute", "nl", "ik doe mezelf pijn"),
    ("acute", "nl", "ik heb mezelf gesneden"),
    ("acute", "nl", "ik heb weer gesneden"),
    ("acute", "nb", "jeg har skåret meg igjen"),
    ("acute", "nb", "jeg kuttet meg i går kveld"),
    ("acute", "nb", "jeg planla å ta livet mitt i helgen"),
    ("acute", "en", "I've been cutting again"),
)
def test_harm_is_read_in_any_word_order_and_inflection(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("concern", "nb", "jeg orker snart ikke mer"),
    ("concern", "nb", "orker ikke mer"),
    ("none", "nb", "jeg orker ikke mer skole i dag haha"),
    ("concern", "nl", "ik kan niet meer"),
    ("none", "nl", "ik kan niet meer slapen door de stress"),
)
def test_an_inserted_adverb_still_matches_and_a_following_object_changes_the_meaning(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "I'm going to hurt myself"),
    ("none", "en", "I'm not going to hurt myself"),
    ("acute", "nl", "ik ga mezelf van kant maken"),
    ("none", "nl", "ik ga mezelf echt niet van kant maken"),
    ("acute", "nb", "jeg skal ta livet mitt"),
    ("none", "nb", "jeg skal ikke ta livet mitt"),
    ("none", "en", "I'm not suicidal, just tired"),
    ("none", "nl", "ik ben niet suïcidaal"),
    ("none", "nb", "jeg er ikke suicidal"),
    ("acute", "en", "i dont want to live anymore"),
    ("acute", "nl", "ik wil niet meer leven"),
    ("acute", "nb", "jeg vil ikke leve lenger"),
    ("acute", "en", "i'm not okay and i want to die"),
)
def test_a_negation_in_reach_cancels_but_a_negated_wish_to_live_is_the_risk(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("none", "en", "I used to self-harm, I'm fine now"),
    ("none", "en", "I haven't cut in two years!"),
    ("none", "nl", "vroeger deed ik mezelf pijn, nu gaat het echt goed"),
    ("none", "nb", "for mange år siden skadet jeg meg selv, men nå har jeg det bra"),
    ("concern", "en", "I tried to kill myself two years ago and lately it feels the same again"),
    ("concern", "nl", "ik heb vroeger gesneden en de laatste weken komt alles terug"),
    ("acute", "en", "I tried to kill myself last night"),
)
def test_a_past_that_is_over_raises_nothing_a_past_coming_back_is_a_concern(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "my friend says she wants to kill herself tonight"),
    ("acute", "nl", "mijn kotgenote zegt dat ze vanavond pillen gaat nemen"),
    ("acute", "nb", "romkameraten min sa han skal henge seg i kveld"),
    ("concern", "nl", "mijn kotgenoot zegt dat ze zichzelf iets wil aandoen"),
    ("concern", "en", "my best friend keeps saying nobody would miss her"),
)
def test_another_persons_risk_counts_and_is_marked_as_someone_elses(
    expected: str, language: str, text: str
) -> None:
    result = by_rules(text, language)
    assert result.severity == expected
    assert any("someone else" in label for label in result.matched)


@pairs(
    ("none", "en", "this exam is killing me"),
    ("none", "en", "I want to die of cringe thinking about what I said"),
    ("none", "en", "I'm literally going to die if they cancel the concert"),
    ("none", "nl", "ik ga me dood schamen als ik moet presenteren"),
    ("none", "nl", "dit tentamen is echt een zelfmoordactie"),
    ("none", "nb", "jeg dør av latter"),
    ("none", "nb", "denne eksamenen kommer til å ta livet av meg"),
    ("acute", "nb", "jeg tar livet av meg i kveld"),
)
def test_hyperbole_is_not_a_crisis(expected: str, language: str, text: str) -> None:
    assert severity(text, language) == expected


@pairs(
    ("none", "en", "writing my thesis on self-harm in adolescents"),
    ("none", "en", "killed myself in the game lol"),
    ("none", "en", "the new episode where the main character overdoses was so intense"),
    ("none", "nl", "voor mijn masterproef onderzoek ik suïcidepreventie bij jongeren"),
    ("none", "nb", "vi lærte om selvskading i psykologi-forelesningen i dag"),
    ("acute", "en", "after that lecture on suicide I want to kill myself too"),
)
def test_a_topic_frame_voids_talk_about_it_but_not_the_speakers_own_intent(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "I've worked out how and when"),
    ("acute", "nl", "ik heb al een plan"),
    ("none", "nl", "ik heb al een plan voor mijn thesis"),
    ("acute", "nb", "har bestemt dato. det er om tre dager"),
    ("acute", "en", "I'm going to do it tonight"),
)
def test_a_plan_or_a_time_on_its_own_can_be_acute(expected: str, language: str, text: str) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "standing on the bridge looking down"),
    ("acute", "en", "on the platform, next train in 4 min and i wont step back"),
    ("acute", "nl", "ben op de bovenste verdieping van de parkeergarage. wil springen"),
    ("acute", "nb", "står på taket av studentbyen nå, det er ganske høyt herfra"),
    ("none", "en", "we went cliff jumping in croatia, so fun"),
    ("none", "en", "i'm jumping on the train to amsterdam tonight"),
)
def test_a_dangerous_place_with_a_move_to_its_edge_is_acute(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "how many paracetamol for someone of 60 kg"),
    ("acute", "nl", "hoeveel mg sertraline is dodelijk?"),
    ("acute", "nb", "hvor mange sovepiller må man ta for å ikke våkne"),
    ("none", "en", "how many paracetamol can I take in a day?"),
    ("none", "nl", "hoeveel ibuprofen mag ik per dag nemen"),
    ("none", "nb", "hvor mange ibux kan jeg ta om dagen?"),
)
def test_a_dose_question_is_acute_unless_it_is_about_everyday_use(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "i took 30 pills"),
    ("acute", "en", "been saving up my sertraline for weeks, i have like 60 in a drawer now"),
    ("acute", "en", "bought a rope today. its under my bed"),
    ("none", "en", "we bought rope and a tent for the festival"),
    ("none", "en", "I took 2 ibuprofen for my headache"),
    ("none", "nl", "ik heb touw gekocht om te verhuizen"),
    ("none", "nb", "kjøpte tau til båten"),
)
def test_a_means_with_a_quantity_a_stock_or_at_hand_is_acute(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "no reason to live anymore, I'm done with life"),
    ("acute", "en", "I wish I didn't exist. I have the pills here"),
    ("concern", "en", "I wish I didn't exist"),
    ("acute", "nl", "ik zie het niet meer zitten en de pillen liggen klaar"),
)
def test_a_concern_with_a_plan_or_means_adds_up_to_acute(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("concern", "en", "been having thoughts of killing myself, idk what to do with them"),
    ("concern", "nb", "tenker mye på selvmord for tida, men har ingen plan"),
    ("concern", "en", "i keep scratching my arms when i get stressed"),
    ("acute", "en", "cutting rn. sorry"),
)
def test_thoughts_and_habits_are_a_concern_an_act_now_is_acute(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


@pairs(
    ("acute", "en", "this is my last message. goodbye everyone"),
    ("acute", "nl", "dit is mijn laatste bericht, vaarwel iedereen"),
    ("acute", "nb", "ha det bra alle sammen, jeg er glad i dere"),
    ("none", "en", "did you see my last message?"),
    ("none", "nb", "ha det bra, vi ses i morgen"),
)
def test_a_final_goodbye_is_acute_an_ordinary_one_is_not(
    expected: str, language: str, text: str
) -> None:
    assert severity(text, language) == expected


def test_a_joke_marker_softens_but_never_clears_a_plain_statement() -> None:
    assert severity("i want to die lol") == "concern"
    assert severity("the cafeteria coffee is so bad i want to end it all jk") == "none"
    assert severity("i want to die lol, i have the pills right here") == "acute"
