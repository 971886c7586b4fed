"""Practice scenarios: complete in each language, scripted by their rules, read by the detector."""

from __future__ import annotations

import pytest

from bot.crisis import SEVERITIES, assess
from bot.i18n import LANGUAGES
from bot.training.checklist import SILENCE, STUDENT, TRAINEE, Transcript, evaluate
from bot.training.scenarios import Branch, Check, Phrases, Scenario, Step, phrases, scenarios
from bot.training.student import ScriptedStudent
from tests.crisis.cases import by_rules

REQUIRED = {
    "first-contact",
    "exam-stress",
    "loneliness",
    "goes-silent",
    "turns-acute",
    "worried-friend",
}


def test_the_six_scenarios_exist_in_every_language_with_the_same_shape() -> None:
    english = scenarios("en")
    assert {s.id for s in english} >= REQUIRED
    for language in LANGUAGES:
        translated = scenarios(language)
        assert [s.id for s in translated] == [s.id for s in english]
        for ours, theirs in zip(translated, english, strict=True):
            assert ours.title and ours.brief and ours.checklist
            assert [len(s.say) for s in ours.steps] == [len(s.say) for s in theirs.steps]
            assert all(line.strip() for step in ours.steps for line in step.say)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_phrase_set_a_scenario_names_exists(language: str) -> None:
    sets = phrases(language).sets
    named = {"kind_ending"}
    for scenario in scenarios(language):
        named |= {b.phrases for step in scenario.steps for b in step.branches}
        named |= {check.phrases for check in scenario.checklist if check.phrases}
        steps = {step.id for step in scenario.steps}
        assert {b.goto for step in scenario.steps for b in step.branches} <= steps | {None}
    assert named <= set(sets)
    assert all(sets.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_crisis_detector_reads_each_scripted_line_as_the_scenario_says(language: str) -> None:
    for scenario in scenarios(language):
        for step in scenario.steps:
            for line in step.say:
                _reads_as(line, language, step.severity, scenario.id)
            for branch in step.branches:
                for line in branch.say:
                    _reads_as(line, language, branch.severity, scenario.id)


def _reads_as(line: str, language: str, declared: str, scenario: str) -> None:
    """The rules read a line as declared, and the whole detector never lower.

    The learned model flags some ordinary lines too ("Ik wil haar niet verraden"), as it would in
    real use: a trainee may see such a banner; never one missing where the script has a risk.
    """
    assert by_rules(line, language).severity == declared, (scenario, line)
    found = assess(line, language).severity
    assert SEVERITIES.index(found) >= SEVERITIES.index(declared), (scenario, line)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_acute_scenario_turns_acute_once_the_trainee_asks_about_suicide(language: str) -> None:
    scenario = next(s for s in scenarios(language) if s.id == "turns-acute")
    student = ScriptedStudent(scenario, phrases(language))
    assert assess(student.opening()[0], language).severity == "concern"
    assert assess(student.answer(["hello"])[0], language).severity == "none"
    question = {"en": "Are you thinking of suicide?", "nl": "Denk je aan zelfmoord?"}
    answer = student.answer([question.get(language, "Tenker du på selvmord?")])
    assert assess(answer[0], language).severity == "acute"


TOY = Scenario(
    id="toy",
    language="en",
    title="Toy",
    brief="",
    student="Kim",
    steps=(
        Step(say=("hi",)),
        Step(say=("go on",), branches=(Branch("question", ("you asked",), goto="end"),)),
        Step(say=("still here?",), stay=True, branches=(Branch("door", ("ok then",)),)),
        Step(say=()),
        Step(say=("bye",), id="end"),
    ),
    checklist=(),
)
TOY_PHRASES = Phrases({"question": ("?",), "door": ("come back",), "kind_ending": ("take care",)})


def test_the_scripted_student_says_the_next_line_or_the_branch_that_matches() -> None:
    student = ScriptedStudent(TOY, TOY_PHRASES)
    assert student.opening() == ("hi",)
    assert student.answer(["hello"]) == ("go on",)
    assert student.answer(["nice"]) == ("still here?",)
    assert student.answer(["hm"]) == ("still here?",)
    assert student.answer(["you can Come Back"]) == ("ok then",)
    assert not student.silent
    assert student.answer(["hello?"]) == ()
    assert student.silent


def test_a_branch_can_jump_ahead() -> None:
    student = ScriptedStudent(TOY, TOY_PHRASES)
    student.opening()
    assert student.answer(["how are you?"]) == ("you asked",)
    assert student.answer(["and then"]) == ("bye",)
    assert student.answer(["anything"]) == ()


def transcript(*entries: tuple[str, str], ended: bool = True) -> Transcript:
    return Transcript(list(entries), ended)


def test_the_checklist_ticks_phrases_commands_kind_endings_and_checking_in() -> None:
    checklist = (
        Check("asked", "said", phrases="question"),
        Check("escalated", "said", commands=("escalate",)),
        Check("no promise", "not_said", phrases="door"),
        Check("kind", "ended_kindly"),
        Check("checked in", "after_silence"),
    )
    done = transcript(
        (STUDENT, "hi"),
        (TRAINEE, "How are you?"),
        (SILENCE, ""),
        (TRAINEE, "/escalate worried"),
        (TRAINEE, "Still there? Take care."),
        (TRAINEE, "/end"),
    )
    assert [r.done for r in evaluate(checklist, done, TOY_PHRASES)] == [True] * 5
    missed = transcript((STUDENT, "hi"), (TRAINEE, "Come back"), (SILENCE, ""), ended=False)
    assert [r.done for r in evaluate(checklist, missed, TOY_PHRASES)] == [False] * 5


def test_phrases_match_regardless_of_case_and_accents() -> None:
    dutch = phrases("nl")
    assert dutch.match("asked_suicide", "Denk je aan SUÏCIDE?")
    assert phrases("nb").match("stay_with", "Jeg er her, hos deg")
    assert not phrases("en").match("asked_suicide", "This exam is killing me")
