"""Plain text with entities: UTF-16 offsets, building it while parsing, the parse error."""

from __future__ import annotations

from typing import Any

from tests.fake_telegram.records import JSON, ApiError


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def cannot_parse(detail: str) -> ApiError:
    """The 400 Telegram answers for markup it cannot parse."""
    return ApiError(400, f"Bad Request: can't parse entities: {detail}")


class EntityBuilder:
    """Plain text being built, with entity offsets counted in UTF-16 code units."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[JSON] = []

    def add(self, text: str) -> None:
        """Append plain text."""
        self.parts.append(text)
        self.offset += utf16_len(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        """Close an entity that began at `start`; empty entities vanish as in Telegram."""
        if self.offset > start:
            self.entities.append({"type": kind, "offset": start, "length": self.offset - start})
            self.entities[-1].update(extra)

    def byte_offset(self, index: int) -> int:
        """The UTF-8 byte offset of a source index, as Telegram reports positions."""
        return len(self.source[:index].encode())

    def result(self) -> tuple[str, list[JSON]]:
        """The text and its entities ordered by position."""
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities
