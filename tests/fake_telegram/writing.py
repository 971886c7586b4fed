"""What a simulated user writes: texts, commands, replies, media, albums, places, polls."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tests.fake_telegram.chats import NEVER_STARTED, FakeChat
from tests.fake_telegram.files import animation_document
from tests.fake_telegram.records import JSON, ChatMessage

if TYPE_CHECKING:
    from tests.fake_telegram.server import FakeTelegram

COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


class Writing:
    """FakeUser's messages to the bot: each is stored in its chat and queued as an update."""

    # provided by FakeUser
    tg: FakeTelegram
    id: int
    first_name: str
    last_name: str | None
    phone: str | None
    chat: FakeChat
    raw: JSON
    blocked: bool

    async def send(
        self,
        text: str,
        *,
        entities: list[JSON] | None = None,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Write a text message (a leading /command gets its bot_command entity)."""
        content: JSON = {"text": text}
        if entities is None and (match := COMMAND.match(text)):
            entities = [{"type": "bot_command", "offset": 0, "length": match.end()}]
        if entities:
            content["entities"] = entities
        return self._write(content, chat=chat, reply_to=reply_to)

    async def command(
        self, name: str, payload: str | None = None, *, chat: FakeChat | None = None
    ) -> ChatMessage:
        """Send "/name payload" as Telegram does for a tapped command or a deep link."""
        text = f"/{name} {payload}" if payload else f"/{name}"
        entities = [{"type": "bot_command", "offset": 0, "length": len(name) + 1}]
        return await self.send(text, entities=entities, chat=chat)

    async def reply(
        self, to: int | ChatMessage, text: str, *, chat: FakeChat | None = None
    ) -> ChatMessage:
        """Answer a message of the chat (which may be one the bot sent) with a text."""
        return await self.send(text, reply_to=to, chat=chat)

    async def send_photo(
        self,
        caption: str | None = None,
        *,
        data: bytes | None = None,
        has_spoiler: bool = False,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a photo (three sizes, like Telegram)."""
        content = self._media("photo", caption, data)
        if has_spoiler:
            content["has_media_spoiler"] = True
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_voice(
        self,
        duration: int = 3,
        *,
        caption: str | None = None,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a voice note."""
        content = self._media("voice", caption, None, duration=duration)
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_audio(
        self,
        duration: int = 120,
        *,
        title: str | None = None,
        performer: str | None = None,
        caption: str | None = None,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a music file."""
        content = self._media(
            "audio", caption, None, duration=duration, title=title, performer=performer
        )
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_video(
        self,
        duration: int = 5,
        *,
        caption: str | None = None,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a video."""
        content = self._media("video", caption, None, duration=duration)
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_video_note(
        self,
        duration: int = 5,
        *,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a round video message."""
        content = self._media("video_note", None, None, duration=duration)
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_sticker(
        self,
        emoji: str = "🙂",
        *,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a sticker."""
        content = self._media("sticker", None, None, emoji=emoji)
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_animation(
        self,
        caption: str | None = None,
        *,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a GIF (Telegram adds a document next to the animation)."""
        content = self._media("animation", caption, None)
        content["document"] = animation_document(content["animation"])
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_document(
        self,
        file_name: str = "notes.pdf",
        *,
        mime_type: str = "application/pdf",
        data: bytes | None = None,
        caption: str | None = None,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a file."""
        content = self._media("document", caption, data, file_name=file_name, mime_type=mime_type)
        return self._write(content, chat=chat, reply_to=reply_to)

    async def send_album(
        self,
        n: int = 3,
        kind: str = "photo",
        caption: str | None = None,
        *,
        reply_to: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> list[ChatMessage]:
        """Send `n` items sharing a media_group_id, back to back (caption on the first)."""
        group = str(20_000_000_000 + self.tg.new_id())
        return [
            self._write(
                self._media(kind, caption if index == 0 else None, None),
                chat=chat,
                reply_to=reply_to,
                media_group_id=group,
            )
            for index in range(n)
        ]

    async def send_contact(
        self,
        phone_number: str | None = None,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        user_id: int | None = None,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Share a contact; by default this user's own."""
        own = phone_number is None
        contact: JSON = {
            "phone_number": phone_number or self.phone or "+32470000000",
            "first_name": first_name or self.first_name,
        }
        if last_name or (own and self.last_name):
            contact["last_name"] = last_name or self.last_name
        if user_id or own:
            contact["user_id"] = user_id or self.id
        return self._write({"contact": contact}, chat=chat)

    async def send_location(
        self, latitude: float = 50.8798, longitude: float = 4.7005, *, chat: FakeChat | None = None
    ) -> ChatMessage:
        """Share a location."""
        return self._write({"location": {"latitude": latitude, "longitude": longitude}}, chat=chat)

    async def send_venue(
        self,
        title: str = "Universiteitsbibliotheek",
        address: str = "Mgr. Ladeuzeplein 21, Leuven",
        *,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Share a place."""
        location = {"latitude": 50.8789, "longitude": 4.7079}
        venue = {"location": location, "title": title, "address": address}
        return self._write({"venue": venue, "location": location}, chat=chat)

    async def send_poll(
        self,
        question: str = "Koffie?",
        options: Sequence[str] = ("Ja", "Nee"),
        *,
        chat: FakeChat | None = None,
    ) -> ChatMessage:
        """Send a poll."""
        poll = {
            "id": str(5_000_000_000 + self.tg.new_id()),
            "question": question,
            "options": [
                {"persistent_id": str(i), "text": text, "voter_count": 0}
                for i, text in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": True,
            "members_only": False,
        }
        return self._write({"poll": poll}, chat=chat)

    async def send_dice(
        self, emoji: str = "🎲", value: int = 4, *, chat: FakeChat | None = None
    ) -> ChatMessage:
        """Throw a die."""
        return self._write({"dice": {"emoji": emoji, "value": value}}, chat=chat)

    def _writable(self, chat: FakeChat | None) -> FakeChat:
        chat = chat or self.chat
        if chat is self.chat and self.blocked:
            raise RuntimeError(f"{self!r} has blocked the bot; call unblock() first")
        if chat is self.chat and chat.blocked_reason == NEVER_STARTED:
            chat.blocked_reason = None
        return chat

    def _media(self, kind: str, caption: str | None, data: bytes | None, **meta: Any) -> JSON:
        payload = data if data is not None else f"{kind} from {self.id}".encode()
        content: JSON = {kind: self.tg.store_file(kind, payload, **meta)}
        if caption:
            content["caption"] = caption
        return content

    def _write(
        self,
        content: JSON,
        *,
        chat: FakeChat | None = None,
        reply_to: int | ChatMessage | None = None,
        media_group_id: str | None = None,
    ) -> ChatMessage:
        chat = self._writable(chat)
        raw: JSON = {
            "message_id": chat.new_message_id(),
            "from": self.raw,
            "chat": dict(chat.raw),
            "date": self.tg.date(),
            **content,
        }
        if media_group_id:
            raw["media_group_id"] = media_group_id
        if reply_to is not None:
            target = chat.get(reply_to)
            raw["reply_to_message"] = {
                k: copy.deepcopy(v) for k, v in target.raw.items() if k != "reply_to_message"
            }
        message = chat.add(ChatMessage(chat.id, raw, from_bot=False))
        message.update_id = self.tg.enqueue("message", raw)["update_id"]
        return message
