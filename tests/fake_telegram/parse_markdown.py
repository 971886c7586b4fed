"""Telegram's MarkdownV2 and legacy Markdown parse modes to plain text and entities."""

from __future__ import annotations

import re

from tests.fake_telegram.entities import EntityBuilder, cannot_parse
from tests.fake_telegram.records import JSON

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_MARKDOWN_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MARKDOWN_V2_TOGGLES = (
    ("||", "spoiler", "Spoiler"),
    ("__", "underline", "Underline"),
    ("*", "bold", "Bold"),
    ("_", "italic", "Italic"),
    ("~", "strikethrough", "Strikethrough"),
)


class MarkdownV2(EntityBuilder):
    """MarkdownV2: every reserved character outside markup must be escaped."""

    def parse(self) -> tuple[str, list[JSON]]:
        """Parse the whole source."""
        source = self.source
        stack: list[tuple[str, str, int, int]] = []
        quote_start: int | None = None
        index = 0
        while index < len(source):
            char = source[index]
            at_line_start = index == 0 or source[index - 1] == "\n"
            if char == "\\" and index + 1 < len(source):
                self.add(source[index + 1])
                index += 2
            elif char == ">" and at_line_start:
                if quote_start is None:
                    quote_start = self.offset
                index += 1
            elif char == "\n":
                if quote_start is not None and not source.startswith(">", index + 1):
                    self.entity("blockquote", quote_start)
                    quote_start = None
                self.add(char)
                index += 1
            elif char == "`":
                index = self._code(index)
            elif source.startswith("![", index):
                stack.append(("custom_emoji", "CustomEmoji", self.offset, index))
                index += 2
            elif char == "[":
                stack.append(("text_link", "TextUrl", self.offset, index))
                index += 1
            elif char == "]" and stack and stack[-1][0] in ("text_link", "custom_emoji"):
                index = self._link(index, stack.pop())
            elif toggle := next(
                (t for t in _MARKDOWN_V2_TOGGLES if source.startswith(t[0], index)), None
            ):
                self._toggle(toggle[1], toggle[2], index, stack)
                index += len(toggle[0])
            elif char in _MARKDOWN_V2_RESERVED:
                raise cannot_parse(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                self.add(char)
                index += 1
        if stack:
            _, title, _, position = stack[-1]
            raise cannot_parse(
                f"Can't find end of {title} entity at byte offset {self.byte_offset(position)}"
            )
        if quote_start is not None:
            self.entity("blockquote", quote_start)
        return self.result()

    def _toggle(
        self, kind: str, title: str, index: int, stack: list[tuple[str, str, int, int]]
    ) -> None:
        if not any(entry[0] == kind for entry in stack):
            stack.append((kind, title, self.offset, index))
            return
        top_kind, top_title, start, position = stack.pop()
        if top_kind != kind:
            raise cannot_parse(
                f"Can't find end of {top_title} entity at byte offset {self.byte_offset(position)}"
            )
        self.entity(kind, start)

    def _until(self, index: int, marker: str, title: str, opened_at: int) -> tuple[str, int]:
        """Unescaped text from `index` to the next unescaped `marker`, and the index after it."""
        source = self.source
        chars: list[str] = []
        while index < len(source):
            if source[index] == "\\" and index + 1 < len(source):
                chars.append(source[index + 1])
                index += 2
            elif source.startswith(marker, index):
                return "".join(chars), index + len(marker)
            else:
                chars.append(source[index])
                index += 1
        raise cannot_parse(
            f"Can't find end of {title} entity at byte offset {self.byte_offset(opened_at)}"
        )

    def _code(self, index: int) -> int:
        start = self.offset
        if self.source.startswith("```", index):
            body, after = self._until(index + 3, "```", "Pre", index)
            first, newline, rest = body.partition("\n")
            language = first.strip() if newline and first.strip() and " " not in first else ""
            self.add(rest if language else body)
            if language:
                self.entity("pre", start, language=language)
            else:
                self.entity("pre", start)
            return after
        body, after = self._until(index + 1, "`", "Code", index)
        self.add(body)
        self.entity("code", start)
        return after

    def _link(self, index: int, opened: tuple[str, str, int, int]) -> int:
        kind, title, start, position = opened
        if not self.source.startswith("(", index + 1):
            raise cannot_parse(
                "Character ']' is reserved and must be escaped with the preceding '\\'"
            )
        url, after = self._until(index + 2, ")", title, position)
        if kind == "custom_emoji":
            self.entity("custom_emoji", start, custom_emoji_id=url.rpartition("id=")[2])
        else:
            self.entity("text_link", start, url=url)
        return after


class Markdown(EntityBuilder):
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre``` and [text](url), no nesting."""

    def parse(self) -> tuple[str, list[JSON]]:
        """Parse the whole source."""
        source = self.source
        index = 0
        while index < len(source):
            char = source[index]
            if char == "\\" and index + 1 < len(source) and source[index + 1] in "_*`[":
                self.add(source[index + 1])
                index += 2
            elif source.startswith("```", index):
                index = self._span(index, "```", "pre")
            elif char in "*_`":
                index = self._span(index, char, {"*": "bold", "_": "italic", "`": "code"}[char])
            elif char == "[" and (match := _MARKDOWN_LINK.match(source, index)):
                start = self.offset
                self.add(match.group(1))
                self.entity("text_link", start, url=match.group(2))
                index = match.end()
            else:
                self.add(char)
                index += 1
        return self.result()

    def _span(self, index: int, marker: str, kind: str) -> int:
        end = self.source.find(marker, index + len(marker))
        if end < 0:
            raise cannot_parse(
                f"Can't find end of the entity starting at byte offset {self.byte_offset(index)}"
            )
        start = self.offset
        self.add(self.source[index + len(marker) : end])
        self.entity(kind, start)
        return end + len(marker)
