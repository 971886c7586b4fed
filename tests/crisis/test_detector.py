"""The crisis detector: contract, features as minimal pairs in en/nl/nb, normalisation."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import crisis
from bot.crisis import SEVERITIES, Assessment, Detector, assess, normalise


def severity(text: str, language: str | None = None) -> str:
    """The severity the built-in detector gives a message."""
    return assess(text, language).severity


def pairs(*rows: tuple[str, str, str]) -> pytest.MarkDecorator:
    """Parametrise (expected severity, language, text) rows, named by their text."""
    return pytest.mark.parametrize(("expected", "language", "text"), rows, ids=[r[2] for r in rows])


# --- the contract ---------------------------------------------------------------------------------


def test_severities_are_ordered_from_none_to_acute() -> None:
    assert SEVERITIES == ("none", "concern", "acute")


def test_assessment_is_frozen_and_names_what_fired() -> None:
    result = assess("I'm going to kill myself tonight")
    assert result.severity == "acute"
    assert result.matched and all(isinstance(label, str) for label in result.matched)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.severity = "none"  # type: ignore[misc]
    assert assess("see you at the lecture") == Assessment("none")


@pytest.mark.parametrize("language", [None, "en", "nl", "nb", "fr", ""])
def test_language_is_a_hint_that_never_narrows(language: str | None) -> None:
    assert severity("ik wil dood", language) == "acute"
    assert severity("I want to end my life", language) == "acute"
    assert severity("jeg vil ta livet mitt", language) == "acute"


@pytest.mark.parametrize("text", [None, "", 3, b"bytes"])
def test_anything_that_is_not_text_is_none(text: object) -> None:
    assert assess(text).severity == "none"  # type: ignore[arg-type]


def test_the_default_detector_is_built_once() -> None:
    assert crisis.default_detector() is crisis.default_detector()


# --- the spec's examples --------------------------------------------------------------------------


@pairs(
    ("acute", "en", "I'm going to kill myself tonight"),
    ("acute", "nl", "ik heb pillen gespaard"),
    ("acute", "nb", "jeg vil ta livet mitt"),
    ("concern", "en", "I want to disappear"),
    ("concern", "nl", "niemand zou me missen"),
    ("none", "en", "this exam is killing me"),
    ("none", "nl", "ik ga dood van de stress"),
)
def test_the_specs_examples(expected: str, language: str, text: str) -> None:
    assert severity(text, language) == expected


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
    result = assess(text, language)
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


# --- normalisation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["k1ll mys3lf", "KILL MYSELF", "kiiiill myseeelf", "k i l l  m y s e l f", "kill\u200bmyself"],
)
def test_spelling_tricks_are_read_through(text: str) -> None:
    assert severity(text) == "acute"


def test_accents_and_norwegian_letters_typed_without_a_norwegian_keyboard() -> None:
    assert severity("ik ben suïcidaal") == severity("ik ben suicidaal") != "none"
    assert severity("jeg vil do") == "none"  # "dø" as "do" only in longer words
    assert severity("jeg vil doe") == "acute"
    assert severity("skulle onske jeg var dod") == "concern"


def test_punctuation_ends_a_sentence_but_not_a_decimal() -> None:
    assert normalise("I took 2.5 pills, then stopped") == "i tok 2.5 pils . then stoped"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_assess_never_raises_and_returns_a_severity(text: str) -> None:
    assert assess(text).severity in SEVERITIES


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@settings(max_examples=100)
@given(
    st.sampled_from(["I'm going to kill myself tonight", "ik wil dood", "jeg vil ta livet mitt"]),
    st.integers(min_value=0, max_value=4),
)
def test_stretching_letters_keeps_a_message_acute(text: str, stretch: int) -> None:
    stretched = "".join(ch * (1 + stretch) if ch in "aeiou" else ch for ch in text)
    assert severity(stretched) == "acute"


def test_long_messages_are_handled() -> None:
    filler = "today was long and the lecture was boring. " * 200
    assert severity(filler) == "none"
    assert severity(filler + "I'm going to kill myself tonight") == "acute"


# --- coordinators' phrases ------------------------------------------------------------------------


def test_extra_phrases_are_normalised_like_the_text() -> None:
    detector = Detector(extra=[("Blue Pineapple Protocol", "acute", "en")])
    assert detector.assess("tonight I start the blue pineapple protocol").severity == "acute"
    assert detector.assess("tonight I start the BLUE  pineaaapple protocol!").severity == "acute"
    assert severity("tonight I start the blue pineapple protocol") == "none"


def test_extra_phrases_are_voided_by_a_negation_just_before() -> None:
    detector = Detector(extra=[("het grote niets", "acute", "nl")])
    assert detector.assess("ik wil naar het grote niets").severity == "acute"
    assert detector.assess("ik wil niet naar het grote niets").severity == "none"


def test_unusable_extra_phrases_are_skipped_not_raised() -> None:
    bad = [("", "acute", "en"), ("words", "severe", "en"), (None, "acute", None)]
    detector = Detector(extra=[*bad, ("het grote niets", "concern", "nl")])
    assert len(detector.skipped) == 3
    assert detector.assess("ik wil het grote niets in").severity == "concern"
