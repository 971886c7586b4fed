"""Telegram's parse modes: HTML, MarkdownV2 and Markdown to text + entities, or its error."""

from __future__ import annotations

from tests.fake_telegram.entities import utf16_len
from tests.fake_telegram.parse_html import Html
from tests.fake_telegram.parse_markdown import Markdown, MarkdownV2
from tests.fake_telegram.records import JSON, ApiError


def parse_entities(text: str, parse_mode: str | None) -> tuple[str, list[JSON]]:
    """The plain text and entities Telegram makes of `text` in `parse_mode`."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return Html(text).parse()
    if mode == "markdownv2":
        return MarkdownV2(text).parse()
    if mode == "markdown":
        return Markdown(text).parse()
    raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r}")


def trim(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram trims surrounding whitespace of texts and captions; entities follow the trim."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    end = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept
