"""Telegram's parse modes: HTML, MarkdownV2 and Markdown to text + entities, or its error."""

from __future__ import annotations

import re
from typing import Any

from tests.fake_telegram.records import ApiError

JSON = dict[str, Any]

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ATTRIBUTE = re.compile(r"""([A-Za-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_MARKDOWN_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MARKDOWN_V2_TOGGLES = (
    ("||", "spoiler", "Spoiler"),
    ("__", "underline", "Underline"),
    ("*", "bold", "Bold"),
    ("_", "italic", "Italic"),
    ("~", "strikethrough", "Strikethrough"),
)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_entities(text: str, parse_mode: str | None) -> tuple[str, list[JSON]]:
    """The plain text and entities Telegram makes of `text` in `parse_mode`."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return _Html(text).parse()
    if mode == "markdownv2":
        return _MarkdownV2(text).parse()
    if mode == "markdown":
        return _Markdown(text).parse()
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


def _cannot_parse(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {detail}")


class _Output:
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


class _Html(_Output):
    """Telegram's HTML subset: a strict parser, not a browser."""

    def parse(self) -> tuple[str, list[JSON]]:
        """Parse the whole source."""
        source = self.source
        stack: list[tuple[str, int, dict[str, str]]] = []
        index = 0
        while index < len(source):
            char = source[index]
            if char == "<":
                index = self._tag(index, stack)
            elif char == "&" and (match := _HTML_ENTITY.match(source, index)):
                self.add(_html_unescape(match.group(1)))
                index = match.end()
            else:
                self.add(char)
                index += 1
        if stack:
            raise _cannot_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
        return self.result()

    def _tag(self, index: int, stack: list[tuple[str, int, dict[str, str]]]) -> int:
        end = self.source.find(">", index)
        position = self.byte_offset(index)
        if end < 0:
            raise _cannot_parse(f"Unclosed start tag at byte offset {position}")
        inner = self.source[index + 1 : end]
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise _cannot_parse(f"Unexpected end tag at byte offset {position}")
            opened, start, attributes = stack.pop()
            if name != opened:
                raise _cannot_parse(
                    f'Unmatched end tag at byte offset {position}, expected "</{opened}>", '
                    f'found "</{name}>"'
                )
            self._close(opened, start, attributes, stack)
            return end + 1
        name, _, rest = inner.replace("\n", " ").replace("\t", " ").partition(" ")
        name = name.lower()
        if name not in _HTML_TAGS:
            raise _cannot_parse(f'Unsupported start tag "{name}" at byte offset {position}')
        attributes = {
            match.group(1).lower(): _html_text(next((g for g in match.groups()[1:] if g), ""))
            for match in _HTML_ATTRIBUTE.finditer(rest)
        }
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise _cannot_parse('Tag "span" must have class "tg-spoiler"')
        stack.append((name, self.offset, attributes))
        return end + 1

    def _close(
        self,
        name: str,
        start: int,
        attributes: dict[str, str],
        stack: list[tuple[str, int, dict[str, str]]],
    ) -> None:
        kind = _HTML_TAGS[name]
        language = attributes.get("class", "").removeprefix("language-")
        if kind == "code" and stack and stack[-1][0] == "pre" and language:
            stack[-1][2]["language"] = language
        elif kind == "text_link":
            if href := attributes.get("href"):
                self.entity("text_link", start, url=href)
        elif kind == "pre" and attributes.get("language"):
            self.entity("pre", start, language=attributes["language"])
        elif kind == "blockquote" and "expandable" in attributes:
            self.entity("expandable_blockquote", start)
        elif kind == "custom_emoji":
            self.entity("custom_emoji", start, custom_emoji_id=attributes.get("emoji-id", ""))
        else:
            self.entity(kind, start)


def _html_unescape(name: str) -> str:
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _HTML_NAMED[name]


def _html_text(value: str) -> str:
    return _HTML_ENTITY.sub(lambda match: _html_unescape(match.group(1)), value)


class _MarkdownV2(_Output):
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
                raise _cannot_parse(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                self.add(char)
                index += 1
        if stack:
            _, title, _, position = stack[-1]
            raise _cannot_parse(
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
            raise _cannot_parse(
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
        raise _cannot_parse(
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
            raise _cannot_parse(
                "Character ']' is reserved and must be escaped with the preceding '\\'"
            )
        url, after = self._until(index + 2, ")", title, position)
        if kind == "custom_emoji":
            self.entity("custom_emoji", start, custom_emoji_id=url.rpartition("id=")[2])
        else:
            self.entity("text_link", start, url=url)
        return after


class _Markdown(_Output):
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
            raise _cannot_parse(
                f"Can't find end of the entity starting at byte offset {self.byte_offset(index)}"
            )
        start = self.offset
        self.add(self.source[index + len(marker) : end])
        self.entity(kind, start)
        return end + len(marker)
