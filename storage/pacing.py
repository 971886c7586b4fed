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
    f"INSERT INTO send_slots AS s (key, next_at) VALUES (:key, {_NOW} + :gap)"
    f" ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(s.next_at, {_NOW}) + :gap"
    f" RETURNING next_at - :gap - {_NOW}"
)
_PUSH = text(
    f"INSERT INTO send_slots (key, next_at) VALUES (:key, {_NOW} + :seconds)"
    " ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(send_slots.next_at, EXCLUDED.next_at)"
)
_PACED = text(f"SELECT next_at - {_NOW} FROM send_slots WHERE key = {PACED}")


class Slots(Protocol):
    """Reservations of send times."""

    async def reserve(self, key: int, gap: float) -> float:
        """Book the next send of `key` (a chat, or BOT), `gap` before the one after; the wait."""

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

    async def reserve(self, key: int, gap: float) -> float:
        """Book the next send of `key` (a chat, or BOT), `gap` before the one after; the wait."""
        async with self._engine.connect() as connection:
            wait = await connection.scalar(_RESERVE, {"key": key, "gap": gap})
        return max(0.0, float(wait or 0.0))

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

    async def reserve(self, key: int, gap: float) -> float:
        """Book the next send of `key` (a chat, or BOT), `gap` before the one after; the wait."""
        now = time.monotonic()
        if len(self._next) > 10_000:  # chats last written to long ago need no slot
            self._next = {key: at for key, at in self._next.items() if at > now or key < 0}
        at = max(now, self._next.get(key, 0.0))
        self._next[key] = at + gap
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
