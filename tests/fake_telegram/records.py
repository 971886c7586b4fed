"""What the fake remembers: calls, failures, messages, edits, toasts, files; and its API error."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

JSON = dict[str, Any]

MEDIA_KINDS = (
    "animation",
    "photo",
    "video",
    "video_note",
    "voice",
    "audio",
    "document",
    "sticker",
)
CONTENT_KINDS = ("text", *MEDIA_KINDS, "contact", "venue", "location", "poll", "dice")


class ApiError(Exception):
    """A Bot API error answer; the HTTP status equals `code`, as aiogram expects."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JSON:
        """The JSON Telegram answers with."""
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


class Call(NamedTuple):
    """One request the bot made: method as sent, decoded params, `time.monotonic()` on arrival."""

    method: str
    params: JSON
    time: float


class Failure(NamedTuple):
    """A call the fake answered with an error."""

    call: Call
    error_code: int
    description: str


class Edit(NamedTuple):
    """One change of a message's content or keyboard, by the bot or by the user."""

    chat_id: int
    message_id: int
    before: JSON
    after: JSON
    by_bot: bool
    time: float


@dataclass
class Toast:
    """The bot's answerCallbackQuery to one button press."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class StoredFile:
    """A file Telegram knows: what a message shows of it (`media`), its bytes and download path."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    media: Any
    file_path: str


@dataclass(eq=False)
class ChatMessage:
    """A message in a chat, from the bot or a simulated user; `raw` is its current Bot API dict."""

    chat_id: int
    raw: JSON
    from_bot: bool
    reply_markup: JSON | None = None
    update_id: int | None = None
    copied_from: tuple[int, int] | None = None
    deleted: bool = False
    history: list[JSON] = field(default_factory=list)

    @property
    def message_id(self) -> int:
        """The id within its chat."""
        return int(self.raw["message_id"])

    @property
    def kind(self) -> str:
        """The content type: "text", "photo", "voice", …, as aiogram names it."""
        return next((kind for kind in CONTENT_KINDS if kind in self.raw), "unknown")

    @property
    def text(self) -> str | None:
        """The text of a text message."""
        return self.raw.get("text")

    @property
    def caption(self) -> str | None:
        """The caption of a media message."""
        return self.raw.get("caption")

    @property
    def body(self) -> str:
        """Text or caption, whichever the message has, else ""."""
        return self.text or self.caption or ""

    @property
    def entities(self) -> list[JSON]:
        """Entities of the text or of the caption."""
        return list(self.raw.get("entities") or self.raw.get("caption_entities") or [])

    @property
    def media_group_id(self) -> str | None:
        """The album this message belongs to."""
        return self.raw.get("media_group_id")

    @property
    def reply_to_message_id(self) -> int | None:
        """The message (same chat) this one replies to."""
        reply = self.raw.get("reply_to_message")
        return int(reply["message_id"]) if reply else None

    @property
    def forwarded(self) -> bool:
        """Whether Telegram shows this as a forward (the bot must copy, never forward)."""
        return "forward_origin" in self.raw

    @property
    def edited(self) -> bool:
        """Whether the message was changed after it was sent."""
        return bool(self.history)

    @property
    def file_id(self) -> str | None:
        """The file of any media message (for photos the largest size)."""
        return next((fid for kind in MEDIA_KINDS if (fid := self._file_id(kind))), None)

    @property
    def photo(self) -> str | None:
        """File id of the largest photo size."""
        return self._file_id("photo")

    @property
    def voice(self) -> str | None:
        """File id of the voice note."""
        return self._file_id("voice")

    @property
    def audio(self) -> str | None:
        """File id of the audio."""
        return self._file_id("audio")

    @property
    def video(self) -> str | None:
        """File id of the video."""
        return self._file_id("video")

    @property
    def video_note(self) -> str | None:
        """File id of the video note."""
        return self._file_id("video_note")

    @property
    def sticker(self) -> str | None:
        """File id of the sticker."""
        return self._file_id("sticker")

    @property
    def animation(self) -> str | None:
        """File id of the GIF."""
        return self._file_id("animation")

    @property
    def document(self) -> str | None:
        """File id of the document (GIFs carry one too, as in Telegram)."""
        return self._file_id("document")

    @property
    def buttons(self) -> list[list[JSON]]:
        """Rows of buttons of the keyboard the bot attached (inline or reply keyboard)."""
        markup = self.reply_markup or {}
        return [list(row) for row in markup.get("inline_keyboard") or markup.get("keyboard") or []]

    @property
    def button_texts(self) -> list[str]:
        """Every button's text, row by row."""
        return [button["text"] for row in self.buttons for button in row]

    def button(self, text: str) -> JSON:
        """The button whose text equals `text`, else the only one containing it (ignoring case)."""
        buttons = [button for row in self.buttons for button in row]
        exact = [button for button in buttons if button["text"] == text]
        loose = [button for button in buttons if text.casefold() in button["text"].casefold()]
        found = exact or loose
        if len(found) != 1:
            raise AssertionError(f"{len(found)} buttons match {text!r} in {self!r}")
        return found[0]

    def _file_id(self, kind: str) -> str | None:
        value = self.raw.get(kind)
        if isinstance(value, list):
            value = value[-1] if value else None
        return value["file_id"] if value else None

    def __repr__(self) -> str:
        author = "bot" if self.from_bot else "user"
        flags = "".join(
            f" {flag}"
            for flag, on in (
                ("deleted", self.deleted),
                ("edited", self.edited),
                ("forwarded", self.forwarded),
            )
            if on
        )
        parts = [f"#{self.message_id} {author}→{self.chat_id} {self.kind}{flags}"]
        if self.body:
            body = self.body if len(self.body) <= 80 else self.body[:77] + "..."
            parts.append(repr(body))
        if self.button_texts:
            parts.append(f"buttons={self.button_texts}")
        return f"<{' '.join(parts)}>"


class Signal:
    """Wakes every waiter whenever the fake's state changes, so nothing polls or sleeps."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Something changed: let every waiter re-check its condition."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until `predicate()` holds (True) or `timeout` seconds pass (False)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._event
            try:
                async with asyncio.timeout(remaining):
                    await event.wait()
            except TimeoutError:
                return predicate()
        return True
