"""When the bot may send next: per chat and for the whole bot, in PostgreSQL or in this process.

Times in PostgreSQL are the database's clock, so instances with different clocks agree; each
call returns seconds from now. A chat's key is a keyed hash of its id, never the id.
"""

from __future__ import annotations

import time
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

BOT, PACED = -1, -2  # keys of the bot-wide slot and of "paced until"
_NOW = "extract(epoch FROM clock_timestamp())"
_RESERVE = text(
    f"WITH chat AS (SELECT GREATEST({_NOW}, COALESCE((SELECT next_at FROM send_slots"
    " WHERE key = :chat), 0)) AS earliest),"
    " bot AS (INSERT INTO send_slots (key, next_at)"
    f" SELECT {BOT}, earliest + :bot_gap FROM chat ON CONFLICT (key) DO UPDATE"
    " SET next_at = GREATEST(send_slots.next_at, EXCLUDED.next_at - :bot_gap) + :bot_gap"
    " RETURNING next_at - :bot_gap AS at),"
    " mine AS (INSERT INTO send_slots (key, next_at) SELECT :chat, at + :chat_gap FROM bot"
    " ON CONFLICT (key) DO UPDATE SET next_at = EXCLUDED.next_at)"
    f" SELECT at - {_NOW} FROM bot"
)
_PUSH = text(
    f"INSERT INTO send_slots (key, next_at) VALUES (:key, {_NOW} + :seconds)"
    " ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(send_slots.next_at, EXCLUDED.next_at)"
)
_PACED = text(f"SELECT next_at - {_NOW} FROM send_slots WHERE key = {PACED}")


class Slots(Protocol):
    """Reservations of send times."""

    async def reserve(self, chat: int, chat_gap: float, bot_gap: float) -> float:
        """Book the next send to `chat`; seconds to wait before making it."""

    async def hold(self, chat: int, seconds: float) -> None:
        """No send to `chat` for `seconds` from now (or longer, if booked so)."""

    async def limited(self, chat: int, retry_after: float, paced_for: float) -> None:
        """Telegram said wait: no send to `chat` for `retry_after`, pace all for `paced_for`."""

    async def paced(self) -> float:
        """Seconds the bot stays paced (0: not paced)."""


class SharedSlots:
    """Slots in PostgreSQL's send_slots table, shared by every instance."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def reserve(self, chat: int, chat_gap: float, bot_gap: float) -> float:
        """Book the next send to `chat`; seconds to wait before making it."""
        values = {"chat": chat, "chat_gap": chat_gap, "bot_gap": bot_gap}
        async with self._engine.connect() as connection:
            return float(await connection.scalar(_RESERVE, values) or 0.0)

    async def hold(self, chat: int, seconds: float) -> None:
        """No send to `chat` for `seconds` from now (or longer, if booked so)."""
        async with self._engine.connect() as connection:
            await connection.execute(_PUSH, {"key": chat, "seconds": seconds})

    async def limited(self, chat: int, retry_after: float, paced_for: float) -> None:
        """Telegram said wait: no send to `chat` for `retry_after`, pace all for `paced_for`."""
        async with self._engine.connect() as connection:
            await connection.execute(_PUSH, {"key": chat, "seconds": retry_after})
            await connection.execute(_PUSH, {"key": PACED, "seconds": paced_for})

    async def paced(self) -> float:
        """Seconds the bot stays paced (0: not paced)."""
        async with self._engine.connect() as connection:
            return max(0.0, float(await connection.scalar(_PACED) or 0.0))


class LocalSlots:
    """Slots in this process (SQLite: one instance)."""

    def __init__(self) -> None:
        self._next: dict[int, float] = {}

    async def reserve(self, chat: int, chat_gap: float, bot_gap: float) -> float:
        """Book the next send to `chat`; seconds to wait before making it."""
        now = time.monotonic()
        if len(self._next) > 10_000:  # chats last written to long ago need no slot
            self._next = {key: at for key, at in self._next.items() if at > now or key < 0}
        at = max(now, self._next.get(chat, 0.0), self._next.get(BOT, 0.0))
        self._next[BOT] = at + bot_gap
        self._next[chat] = at + chat_gap
        return at - now

    async def hold(self, chat: int, seconds: float) -> None:
        """No send to `chat` for `seconds` from now (or longer, if booked so)."""
        self._next[chat] = max(self._next.get(chat, 0.0), time.monotonic() + seconds)

    async def limited(self, chat: int, retry_after: float, paced_for: float) -> None:
        """Telegram said wait: no send to `chat` for `retry_after`, pace all for `paced_for`."""
        now = time.monotonic()
        self._next[chat] = max(self._next.get(chat, 0.0), now + retry_after)
        self._next[PACED] = max(self._next.get(PACED, 0.0), now + paced_for)

    async def paced(self) -> float:
        """Seconds the bot stays paced (0: not paced)."""
        return max(0.0, self._next.get(PACED, 0.0) - time.monotonic())
