"""What the detector tests share: the severity of a text, and minimal pairs as parameters."""

from __future__ import annotations

from functools import cache

import pytest

from bot.crisis import Assessment, Detector, assess


def severity(text: str, language: str | None = None) -> str:
    """The severity the built-in detector gives a message."""
    return assess(text, language).severity


@cache
def _rules() -> Detector:
    """The detector without its learned model."""
    return Detector(learned=False)


def by_rules(text: str, language: str | None = None) -> Assessment:
    """What the rules alone make of a message."""
    return _rules().assess(text, language)


def rules_severity(text: str, language: str | None = None) -> str:
    """The severity the rules alone give a message (what the feature tests check)."""
    return by_rules(text, language).severity


def pairs(*rows: tuple[str, str, str]) -> pytest.MarkDecorator:
    """Parametrise (expected severity, language, text) rows, named by their text."""
    return pytest.mark.parametrize(("expected", "language", "text"), rows, ids=[r[2] for r in rows])
