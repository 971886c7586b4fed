"""Sends paced to Telegram's limits once Telegram says they are reached, by every instance.

Telegram allows about one message a second in a chat and thirty a second in all, and answers
429 with retry_after beyond that. Waiting out each 429 alone keeps order but meets one on
nearly every send of a burst. After a 429 the bot is paced for a while: each send first books
its chat's slot and waits for it, then the bot's. The slots are in PostgreSQL when several
instances share one (`storage.pacing`), so together they stay under the limits.
"""

from __future__ import annotations

import asyncio
import time

from storage.crypto import Cipher
from storage.pacing import BOT, Slots

CHAT_GAP = 1.0  # seconds from one message's answer to the next message to that chat
BOT_GAP = 1 / 29.5  # seconds between two messages of the bot (Telegram: about 30 a second)
PACED_FOR = 60.0  # seconds a 429 keeps the bot paced
LOOK_EVERY = 1.0  # seconds between looks at whether another instance was told to slow down


class Pacer:
    """Books send slots while the bot is paced; learns of 429s here and at other instances."""

    def __init__(self, slots: Slots, cipher: Cipher) -> None:
        self._slots, self._cipher = slots, cipher
        self._paced_until = 0.0
        self._looked_at = float("-inf")

    def _key(self, chat_id: int | str) -> int:
        if isinstance(chat_id, str):
            return 0  # a "@channel" name: paced with the bot only, in one shared slot
        return self._cipher.key_number(chat_id)

    async def before_send(self, chat_id: int | str) -> bool:
        """Wait for this send's slot, if the bot is paced (then True)."""
        now = time.monotonic()
        if now >= self._paced_until and now - self._looked_at >= LOOK_EVERY:
            self._looked_at = now
            self._paced_until = now + await self._slots.paced()
        if now >= self._paced_until:
            return False
        # The chat's slot first, then the bot's: booked when due, so that one chat's slot a
        # second ahead never keeps the other chats waiting behind it.
        await asyncio.sleep(await self._slots.reserve(self._key(chat_id), CHAT_GAP))
        await asyncio.sleep(await self._slots.reserve(BOT, BOT_GAP))
        return True

    async def after_send(self, chat_id: int | str) -> None:
        """Count the chat's next slot from this answer: a send that went late moves it on."""
        await self._slots.hold(self._key(chat_id), CHAT_GAP)

    async def limited(self, chat_id: int | str, retry_after: float) -> None:
        """Telegram answered 429: hold this chat back, and pace every instance for a while."""
        self._paced_until = time.monotonic() + PACED_FOR
        await self._slots.limited(self._key(chat_id), retry_after, PACED_FOR)
