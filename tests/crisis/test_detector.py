"""The crisis detector: what a student's message is judged as, whatever its spelling."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import crisis
from bot.crisis import SEVERITIES, Assessment, Detector, assess, normalise

HERE = Path(__file__).parent
RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def load(name: str) -> list[dict[str, str]]:
    """Rows of a labelled corpus: language, label, text."""
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


CORPUS = load("corpus.tsv")
# Messages written later, in batches scored blind before the phrases were tuned on them; the
# benchmark prints how well they do. Held to looser bars than the corpus, but never an acute
# false alarm.
HOLDOUT = load("holdout.tsv")


def judged(label: str, rows: list[dict[str, str]] = CORPUS) -> list[tuple[str, str, Assessment]]:
    """(language, text, assessment) for every row with this label."""
    return [
        (row["language"], row["text"], assess(row["text"], row["language"]))
        for row in rows
        if row["label"] == label
    ]


# --- the labelled corpus ------------------------------------------------------------------------


def test_corpus_is_big_enough_and_covers_every_language_and_label() -> None:
    assert len(CORPUS) >= 300
    for language in ("en", "nl", "nb"):
        labels = {row["label"] for row in CORPUS if row["language"] == language}
        assert labels == {"acute", "concern", "hyperbole", "negation", "everyday"}


def test_every_acute_message_is_acute() -> None:
    missed = [(lang, text, a) for lang, text, a in judged("acute") if a.severity != "acute"]
    assert missed == []


def test_every_concern_message_raises_an_alert() -> None:
    missed = [(lang, text) for lang, text, a in judged("concern") if a.severity == "none"]
    assert missed == []


def test_hyperbole_is_never_acute() -> None:
    alarmed = [(lang, text, a) for lang, text, a in judged("hyperbole") if a.severity == "acute"]
    assert alarmed == []


def test_hyperbole_mostly_raises_nothing() -> None:
    rows = judged("hyperbole")
    alerts = [(lang, text, a) for lang, text, a in rows if a.severity != "none"]
    assert len(alerts) <= 0.05 * len(rows), alerts


def test_negations_are_never_acute() -> None:
    alarmed = [(lang, text, a) for lang, text, a in judged("negation") if a.severity == "acute"]
    assert alarmed == []


def test_everyday_messages_raise_no_alert() -> None:
    rows = judged("everyday")
    alerts = [(lang, text, a) for lang, text, a in rows if a.severity != "none"]
    assert len(alerts) <= 0.02 * len(rows), alerts


def test_holdout_acute_messages_are_nearly_all_acute() -> None:
    rows = judged("acute", HOLDOUT)
    missed = [(lang, text) for lang, text, a in rows if a.severity != "acute"]
    assert len(missed) <= 0.03 * len(rows), missed


def test_holdout_raises_no_acute_false_alarm() -> None:
    calm = [judged(label, HOLDOUT) for label in ("hyperbole", "negation", "everyday")]
    alarmed = [(lang, text, a) for rows in calm for lang, text, a in rows if a.severity == "acute"]
    assert alarmed == []


def test_concern_is_not_inflated_to_acute_much() -> None:
    rows = judged("concern")
    acute = [(lang, text, a) for lang, text, a in rows if a.severity == "acute"]
    assert len(acute) <= 0.1 * len(rows), acute


# --- the examples in the product spec and the brief ---------------------------------------------

SPEC_ACUTE = [
    ("en", "I'm going to kill myself tonight"),
    ("en", "I've taken pills"),
    ("en", "took all my pills"),
    ("en", "I swallowed 30 tablets"),
    ("en", "this is goodbye"),
    ("en", "I've written my note"),
    ("en", "I'm going to jump"),
    ("en", "I'm going to drink myself to death"),
    ("en", "I keep cutting myself"),
    ("en", "I want to die"),
    ("en", "I don't want to be here anymore"),
    ("en", "I want to end it"),
    ("en", "kms"),
    ("en", "gonna unalive myself"),
    ("en", "I'm going to off myself"),
    ("en", "20 paracetamol tonight"),
    ("en", "800mg x 20"),
    ("en", "how many would it take to die"),
    ("en", "is a whole bottle of tylenol enough to die"),
    ("nl", "ik wil niet meer leven"),
    ("nl", "ik heb pillen gespaard"),
    ("nl", "ik maak er een eind aan"),
    ("nl", "ik wil er een eind aan maken"),
    ("nl", "ik ga van het dak springen"),
    ("nl", "ik snijd mezelf"),
    ("nl", "ik wil dood"),
    ("nl", "ik wil er niet meer zijn"),
    ("nl", "ik wil slapen en nooit meer wakker worden"),
    ("nl", "30 slaappillen vanavond"),
    ("nb", "jeg har tenkt å ta livet mitt"),
    ("nb", "jeg vil ta livet mitt"),
    ("nb", "jeg vil dø"),
    ("nb", "jeg skal hoppe foran toget"),
    ("nb", "jeg vil kutte meg"),
    ("nb", "jeg vil ikke leve lenger"),
    ("nb", "jeg orker ikke å leve"),
    ("nb", "jeg vil sovne og aldri våkne"),
    ("nb", "20 sovepiller i kveld"),
]

SPEC_CONCERN = [
    ("en", "I want to disappear"),
    ("en", "no one would miss me"),
    ("en", "what's the point of living"),
    ("en", "they'd all be better off without me"),
    ("en", "I can't go on"),
    ("nl", "niemand zou me missen"),
    ("nl", "ik zie het niet meer zitten"),
    ("nl", "ik wou dat ik er niet was"),
    ("nb", "orker ikke mer"),
    ("nb", "ingen ville savnet meg"),
    ("nb", "jeg vil bare forsvinne"),
]

SPEC_NOT_ACUTE = [
    ("en", "this exam is killing me"),
    ("nl", "ik ga dood van de stress"),
    ("en", "I'd die for a coffee"),
    ("nb", "jeg dør av latter"),
    ("en", "I'm dying to see that film"),
    ("en", "my feet are killing me"),
    ("en", "that joke killed me"),
    ("nl", "ik schaamde me dood"),
    ("nb", "dødsdeilig"),
    ("en", "I could kill my roommate for eating my food"),
    ("en", "killing it at the gym"),
    ("en", "this deadline will be the death of me"),
    ("en", "do you have an ibuprofen for my headache"),
    ("nl", "ik heb een paracetamol genomen tegen hoofdpijn"),
    ("en", "need to buy rope for camping"),
]

SPEC_NEGATIONS = [
    ("en", "I'm not suicidal"),
    ("nl", "ik ben niet suïcidaal"),
    ("nb", "jeg er ikke suicidal"),
    ("en", "I would never kill myself"),
]


@pytest.mark.parametrize(("language", "text"), SPEC_ACUTE)
def test_spec_acute_examples_are_acute(language: str, text: str) -> None:
    assert assess(text, language).severity == "acute"


@pytest.mark.parametrize(("language", "text"), SPEC_CONCERN)
def test_spec_concern_examples_are_concern(language: str, text: str) -> None:
    assert assess(text, language).severity == "concern"


@pytest.mark.parametrize(("language", "text"), SPEC_NOT_ACUTE)
def test_spec_hyperbole_and_plain_requests_raise_nothing(language: str, text: str) -> None:
    assert assess(text, language).severity == "none"


@pytest.mark.parametrize(("language", "text"), SPEC_NEGATIONS)
def test_spec_negations_are_concern_at_most(language: str, text: str) -> None:
    assert assess(text, language).severity == "concern"


def test_method_words_alone_are_not_a_crisis_but_with_a_quantity_they_are() -> None:
    assert assess("can I buy paracetamol here?").severity == "none"
    assert assess("I have 40 paracetamol").severity == "acute"
    assert assess("I have 40 paracetamol for my headaches").severity == "none"
    assert assess("I took 40 paracetamol for my headache").severity == "acute"
    assert assess("💊💊💊 x30").severity == "acute"
    assert assess("I have 30 tabs open").severity == "none"
    assert assess("I took 30 tabs of ibuprofen").severity == "acute"


def test_the_object_of_kill_must_be_the_speaker() -> None:
    assert assess("I could kill my brother").severity == "none"
    assert assess("I could kill myself").severity == "acute"
    assert assess("my friend wants to kill herself").severity == "concern"


def test_a_passive_wish_with_a_plan_or_means_is_acute() -> None:
    assert assess("I wish I didn't exist").severity == "concern"
    assert assess("I wish I didn't exist. I have the pills here").severity == "acute"
    assert assess("ik zie het niet meer zitten, ik heb een plan").severity == "acute"
    assert assess("I have a plan for my thesis").severity == "none"


def test_a_means_with_a_stated_intent_is_acute_unless_its_purpose_is_everyday() -> None:
    assert assess("bought a rope today").severity == "none"
    assert assess("bought a rope today. i know what i'm doing tonight").severity == "acute"
    assert assess("bought a rope for camping. i know what i'm doing tonight").severity == "none"


def test_idioms_that_may_be_meant_stay_at_concern() -> None:
    assert assess("this weather makes me want to die").severity == "concern"
    assert assess("I want to die").severity == "acute"


def test_talking_about_suicide_as_a_topic_raises_nothing() -> None:
    assert assess("my essay on suicide prevention is due friday").severity == "none"
    assert assess("I'm reading a book about suicide for class").severity == "none"
    assert assess("I keep thinking about suicide").severity == "acute"


def test_a_negation_only_counts_just_before_the_phrase() -> None:
    assert assess("I'm not okay, I want to die").severity == "acute"
    assert assess("I never thought I'd want to die").severity == "acute"
    assert assess("why don't I just kill myself").severity == "acute"
    assert assess("I don't want to die").severity == "concern"


def test_english_is_caught_whatever_language_is_given() -> None:
    for language in ("en", "nl", "nb", None):
        assert assess("ik ben er klaar mee, I just want to die", language).severity == "acute"
        assert assess("jeg orker ikke, I want to end it all", language).severity == "acute"


# --- normalisation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "s u i c i d a l",
        "k i l l  m y s e l f",
        "k-i-l-l m-y-s-e-l-f",
        "s.u.i.c.i.d.a.l",
        "i w a n t t o d i e",
    ],
)
def test_spaced_out_letters_are_read_as_words(text: str) -> None:
    assert assess(text).severity == "acute"


@pytest.mark.parametrize(
    "text",
    ["k1ll mys3lf", "$uicidal", "su1c1dal", "i want to d13", "k!ll my$elf", "unal1ve myself"],
)
def test_leetspeak_is_read_as_letters(text: str) -> None:
    assert assess(text).severity == "acute"


def test_leetspeak_leaves_quantities_alone() -> None:
    assert "800mg x 20" in normalise("800mg x 20")
    assert normalise("I took 30pills") == "i tok 30pils"
    assert "2.5" in normalise("2.5 mg") and "2.5" in normalise("2,5 mg")
    assert assess("I took 2.5 paracetamol").severity == "none"


@pytest.mark.parametrize(
    "text", ["I wanna diiiiiie", "kiiilll myyyself", "I want to dieeeee", "suuuuicidal", "kmssss"]
)
def test_repeated_letters_are_collapsed(text: str) -> None:
    assert assess(text).severity == "acute"


def test_real_double_letters_match_however_they_are_typed() -> None:
    for text in ("kill myself", "kil myself", "killll myself", "KILL MYSELF"):
        assert assess(text).severity == "acute"
    assert normalise("diiiie") == "die"
    assert normalise("800") == "800"


@pytest.mark.parametrize("zero_width", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_are_ignored(zero_width: str) -> None:
    assert assess(f"ki{zero_width}ll my{zero_width}self").severity == "acute"
    assert assess(zero_width.join("kms")).severity == "acute"


def test_accents_are_stripped() -> None:
    assert normalise("Suïcidaal café, Ærlig PÅ Øya") == "suicidal cafe . ærlig på øya"
    assert assess("ik ben suïcidaal").severity == assess("ik ben suicidaal").severity == "acute"


def test_norwegian_letters_stay_distinct() -> None:
    assert normalise("dø") != normalise("do")
    assert normalise("på") == "på" and normalise("Æ") == "æ"
    assert assess("jeg vil dø").severity == "acute"
    assert assess("jeg vil do").severity == "none"
    assert assess("jeg skal på do").severity == "none"


def test_norwegian_letters_typed_without_a_norwegian_keyboard_still_match() -> None:
    assert assess("jeg vil doe").severity == "acute"
    assert assess("jeg orker ikke aa leve").severity == "acute"
    assert assess("jeg orker ikke a leve").severity == "acute"


def test_lookalike_letters_are_read_as_latin() -> None:
    assert assess("ｋｉｌｌ ｍｙｓｅｌｆ").severity == "acute"
    assert assess("𝐊𝐈𝐋𝐋 𝐌𝐘𝐒𝐄𝐋𝐅").severity == "acute"
    assert assess("kіll mysеlf").severity == "acute"  # Cyrillic і and е


def test_case_does_not_matter() -> None:
    for row in CORPUS:
        text = row["text"]
        assert assess(text.upper()).severity == assess(text).severity, text


def test_punctuation_ends_a_sentence_but_not_a_decimal() -> None:
    assert normalise("I'm done!!! Really?") == "im done . realy ."
    assert normalise("0,5 mg") == "0.5 mg"


# --- the API --------------------------------------------------------------------------------------


def test_severities_are_ordered_from_none_to_acute() -> None:
    assert SEVERITIES == ("none", "concern", "acute")


def test_assessment_is_a_frozen_dataclass() -> None:
    result = assess("I want to die")
    assert dataclasses.is_dataclass(result)
    assert result == Assessment("acute", result.matched)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.severity = "none"  # type: ignore[misc]


def test_matched_names_the_phrases_behind_the_severity() -> None:
    result = assess("I'm going to kill myself")
    assert isinstance(result.matched, tuple) and result.matched
    assert all(isinstance(phrase, str) for phrase in result.matched)
    assert assess("hello there").matched == ()
    assert any("negated" in phrase for phrase in assess("I'm not suicidal").matched)


@pytest.mark.parametrize("language", ["en", "nl", "nb", None, "de", "", "nl-BE", "xx"])
def test_language_is_a_hint_that_never_narrows_or_fails(language: str | None) -> None:
    for row in CORPUS[::7]:
        assert assess(row["text"], language) == assess(row["text"]), row["text"]


def test_the_default_detector_is_built_once() -> None:
    assert crisis.default_detector() is crisis.default_detector()


def test_extra_phrases_from_coordinators_are_normalised_like_the_text() -> None:
    detector = Detector(
        extra=[
            ("het zwarte gat trekt", "concern", "nl"),
            ("blue whale challenge", "acute", "en"),
            ("Ik wil OPLOSSEN in het niets", "acute", None),
        ]
    )
    assert detector.assess("het zwaaarte gat trekt weer", "nl").severity == "concern"
    assert detector.assess("doing the b-l-u-e whale challenge").severity == "acute"
    assert detector.assess("doing the blue whale challenge", "nb").severity == "acute"
    assert detector.assess("ik wil oplossen in het niets").severity == "acute"
    assert detector.assess("I want to die").severity == "acute"
    assert detector.skipped == ()


def test_extra_phrases_do_not_change_the_default_detector() -> None:
    Detector(extra=[("blue whale challenge", "acute", "en")])
    assert assess("doing the blue whale challenge").severity == "none"


def test_extra_phrases_get_the_same_context_rules() -> None:
    detector = Detector(extra=[("the void is calling", "acute", "en")])
    assert detector.assess("the void is calling me").severity == "acute"
    assert detector.assess("my friend says the void is calling").severity == "concern"


def test_unusable_extra_phrases_are_skipped_not_raised() -> None:
    bad = [
        ("?!?", "acute", "en"),
        ("just", "concern", "en"),
        ("help", "urgent", "en"),
        (None, "acute", "en"),
        ("too", "few"),
    ]
    detector = Detector(extra=[*bad, ("red door", "acute", "en")])  # type: ignore[list-item]
    assert detector.skipped == tuple(bad)
    assert detector.assess("the red door again").severity == "acute"
    assert detector.assess("I want to die").severity == "acute"


# --- robustness -----------------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "kill",
        "myself",
        "not",
        "never",
        "die",
        "want",
        "to",
        "i",
        "jeg",
        "vil",
        "dø",
        "ik",
        "wil",
        "dood",
        "pills",
        "30",
        "x",
        "800mg",
        "tonight",
        "lol",
        "💊",
        "🔪",
        ".",
        ",",
        "!",
        "\u200b",
        "\x00",
        "\n",
        "é",
        "ø",
        "å",
        "1",
        "$",
        "s",
        "u",
        " ",
        "  ",
        "...",
        "#",
        "{X}",
    ]
)
HUGE = st.builds(
    lambda chunk, times: (chunk * times)[:10_000],
    st.text(min_size=1, max_size=40),
    st.integers(min_value=1, max_value=10_000),
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(categories=["Cc", "Cf", "So", "Sk", "Mn", "Zs", "Lo"])),
    st.lists(WORDS, max_size=60).map(" ".join),
    st.lists(WORDS, max_size=60).map("".join),
    HUGE,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, language=st.sampled_from(["en", "nl", "nb", None, "zz"]))
def test_assess_never_raises_and_always_returns_a_valid_severity(
    text: str, language: str | None
) -> None:
    result = assess(text, language)
    assert result.severity in SEVERITIES
    assert isinstance(result.matched, tuple)
    assert all(isinstance(phrase, str) for phrase in result.matched)
    assert (result.severity == "none") == (result.matched == ())


@settings(max_examples=200, deadline=None)
@given(text=ANY_TEXT)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


ACUTE_WITHOUT_DIGITS = [
    row["text"] for row in CORPUS if row["label"] == "acute" and not re.search(r"\d", row["text"])
]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_stretching_letters_or_adding_zero_width_keeps_a_message_acute(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(ACUTE_WITHOUT_DIGITS))
    positions = data.draw(st.sets(st.integers(0, len(text) - 1), max_size=6))
    stretched = "".join(
        ch * 3 if i in positions and ch.isalpha() else ch for i, ch in enumerate(text)
    )
    hidden = "".join(ch + "\u200b" if i in positions else ch for i, ch in enumerate(text))
    assert assess(stretched).severity == "acute"
    assert assess(hidden).severity == "acute"


@given(at_least=st.integers(1, 99_999), number=st.integers(0, 10**7))
def test_counts_in_phrases_compare_numbers_not_digits(at_least: int, number: int) -> None:
    matches = re.fullmatch(crisis._at_least(at_least), str(number)) is not None
    assert matches == (number >= at_least)


# --- the phrase files -----------------------------------------------------------------------------


def plain_phrases(section: str) -> list[tuple[str, str]]:
    """Phrases without macros, gaps, counts or wildcards: they can be typed as they are."""
    found = []
    for language in crisis.LANGUAGES:
        current = None
        for line in (crisis.DATA_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
            line = line.split(" # ", 1)[0].strip()
            if line.startswith("[") and line.endswith("]"):
                current = line[1:-1]
            elif (
                current == section
                and line
                and not line.startswith(("#", "@"))
                and not re.search(r"[{}#~*]|\.\.\.", line)
            ):
                found.append((language, line.replace(" $", "")))
    return found


@pytest.mark.parametrize(("language", "phrase"), plain_phrases("acute"))
def test_every_plain_acute_phrase_is_acute_on_its_own(language: str, phrase: str) -> None:
    assert assess(phrase, language).severity == "acute"


@pytest.mark.parametrize(("language", "phrase"), plain_phrases("concern"))
def test_every_plain_concern_phrase_raises_an_alert_on_its_own(language: str, phrase: str) -> None:
    assert assess(phrase, language).severity != "none"


def test_every_macro_is_used() -> None:
    for language in crisis.LANGUAGES:
        text = (crisis.DATA_DIR / f"{language}.txt").read_text(encoding="utf-8")
        defined = set(re.findall(r"^@([A-ZÆØÅ][A-ZÆØÅ0-9_]*) =", text, re.M))
        used = set(re.findall(r"\{([A-ZÆØÅ][A-ZÆØÅ0-9_]*)\}", text))
        assert defined - used == set(), language


def test_fillers_are_never_negations() -> None:
    rules = crisis._builtin_rules()
    for language in crisis.LANGUAGES:
        text = (crisis.DATA_DIR / f"{language}.txt").read_text(encoding="utf-8")
        negations = re.search(r"\[negation\]\n(.*?)\n\n", text, re.S)
        assert negations
        for cue in negations.group(1).splitlines():
            assert crisis._strip_words(normalise(cue), rules.fillers) == normalise(cue), cue


def test_a_goodbye_or_final_act_is_acute_with_a_time_or_decision_and_concern_alone() -> None:
    assert assess("said goodbye to everybody. it's time", "en").severity == "acute"
    assert assess("ik heb afscheid genomen van iedereen, het is zover", "nl").severity == "acute"
    assert assess("har tatt farvel med alle sammen, det er på tide nå", "nb").severity == "acute"
    assert assess("said goodbye to everyone at graduation", "en").severity == "concern"
    assert assess("it's time to study", "en").severity == "none"
    assert assess("ik ben klaar om te gaan, tot zo", "nl").severity == "none"
    assert assess("by the time you read this I'll be gone on holiday", "en").severity != "acute"
