"""Long polling that confirms an update to Telegram only once it has been handled.

Telegram forgets every update below the `offset` of the next getUpdates call. aiogram's own
polling moves the offset past a batch as soon as it has read it, so a process killed while
handling that batch loses the updates in flight. Here the offset stays at the oldest update still
being handled: a restart gets those again from Telegram, and the processed-update record drops the
ones whose handling had already committed. Updates re-sent while still in flight are skipped.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update

log = logging.getLogger(__name__)

DRAIN_SECONDS = 9.0  # on stop, updates in flight get this long to finish (exit within 10 s)
BUSY_WAIT = 0.05  # while updates are in flight, poll again this often for new ones
RETRY_MAX = 30.0


class Poller:
    """Fetches updates, handles each as a task, and confirms only what is done."""

    def __init__(self, bot: Bot, dispatcher: Dispatcher, limit: int, timeout: int) -> None:
        self.bot, self.dispatcher = bot, dispatcher
        self.limit, self.timeout = limit, timeout
        self.allowed = dispatcher.resolve_used_update_types()
        self.pending: dict[int, asyncio.Task[None]] = {}
        self.seen: set[int] = set()
        self.highest: int | None = None
        self.context = {"dispatcher": dispatcher, "bots": [bot], **dispatcher.workflow_data}

    def offset(self) -> int | None:
        """The oldest update not yet handled, or the one after the newest seen."""
        if self.pending:
            return min(self.pending)
        return None if self.highest is None else self.highest + 1

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set, then let the updates in flight finish."""
        await self.dispatcher.emit_startup(bot=self.bot, **self.context)
        try:
            await self._poll(stop)
        finally:
            await self._drain()
            await self.dispatcher.emit_shutdown(bot=self.bot, **self.context)

    async def _poll(self, stop: asyncio.Event) -> None:
        stopping = asyncio.create_task(stop.wait())
        delay = 0.5
        try:
            while not stop.is_set():
                if len(self.pending) >= self.limit:
                    await self._wait_for_room(stopping)
                    continue
                fetch = asyncio.create_task(self._fetch())
                await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()
                    with suppress(asyncio.CancelledError):
                        await fetch
                    break
                try:
                    updates = fetch.result()
                except Exception as error:
                    log.error(
                        "getUpdates failed (%s); retrying in %.1f s", type(error).__name__, delay
                    )
                    await asyncio.wait({stopping}, timeout=delay)
                    delay = min(delay * 2, RETRY_MAX)
                    continue
                delay = 0.5
                fresh = [update for update in updates if update.update_id not in self.seen]
                for update in fresh:
                    self._start(update)
                if self.pending and not fresh:
                    await self._wait_for_room(stopping, BUSY_WAIT)
        finally:
            stopping.cancel()

    async def _fetch(self) -> list[Update]:
        offset = self.offset()
        if offset is not None:
            self.seen = {update_id for update_id in self.seen if update_id >= offset}
        # While updates are in flight Telegram would answer at once with them again, so a long
        # poll only happens when nothing is pending.
        timeout = 0 if self.pending else self.timeout
        method = GetUpdates(offset=offset, timeout=timeout, allowed_updates=self.allowed)
        request_timeout = int((self.bot.session.timeout or 0) + timeout) or None
        return await self.bot(method, request_timeout=request_timeout)

    def _start(self, update: Update) -> None:
        update_id = update.update_id
        self.seen.add(update_id)
        self.highest = update_id if self.highest is None else max(self.highest, update_id)
        task = asyncio.create_task(self._handle(update))
        self.pending[update_id] = task
        task.add_done_callback(lambda _: self.pending.pop(update_id, None))

    async def _handle(self, update: Update) -> None:
        # As in aiogram's polling, a failing handler is logged and its update counts as handled,
        # so one poisonous update cannot come back for ever. Only the error's type is logged:
        # its message may quote what a student wrote.
        try:
            response = await self.dispatcher.feed_update(self.bot, update, **self.context)
            if isinstance(response, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, response)
        except Exception as error:
            log.error("update %d failed: %s", update.update_id, type(error).__name__)

    async def _wait_for_room(self, stopping: asyncio.Task[bool], timeout: float = 1.0) -> None:
        await asyncio.wait(
            {*self.pending.values(), stopping}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )

    async def _drain(self) -> None:
        late: set[asyncio.Task[None]] = set()
        if self.pending:
            _, late = await asyncio.wait(set(self.pending.values()), timeout=DRAIN_SECONDS)
        for task in late:
            task.cancel()
        if late:
            log.warning("stopped with %d updates unfinished; Telegram sends them again", len(late))
        with suppress(Exception):  # confirm what was handled; a restart would only skip it
            await self.bot(GetUpdates(offset=self.offset(), timeout=0, limit=1))
