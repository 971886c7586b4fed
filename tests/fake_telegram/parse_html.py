"""Telegram's HTML parse mode: its strict tag subset to plain text and entities."""

from __future__ import annotations

import re

from tests.fake_telegram.entities import EntityBuilder, cannot_parse
from tests.fake_telegram.records import JSON

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


class Html(EntityBuilder):
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
            raise cannot_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
        return self.result()

    def _tag(self, index: int, stack: list[tuple[str, int, dict[str, str]]]) -> int:
        end = self.source.find(">", index)
        position = self.byte_offset(index)
        if end < 0:
            raise cannot_parse(f"Unclosed start tag at byte offset {position}")
        inner = self.source[index + 1 : end]
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise cannot_parse(f"Unexpected end tag at byte offset {position}")
            opened, start, attributes = stack.pop()
            if name != opened:
                raise cannot_parse(
                    f'Unmatched end tag at byte offset {position}, expected "</{opened}>", '
                    f'found "</{name}>"'
                )
            self._close(opened, start, attributes, stack)
            return end + 1
        name, _, rest = inner.replace("\n", " ").replace("\t", " ").partition(" ")
        name = name.lower()
        if name not in _HTML_TAGS:
            raise cannot_parse(f'Unsupported start tag "{name}" at byte offset {position}')
        attributes = {
            match.group(1).lower(): _html_text(next((g for g in match.groups()[1:] if g), ""))
            for match in _HTML_ATTRIBUTE.finditer(rest)
        }
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise cannot_parse('Tag "span" must have class "tg-spoiler"')
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
