"""Practice scenarios as read from YAML, in one language: the student's steps and the checklist."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

FOLDER = files("bot.training") / "scenarios"
PHRASES = "phrases.yaml"
RULES = ("said", "not_said", "ended_kindly", "after_silence")


@dataclass(frozen=True)
class Branch:
    """When the trainee's message has one of the phrases: these lines, then the step `goto`."""

    phrases: str
    say: tuple[str, ...]
    goto: str | None = None
    severity: str = "none"


@dataclass(frozen=True)
class Step:
    """What the student says next: a branch that matches, else `say` (and stays if `stay`)."""

    say: tuple[str, ...]
    branches: tuple[Branch, ...] = ()
    id: str | None = None
    stay: bool = False
    severity: str = "none"


@dataclass(frozen=True)
class Check:
    """One line of the checklist and the rule that ticks it."""

    label: str
    rule: str
    phrases: str | None = None
    commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A practice conversation in one language."""

    id: str
    language: str
    title: str
    brief: str
    student: str
    steps: tuple[Step, ...]
    checklist: tuple[Check, ...]


class Phrases:
    """Named sets of phrases in one language, matched ignoring case and accents."""

    def __init__(self, sets: dict[str, tuple[str, ...]]) -> None:
        self.sets = {name: tuple(fold(p) for p in phrases) for name, phrases in sets.items()}

    def match(self, name: str, text: str) -> bool:
        """Whether `text` holds a phrase of the set `name`."""
        folded = fold(text)
        return any(phrase in folded for phrase in self.sets[name])


def fold(text: str) -> str:
    """Lower case without accents, single spaces and plain apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@cache
def phrases(language: str) -> Phrases:
    """The phrase sets of one language."""
    raw = _read(PHRASES)
    return Phrases({name: tuple(by_language[language]) for name, by_language in raw.items()})


@cache
def scenarios(language: str) -> tuple[Scenario, ...]:
    """Every scenario in one language, in the order of their files' names."""
    names = sorted(
        f.name for f in FOLDER.iterdir() if f.name.endswith(".yaml") and f.name != PHRASES
    )
    return tuple(_scenario(_read(name), language) for name in names)


def scenario(scenario_id: str, language: str) -> Scenario:
    """One scenario by id."""
    return next(s for s in scenarios(language) if s.id == scenario_id)


def _read(name: str) -> Any:
    return yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))


def _lines(value: Any, language: str) -> tuple[str, ...]:
    if value is None:
        return ()
    said = value[language]
    return tuple(said) if isinstance(said, list) else (said,)


def _scenario(raw: dict[str, Any], language: str) -> Scenario:
    steps = tuple(
        Step(
            say=_lines(step.get("say"), language),
            branches=tuple(
                Branch(
                    phrases=branch["if"],
                    say=_lines(branch["say"], language),
                    goto=branch.get("goto"),
                    severity=branch.get("severity", "none"),
                )
                for branch in step.get("branches", ())
            ),
            id=step.get("id"),
            stay=bool(step.get("stay")),
            severity=step.get("severity", "none"),
        )
        for step in raw["steps"]
    )
    checklist = tuple(
        Check(
            label=check["label"][language],
            rule=check["rule"],
            phrases=check.get("phrases"),
            commands=tuple(check.get("commands", ())),
        )
        for check in raw["checklist"]
    )
    return Scenario(
        raw["id"],
        language,
        raw["title"][language],
        raw["brief"][language],
        raw["student"],
        steps,
        checklist,
    )
