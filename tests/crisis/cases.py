"""What the detector tests share: the severity of a text, and minimal pairs as parameters."""

from __future__ import annotations

import pytest

from bot.crisis import assess


def severity(text: str, language: str | None = None) -> str:
    """The severity the built-in detector gives a message."""
    return assess(text, language).severity


def pairs(*rows: tuple[str, str, str]) -> pytest.MarkDecorator:
    """Parametrise (expected severity, language, text) rows, named by their text."""
    return pytest.mark.parametrize(("expected", "language", "text"), rows, ids=[r[2] for r in rows])
