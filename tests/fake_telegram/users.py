"""FakeUser: a simulated user who reads the bot's replies, edits, taps buttons, blocks it."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Generator
from typing import TYPE_CHECKING

from tests.fake_telegram.chats import BLOCKED, NEVER_STARTED, FakeChat
from tests.fake_telegram.records import JSON, ChatMessage, Toast
from tests.fake_telegram.writing import COMMAND, Writing

if TYPE_CHECKING:
    from tests.fake_telegram.server import FakeTelegram


class _Done:
    """An action that already happened; awaiting it is allowed but not needed."""

    def __await__(self) -> Generator[None, None, None]:
        yield from ()


class FakeUser(Writing):
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
        if key == "text" and (match := COMMAND.match(new_text)):
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
