"""Gettext catalogs (en, nl, nb) read from the .po files at start, and the translator."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("en", "nl", "nb")
FALLBACK = "en"
LOCALES = Path(__file__).parent / "locales"


@cache
def catalog(language: str) -> Mapping[str, str]:
    """All messages of one language, merged from every .po file of that language."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string:
                    messages[str(message.id)] = str(message.string)
    return messages


def pick_language(code: str | None, default: str) -> str:
    """Map a Telegram language_code ("nl-BE", "no", "nn") to a supported language."""
    if code:
        base = code.lower().replace("_", "-").split("-")[0]
        base = {"no": "nb", "nn": "nb"}.get(base, base)
        if base in LANGUAGES:
            return base
    return default


class Translator:
    """Looks up a key in one language, falling back to English, and fills in placeholders."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else FALLBACK

    def __call__(self, key: str, /, **values: object) -> str:
        """The text for `key` with `{placeholders}` filled from `values`."""
        text = catalog(self.language).get(key) or catalog(FALLBACK).get(key) or key
        return text.format(**values) if values else text
