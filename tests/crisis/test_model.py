"""The learned second opinion: its features, its weights, and how it is weighed with the rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import crisis
from bot.crisis import Detector, model, normalise
from bot.crisis.lexicon import load

ROOT = Path(__file__).parents[2]
LEXICONS = tuple(load(language) for language in crisis.LANGUAGES)


def test_features_are_words_pairs_starts_lemmas_and_tags() -> None:
    found = model.features(normalise("Ik heb me gesneden"), LEXICONS)
    assert {"w:gesneden", ("me", "gesneden"), "s:gesne", model.BIAS} <= found
    assert model.gram_text(("me", "gesneden")) == "b:me gesneden"
    texts = [word for word in found if isinstance(word, str)]
    lemma = next(word for word in texts if word.startswith(model.LEMMA) and "sn" in word)
    assert lemma in model.features(normalise("ik snijd mezelf"), LEXICONS)
    assert any(word.startswith(model.TAG) for word in texts)


def test_probabilities_are_between_zero_and_one_for_any_text() -> None:
    for text in ("", "hi", "ik wil dood " * 400, "🙂" * 50):
        acute, risk = model.probabilities(normalise(text), LEXICONS)
        assert 0.0 <= acute <= 1.0 and 0.0 <= risk <= 1.0


def test_the_model_ranks_a_plan_above_small_talk() -> None:
    plan, _ = model.probabilities(
        normalise("i've sorted out how and when, it'll be friday"), LEXICONS
    )
    chat, _ = model.probabilities(normalise("see you at the lecture on friday"), LEXICONS)
    assert plan > crisis.ACUTE_ALONE > chat


def test_the_model_raises_what_the_rules_miss_and_says_so() -> None:
    text = (
        "i keep thinking the tracks behind my kot would be quick and tonight feels like the night"
    )
    result = crisis.assess(text)
    assert result.severity == "acute"
    assert any(label.startswith("model: acute") for label in result.matched)


@pytest.mark.parametrize(
    "text",
    ["jeg vil ta livet mitt", "ik wil dood", "I want to end my life", "ik heb pillen gespaard"],
)
def test_a_short_plain_statement_stands_on_the_rules_alone(text: str) -> None:
    assert len(normalise(text).split()) < crisis.SHORT
    assert crisis.assess(text).severity == "acute"


@pytest.mark.parametrize(
    "text",
    [
        "this exam is killing me",
        "ik ga dood van de stress",
        "I want to die of cringe thinking about what I said",
        "the cafeteria coffee is so bad i want to end it all jk",
        "denne innleveringa tar livet av meg haha",
        "amai ik sterf hier van de verveling in die les",
    ],
)
def test_hyperbole_and_jokes_are_never_acute_whatever_the_model_says(text: str) -> None:
    assert crisis.assess(text).severity != "acute"


def test_the_rules_alone_can_be_asked_for() -> None:
    text = (
        "i keep thinking the tracks behind my kot would be quick and tonight feels like the night"
    )
    assert Detector(learned=False).assess(text).severity != crisis.assess(text).severity


def test_a_coordinators_phrase_is_never_lowered_by_the_model() -> None:
    phrase = "blue pineapple protocol"
    detector = Detector(extra=[(phrase, "acute", "en")])
    text = f"just a normal day on campus, lectures and lunch, and later the {phrase} with friends"
    assert detector.assess(text).severity == "acute"


def test_the_shipped_weights_are_what_the_tool_makes_of_the_data(tmp_path: Path) -> None:
    out = tmp_path / "weights.tsv"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "train_crisis_model.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == model.WEIGHTS.read_text(encoding="utf-8")
