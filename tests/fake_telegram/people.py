"""The simulated side: chats the bot writes to, and users who write, tap and block."""

from __future__ import annotations

import copy
import re
from collections.abc import Awaitable, Generator, Sequence
from typing import TYPE_CHECKING, Any

from tests.fake_telegram.api import animation_document
from tests.fake_telegram.records import ChatMessage, Toast

if TYPE_CHECKING:
    from tests.fake_telegram.server import FakeTelegram

JSON = dict[str, Any]

BLOCKED = "bot was blocked by the user"
NEVER_STARTED = "bot can't initiate conversation with a user"
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


class FakeChat:
    """A chat the bot can write to: a user's private chat, a group or a supergroup."""

    def __init__(self, tg: FakeTelegram, raw: JSON) -> None:
        self.tg = tg
        self.raw = raw
        self.messages: list[ChatMessage] = []
        self.actions: list[str] = []
        self.blocked_reason: str | None = None
        self._by_id: dict[int, ChatMessage] = {}
        self._inbox: list[ChatMessage] = []
        self._next_message_id = 1
        self._cursor = 0

    @property
    def id(self) -> int:
        """The chat id (a user's id for private chats)."""
        return int(self.raw["id"])

    @property
    def type(self) -> str:
        """One of "private", "group", "supergroup" or "channel"."""
        return str(self.raw["type"])

    @property
    def label(self) -> str:
        """How failures name this chat."""
        name = self.raw.get("title") or self.raw.get("first_name") or ""
        return f"{self.type} chat {self.id} ({name})"

    @property
    def inbox(self) -> list[ChatMessage]:
        """Everything the bot sent here, in order."""
        return list(self._inbox)

    def new_message_id(self) -> int:
        """The next message id of this chat (shared by the bot's and the users' messages)."""
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    def add(self, message: ChatMessage) -> ChatMessage:
        """Store a new message and wake whoever waits for one."""
        self.messages.append(message)
        self._by_id[message.message_id] = message
        if message.from_bot:
            self._inbox.append(message)
        self.tg.signal.notify()
        return message

    def message(self, message_id: Any) -> ChatMessage | None:
        """The live (not deleted) message with this id."""
        try:
            message = self._by_id.get(int(message_id))
        except (TypeError, ValueError):
            return None
        return message if message is not None and not message.deleted else None

    def get(self, message: int | ChatMessage) -> ChatMessage:
        """A message of this chat by id or record; ValueError if it isn't there."""
        message_id = message.message_id if isinstance(message, ChatMessage) else message
        found = self._by_id.get(message_id)
        if found is None:
            raise ValueError(f"no message {message_id} in {self.label}")
        return found

    def unread(self) -> list[ChatMessage]:
        """Bot messages that `receives` has not returned or skipped yet (not consumed)."""
        return self._inbox[self._cursor :]

    def mark_read(self) -> list[ChatMessage]:
        """Consume every unread message; returns them."""
        unread = self.unread()
        self._cursor = len(self._inbox)
        return unread

    async def receives(self, containing: str | None = None, timeout: float = 5.0) -> ChatMessage:
        """The next unread bot message; with `containing`, the next whose text/caption has it."""
        found: list[ChatMessage] = []

        def arrived() -> bool:
            while self._cursor < len(self._inbox):
                message = self._inbox[self._cursor]
                self._cursor += 1
                if containing is None or containing.casefold() in message.body.casefold():
                    found.append(message)
                    return True
            return False

        if await self.tg.signal.wait_until(arrived, timeout):
            return found[0]
        wanted = f"containing {containing!r}" if containing else ""
        raise AssertionError(self.report(f"no new message {wanted} within {timeout}s"))

    async def nothing_more(self, within: float = 0.3) -> None:
        """Assert nothing unread is here, nor arrives within `within` seconds."""
        if await self.tg.signal.wait_until(lambda: bool(self.unread()), within):
            raise AssertionError(self.report(f"expected nothing more, got {self.unread()}"))

    async def edited(
        self, message: int | ChatMessage, containing: str | None = None, timeout: float = 5.0
    ) -> ChatMessage:
        """Wait until the bot has edited `message` (to a text/caption containing `containing`)."""
        target = self.get(message)

        def done() -> bool:
            if containing is not None:
                return containing.casefold() in target.body.casefold()
            return target.edited

        if await self.tg.signal.wait_until(done, timeout):
            return target
        wanted = f" to contain {containing!r}" if containing else ""
        raise AssertionError(self.report(f"{target!r} was not edited{wanted} within {timeout}s"))

    def menu(self, language_code: str | None = None, user_id: int | None = None) -> dict[str, str]:
        """The command menu Telegram shows here, {command: description}, by scope precedence."""
        if self.type == "private":
            scopes = [("chat", self.id, None), ("all_private_chats", None, None)]
        else:
            member = [("chat_member", self.id, user_id)] if user_id else []
            scopes = [*member, ("chat", self.id, None), ("all_group_chats", None, None)]
        scopes.append(("default", None, None))
        language = (language_code or "").split("-")[0].lower()
        languages = [language, ""] if language else [""]
        for scope in scopes:
            for code in languages:
                commands = self.tg.commands.get((scope, code))
                if commands:
                    return {c["command"]: c["description"] for c in commands}
        return {}

    def keyboard(self) -> list[list[str]] | None:
        """The reply keyboard shown now (rows of texts), or None if none or removed."""
        for message in reversed(self._inbox):
            markup = message.reply_markup or {}
            if "keyboard" in markup:
                return [[button["text"] for button in row] for row in markup["keyboard"]]
            if markup.get("remove_keyboard"):
                return None
        return None

    def report(self, problem: str) -> str:
        """An assertion message with this chat's recent messages and the bot's recent API errors."""
        recent = "\n".join(f"  {m!r}" for m in self.messages[-10:]) or "  (none)"
        errors = "\n".join(
            f"  {f.call.method} → {f.error_code} {f.description}" for f in self.tg.failures[-5:]
        )
        return f"{self.label}: {problem}\nlast messages (oldest first):\n{recent}" + (
            f"\nrecent API errors:\n{errors}" if errors else ""
        )


