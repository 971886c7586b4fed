"""Gettext catalogs (en, nl, nb) compiled in memory from the .po files, and the translator."""

from __future__ import annotations

import ast
import gettext
import os
from collections.abc import Collection, Iterator, Mapping
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("en", "nl", "nb")
FALLBACK = "en"
LOCALES = Path(__file__).parent / "locales"
PLURAL_SUFFIX = ".plural"
PLURAL_KEYWORD = "plural"
# The catalog (domain) a key lives in, by the part of the key before its first dot.
DOMAIN_OF_PREFIX = {
    "coord": "coordinator",
    "hours": "hours",
    "inst": "institution",
    "job": "scheduler",
}
DEFAULT_DOMAIN = "core"


def _compile(path: Path, language: str) -> gettext.GNUTranslations:
    """One .po file as stdlib gettext translations, without its untranslated entries."""
    with path.open("rb") as handle:
        po = read_po(handle, locale=language, domain=path.stem)
    for message in list(po)[1:]:
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(forms):
            po.delete(message.id, message.context)
    buffer = BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """Every domain of one language chained together, English behind nl and nb; built once."""
    paths = sorted((LOCALES / language / "LC_MESSAGES").glob("*.po"))
    domains = [_compile(path, language) for path in paths]
    head = domains[0] if domains else gettext.NullTranslations()
    for domain in domains[1:]:
        head.add_fallback(domain)
    if language != FALLBACK:
        head.add_fallback(translations(FALLBACK))
    return head


def pick_language(code: str | None, default: str) -> str:
    """Map a Telegram language_code ("nl-BE", "no", "nn") to a supported language."""
    if code:
        base = code.lower().replace("_", "-").split("-")[0]
        base = {"no": "nb", "nn": "nb"}.get(base, base)
        if base in LANGUAGES:
            return base
    return default


class Translator:
    """Gettext lookups in one language, English behind it, with `{placeholders}` filled in."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else FALLBACK
        self._translations = translations(self.language)

    def __call__(self, key: str, /, **values: object) -> str:
        """The text for `key` (the key itself if no catalog has it), filled from `values`."""
        text = self._translations.gettext(key)
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, /, **values: object) -> str:
        """The form of `key` that suits the number `n` (its only form if it has no plural)."""
        text = self._translations.ngettext(key, key, n)
        if text == key:
            text = self._translations.gettext(key)
        return text.format(**values) if values else text


def domain_of(key: str) -> str:
    """The catalog a key belongs in: coord.* coordinator, hours.* hours, job.* scheduler."""
    return DOMAIN_OF_PREFIX.get(key.split(".", 1)[0], DEFAULT_DOMAIN)


def _keys(node: ast.expr) -> list[str]:
    """The literal keys an argument can evaluate to: a string, or both sides of an if-else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    return []


def extract(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, str | tuple[str, str], list[str]]]:
    """Extractor: t("key") gives msgid key; t.plural("key", n) adds msgid_plural key.plural."""
    domain = options.get("domain") or os.environ.get("PRAATMAAT_DOMAIN")
    calls = [node for node in ast.walk(ast.parse(fileobj.read())) if isinstance(node, ast.Call)]
    for call in sorted(calls, key=lambda call: (call.lineno, call.col_offset)):
        func = call.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in keywords or not call.args:
            continue
        for key in _keys(call.args[0]):
            if key and not (domain and domain_of(key) != domain):
                plural = name == PLURAL_KEYWORD
                yield call.lineno, name, (key, key + PLURAL_SUFFIX) if plural else key, []
