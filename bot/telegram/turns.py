"""Webhook updates of one chat handled one at a time and in update_id order, across instances.

Telegram numbers updates in the order they happened and may post several of one chat at once,
to different instances. Each update waits in its chat's line (`storage.turns`): first for the
updates just before it to arrive somewhere (they may still be on the wire), then for the
chat's earlier ones to be done. An instance killed while holding an update holds nothing any
more (its lock died with its connection); Telegram sends the update again and it is taken.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from aiogram.types import Update

from bot.telegram.incoming import chat_of
from storage.crypto import Cipher
from storage.turns import Turn, Turns

log = logging.getLogger(__name__)

SPAN = 100  # Telegram has at most 100 webhook connections: an earlier update is this close
GAP_WAIT = 2.0  # seconds an update waits for the ids just before it before they count as none
PATIENCE = 30.0  # seconds before an earlier update that no live instance has stops holding on
RECHECK = 0.2  # seconds between checks when no notification comes


class Lines:
    """This instance's updates waiting for, and holding, their turn."""

    def __init__(self, turns: Turns, cipher: Cipher) -> None:
        self._turns, self._cipher = turns, cipher
        self._wakers: dict[int, set[asyncio.Event]] = {}

    async def start(self) -> None:
        """Join the shared turns (the liveness lock, notifications of finished updates)."""
        await self._turns.start(self._wake)

    async def stop(self) -> None:
        """Leave the shared turns."""
        await self._turns.stop()

    def _wake(self, key: int) -> None:
        for waker in self._wakers.get(key, ()):
            waker.set()

    @asynccontextmanager
    async def turn(self, update: Update) -> AsyncIterator[Held | None]:
        """Hold the update's turn while the block runs; None: it was handled already."""
        chat = chat_of(update)
        if chat is None:
            yield Held()
            return
        key = self._cipher.key_number(chat)
        if not await self._wait(update.update_id, key):
            yield None
            return
        held = Held()
        try:
            yield held
        finally:
            await asyncio.shield(self._turns.release(update.update_id, key, done=held.done))

    async def _wait(self, update_id: int, key: int) -> bool:
        missing = await self._turns.arrive(update_id, key, SPAN)
        started = time.monotonic()
        gaps_checked = not missing
        waker = asyncio.Event()
        self._wakers.setdefault(key, set()).add(waker)
        try:
            while True:
                waited = time.monotonic() - started
                if not gaps_checked:
                    await asyncio.sleep(0.01)
                    missing = await self._turns.missing(update_id, SPAN)
                    if missing and waited >= GAP_WAIT:
                        await self._turns.fill(missing)
                    gaps_checked = not missing or waited >= GAP_WAIT
                if gaps_checked:
                    waker.clear()
                    found = await self._turns.take(update_id, in_order=waited < PATIENCE)
                    if found is Turn.TAKEN:
                        if waited >= PATIENCE:
                            log.warning(
                                "update %d started after %.0f s in its chat's line",
                                update_id,
                                waited,
                            )
                        return True
                    if found is Turn.DONE:
                        return False
                    await _within(waker, RECHECK)
        finally:
            self._wakers[key].discard(waker)
            if not self._wakers[key]:
                del self._wakers[key]


class Held:
    """An update's turn: `done` once handled (or failed for good), else it is given back."""

    done = False


async def _within(event: asyncio.Event, seconds: float) -> None:
    with suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)
