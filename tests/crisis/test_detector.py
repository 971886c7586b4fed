"""The crisis detector: its contract, the spec's examples, normalisation, coordinators' phrases."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import crisis
from bot.crisis import SEVERITIES, Assessment, Detector, assess, normalise
from tests.crisis.cases import pairs, severity

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