class _Done:
    """An action that already happened; awaiting it is allowed but not needed."""

    def __await__(self) -> Generator[None, None, None]:
        yield from ()


class FakeUser:
    """A simulated Telegram user: writes to the bot, taps buttons, blocks it, reads replies."""

    def __init__(
        self,
        tg: FakeTelegram,
        *,
        id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
        phone: str | None,
        started: bool,
    ) -> None:
        self.tg = tg
        self.id = id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.phone = phone
        self.toasts: list[Toast] = []
        self.last_query_id: str | None = None
        chat: JSON = {"id": id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
        self.chat = FakeChat(tg, chat)
        if not started:
            self.chat.blocked_reason = NEVER_STARTED

    def __repr__(self) -> str:
        return f"<FakeUser {self.id} {self.first_name}>"

    @property
    def raw(self) -> JSON:
        """The user as a Bot API User."""
        raw: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                raw[key] = getattr(self, key)
        return raw

    @property
    def blocked(self) -> bool:
        """Whether this user has blocked the bot."""
        return self.chat.blocked_reason == BLOCKED

    @property
    def inbox(self) -> list[ChatMessage]:
        """Everything the bot sent to this user, in order."""
        return self.chat.inbox

    @property
    def sent(self) -> list[ChatMessage]:
        """Everything this user wrote in their private chat."""
        return [m for m in self.chat.messages if not m.from_bot]

    def unread(self) -> list[ChatMessage]:
        """Bot messages not yet returned by `receives` (not consumed)."""
        return self.chat.unread()

    def mark_read(self) -> list[ChatMessage]:
        """Consume every unread message; returns them."""
        return self.chat.mark_read()

    async def receives(self, containing: str | None = None, timeout: float = 5.0) -> ChatMessage:
        """The next unread bot message; with `containing`, the next whose text/caption has it."""
        return await self.chat.receives(containing, timeout)

    async def nothing_more(self, within: float = 0.3) -> None:
        """Assert the bot sends this user nothing more within `within` seconds."""
        await self.chat.nothing_more(within)

    async def edited(
        self, message: int | ChatMessage, containing: str | None = None, timeout: float = 5.0
    ) -> ChatMessage:
        """Wait until the bot has edited `message` (to contain `containing`)."""
        return await self.chat.edited(message, containing, timeout)

    def menu(self, language_code: str | None = None) -> dict[str, str]:
        """The command menu this user sees in their chat with the bot."""
        return self.chat.menu(language_code or self.language_code)

    def keyboard(self) -> list[list[str]] | None:
        """The reply keyboard shown to this user now."""
        return self.chat.keyboard()

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
        if entities is None and (match := _COMMAND.match(text)):
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

    async def edit(self, message: int | ChatMessage, new_text: str) -> ChatMessage:
        """Edit one of this user's messages: its text, or its caption for media."""
        chat = self.chat if isinstance(message, int) else self.tg.chats[message.chat_id]
        target = chat.get(message)
        if target.from_bot or target.raw["from"]["id"] != self.id:
            raise ValueError(f"{target!r} was not written by {self!r}")
        new_raw = copy.deepcopy(target.raw)
        key, entities_key = (
            ("text", "entities") if "text" in new_raw else ("caption", "caption_entities")
        )
        new_raw[key] = new_text
        new_raw.pop(entities_key, None)
        if key == "text" and (match := _COMMAND.match(new_text)):
            new_raw["entities"] = [{"type": "bot_command", "offset": 0, "length": match.end()}]
        self.tg.record_edit(target, new_raw, by_bot=False)
        self.tg.enqueue("edited_message", target.raw)
        return target

    async def press(
        self,
        button_text: str | None = None,
        *,
        callback_data: str | None = None,
        message: int | ChatMessage | None = None,
        chat: FakeChat | None = None,
    ) -> str:
        """Tap an inline button of the newest bot message that has it; returns the query id."""
        chat = self._writable(chat)
        candidates = [chat.get(message)] if message is not None else list(reversed(chat.inbox))
        for candidate in candidates:
            if candidate.deleted:
                continue
            button = _find_button(candidate, button_text, callback_data)
            if button is not None:
                break
        else:
            wanted = button_text or callback_data or "any button"
            raise AssertionError(chat.report(f"{self!r} found no inline button {wanted!r}"))
        if "callback_data" not in button:
            raise AssertionError(f"button {button['text']!r} is not a callback button: {button}")
        query_id = self.tg.open_query(self)
        self.last_query_id = query_id
        query = {
            "id": query_id,
            "from": self.raw,
            "message": candidate.raw,
            "chat_instance": str(-(chat.id * 7919 + self.tg.bot_id)),
            "data": button["callback_data"],
        }
        self.tg.enqueue("callback_query", query)
        return query_id

    def record_toast(
        self, query_id: str, text: str | None, show_alert: bool, url: str | None
    ) -> None:
        """Keep the bot's answer to one of this user's presses."""
        self.toasts.append(Toast(query_id, text, show_alert, url))

    async def toast(self, query_id: str | None = None, timeout: float = 5.0) -> Toast:
        """Wait for the bot's answer to a press (by default the latest)."""
        wanted = query_id or self.last_query_id

        def answered() -> Toast | None:
            return next((t for t in self.toasts if t.query_id == wanted), None)

        await self.tg.wait_for(
            lambda: answered() is not None, timeout, f"an answer to {self!r}'s press {wanted}"
        )
        toast = answered()
        assert toast is not None
        return toast

    def block(self, *, notify: bool = False) -> Awaitable[None]:
        """Block the bot: sends to this chat fail with 403; `notify` queues a my_chat_member."""
        self.chat.blocked_reason = BLOCKED
        if notify:
            self._member_update("member", "kicked")
        return _Done()

    def unblock(self, *, notify: bool = False) -> Awaitable[None]:
        """Unblock the bot; `notify` queues a my_chat_member update back to "member"."""
        self.chat.blocked_reason = None
        if notify:
            self._member_update("kicked", "member")
        return _Done()

    def _member_update(self, old: str, new: str) -> None:
        bot = self.tg.bot_user

        def member(status: str) -> JSON:
            return {
                "status": status,
                "user": bot,
                **({"until_date": 0} if status == "kicked" else {}),
            }

        self.tg.enqueue(
            "my_chat_member",
            {
                "chat": self.chat.raw,
                "from": self.raw,
                "date": self.tg.date(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

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


def _find_button(message: ChatMessage, text: str | None, data: str | None) -> JSON | None:
    """The inline button of `message` matching text (exact, else the only loose match) or data."""
    rows = (message.raw.get("reply_markup") or {}).get("inline_keyboard") or []
    buttons = [button for row in rows for button in row]
    if data is not None:
        buttons = [b for b in buttons if b.get("callback_data") == data]
    if text is not None:
        exact = [b for b in buttons if b["text"] == text]
        buttons = exact or [b for b in buttons if text.casefold() in b["text"].casefold()]
    if len(buttons) > 1 and (text is not None or data is not None):
        raise AssertionError(f"{len(buttons)} buttons match {text or data!r} in {message!r}")
    if len(buttons) > 1:
        raise AssertionError(f"say which button to press in {message!r}")
    return buttons[0] if buttons else None
