"""The stand-in's world: people, their private chats with the bot, the messages, the files."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]
MEDIA_KINDS = ("photo", "document", "voice", "audio", "video", "video_note", "sticker", "animation")
CONTENT_KINDS = ("text", *MEDIA_KINDS, "contact", "location", "venue", "poll", "dice")
PHOTO_SIZES = ((90, 68), (320, 240), (1280, 960))


class ApiError(Exception):
    """A Bot API error answer, with Telegram's code and description."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code} {description}")
        self.code, self.description = code, description

    def body(self) -> JSON:
        """The JSON Telegram answers with."""
        return {"ok": False, "error_code": self.code, "description": self.description}


@dataclass(frozen=True)
class Person:
    """Someone with a Telegram account in the simulation."""

    id: int
    first_name: str
    last_name: str = ""
    language_code: str = "en"

    @property
    def raw(self) -> JSON:
        """The person as a Bot API User."""
        raw: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            raw["last_name"] = self.last_name
        raw["language_code"] = self.language_code
        return raw


@dataclass(eq=False)
class Message:
    """One message of a chat; `raw` is its current Bot API dict."""

    chat_id: int
    raw: JSON
    from_bot: bool
    copied_from: tuple[int, int] | None = None
    edited: bool = False

    @property
    def message_id(self) -> int:
        """The id within its chat."""
        return int(self.raw["message_id"])

    @property
    def kind(self) -> str:
        """ "text", "photo", "voice", …"""
        return next((kind for kind in CONTENT_KINDS if kind in self.raw), "unknown")

    @property
    def body(self) -> str:
        """The text or the caption."""
        return str(self.raw.get("text") or self.raw.get("caption") or "")

    @property
    def buttons(self) -> list[list[JSON]]:
        """The inline keyboard's rows."""
        return list((self.raw.get("reply_markup") or {}).get("inline_keyboard") or [])


class Chat:
    """A person's private chat with the bot (its id is the person's id)."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self.raw: JSON = {"id": person.id, "type": "private", "first_name": person.first_name}
        self.messages: dict[int, Message] = {}
        self._ids = itertools.count(1)

    @property
    def id(self) -> int:
        """The chat id."""
        return self.person.id

    def add(self, raw: JSON, from_bot: bool, copied_from: tuple[int, int] | None = None) -> Message:
        """A new message with the chat's next id."""
        raw = {"message_id": next(self._ids), "chat": dict(self.raw), **raw}
        message = Message(self.id, raw, from_bot, copied_from)
        self.messages[message.message_id] = message
        return message

    def get(self, message_id: object) -> Message | None:
        """The message with this id, if there is one."""
        try:
            return self.messages.get(int(str(message_id)))
        except ValueError:
            return None


@dataclass(frozen=True)
class StoredFile:
    """A file Telegram would keep: what a message shows of it, and its bytes."""

    file_id: str
    kind: str
    data: bytes
    mime_type: str


class Files:
    """Every file sent in the simulation, by file id."""

    def __init__(self) -> None:
        self._files: dict[str, StoredFile] = {}
        self._numbers = itertools.count(1)

    def store(self, kind: str, data: bytes, mime_type: str, **meta: Any) -> Any:
        """Keep a file; returns the message field for it (a list of sizes for a photo)."""
        number = next(self._numbers)
        if kind == "photo":
            sizes = [
                {
                    "file_id": f"photo-{number}-{width}",
                    "file_unique_id": f"uphoto-{number}-{width}",
                    "width": width,
                    "height": height,
                    "file_size": len(data),
                }
                for width, height in PHOTO_SIZES
            ]
            for size in sizes:
                self._files[size["file_id"]] = StoredFile(size["file_id"], kind, data, mime_type)
            return sizes
        media = {
            "file_id": f"{kind}-{number}",
            "file_unique_id": f"u{kind}-{number}",
            "mime_type": mime_type,
            "file_size": len(data),
            **meta,
        }
        self._files[media["file_id"]] = StoredFile(media["file_id"], kind, data, mime_type)
        return media

    def get(self, file_id: str) -> StoredFile | None:
        """A stored file."""
        return self._files.get(file_id)


def file_id_of(message: Message) -> str | None:
    """The file of a media message (a photo's largest size)."""
    value = message.raw.get(message.kind)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value.get("file_id") if isinstance(value, dict) else None
