"""FakeChat: a chat's messages, what the bot sent there, and the waits and assertions on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fake_telegram.records import JSON, ChatMessage

if TYPE_CHECKING:
    from tests.fake_telegram.server import FakeTelegram

BLOCKED = "bot was blocked by the user"
NEVER_STARTED = "bot can't initiate conversation with a user"


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
