"""Long polling that keeps every update it read until it has been handled.

Telegram forgets every update below the `offset` of the next getUpdates call, and aiogram's own
polling moves that offset past a batch as soon as it has read it: a process killed while
handling the batch lost the updates in flight. Here a batch is first stored (encrypted, in
storage.inbound) and only then confirmed by the next getUpdates; a handled update's row is dropped
soon after. A restart handles the rows left behind first; the processed-update record drops the
ones whose handling had already committed, and updates Telegram sends again are skipped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update
from cryptography.fernet import InvalidToken

from bot.context import Context
from bot.telegram import incoming
from bot.telegram.retry import failure
from storage import inbound
from storage.polling_lock import AlreadyPolling

log = logging.getLogger(__name__)

DRAIN_SECONDS = 9.0  # on stop, updates in flight get this long to finish (exit within 10 s)
FORGET_EVERY = 1.0  # handled updates' rows are dropped in batches this often
RETRY_MAX = 30.0
CONFLICT = (
    "Telegram says another process is polling with this bot token: run one polling process, "
    "or several in webhook mode (WEBHOOK_URL)"
)


class Poller:
    """Fetches updates, keeps them, handles each as a task, and drops what is done."""

    def __init__(self, bot: Bot, dispatcher: Dispatcher, ctx: Context, limit: int, timeout: int):
        self.bot, self.dispatcher, self.ctx = bot, dispatcher, ctx
        self.limit, self.timeout = limit, timeout
        self.allowed = dispatcher.resolve_used_update_types()
        self.pending: dict[int, asyncio.Task[None]] = {}
        self.seen: set[int] = set()
        self.done: list[int] = []
        self.forgotten_at = time.monotonic()
        self.offset: int | None = None
        self.context = {"dispatcher": dispatcher, "bots": [bot], **dispatcher.workflow_data}

    async def run(self, stop: asyncio.Event) -> None:
        """Handle what a stopped process left, poll until `stop`, then finish what is in flight."""
        await self.dispatcher.emit_startup(bot=self.bot, **self.context)
        try:
            await self._replay()
            await self._poll(stop)
        finally:
            await self._drain()
            await self.dispatcher.emit_shutdown(bot=self.bot, **self.context)

    async def _replay(self) -> None:
        rows = await inbound.unfinished(self.ctx.sessions)
        unreadable = []
        for update_id, body in rows:
            try:
                data = self.ctx.cipher.decrypt(body)
            except InvalidToken:
                unreadable.append(update_id)
                continue
            self._start(Update.model_validate_json(data, context={"bot": self.bot}))
        if rows:
            log.warning("handling %d updates a stopped process left unfinished", len(rows))
        if unreadable:
            log.error("dropped %d kept updates no configured key can read", len(unreadable))
            await inbound.forget(self.ctx.sessions, unreadable)

    async def _poll(self, stop: asyncio.Event) -> None:
        stopping = asyncio.create_task(stop.wait())
        delay = 0.5
        try:
            while not stop.is_set():
                await self._forget_done()
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
                    raw = fetch.result()
                    fresh = [u for u in self._read(raw) if u.update_id not in self.seen]
                    await self._keep(fresh)
                except TelegramConflictError:
                    raise AlreadyPolling(CONFLICT) from None
                except Exception as error:  # Telegram or the database unreachable: retry
                    log.error("polling failed (%s), again in %.1f s", type(error).__name__, delay)
                    await asyncio.wait({stopping}, timeout=delay)
                    delay = min(delay * 2, RETRY_MAX)
                    continue
                delay = 0.5
                ids = [found for item in raw if (found := incoming.update_id(item)) is not None]
                if ids:
                    self.offset = max(ids) + 1
                for update in fresh:
                    self._start(update)
        finally:
            stopping.cancel()

    async def _fetch(self) -> list[object]:
        if self.offset is not None:
            self.seen = {update_id for update_id in self.seen if update_id >= self.offset}
        method = incoming.GetRawUpdates(
            offset=self.offset, timeout=self.timeout, allowed_updates=self.allowed
        )
        request_timeout = int((self.bot.session.timeout or 0) + self.timeout)
        return await self.bot(method, request_timeout=request_timeout)

    def _read(self, raw: list[object]) -> list[Update]:
        """The batch's updates that can be handled (the others are only confirmed)."""
        return [update for item in raw if (update := incoming.read(item, self.bot)) is not None]

    async def _keep(self, updates: list[Update]) -> None:
        """Store a batch before the next getUpdates tells Telegram it arrived."""
        encrypt = self.ctx.cipher.encrypt
        rows = [(u.update_id, encrypt(u.model_dump_json(exclude_unset=True))) for u in updates]
        await inbound.keep(self.ctx.sessions, rows)

    def _start(self, update: Update) -> None:
        update_id = update.update_id
        self.seen.add(update_id)
        task = asyncio.create_task(self._handle(update))
        self.pending[update_id] = task
        task.add_done_callback(lambda done: self._finished(update_id, done))

    def _finished(self, update_id: int, task: asyncio.Task[None]) -> None:
        self.pending.pop(update_id, None)
        if not task.cancelled():  # a cancelled one is kept, to be handled at the next start
            self.done.append(update_id)

    async def _handle(self, update: Update) -> None:
        # As in aiogram's polling, a failing handler is logged and its update counts as handled,
        # so one poisonous update cannot come back for ever. Only the error's type is logged:
        # its message may quote what a student wrote.
        try:
            response = await self.dispatcher.feed_update(self.bot, update, **self.context)
            if isinstance(response, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, response)
        except Exception as error:
            log.error("update %d failed: %s", update.update_id, failure(error))

    async def _forget_done(self, now: bool = False) -> None:
        if not self.done or (not now and time.monotonic() - self.forgotten_at < FORGET_EVERY):
            return
        done, self.done = self.done, []
        self.forgotten_at = time.monotonic()
        try:
            await inbound.forget(self.ctx.sessions, done)
        except Exception as error:  # kept rows only cost a harmless replay after a restart
            log.error("could not drop handled updates (%s)", type(error).__name__)

    async def _wait_for_room(self, stopping: asyncio.Task[bool]) -> None:
        await asyncio.wait(
            {*self.pending.values(), stopping}, timeout=1.0, return_when=asyncio.FIRST_COMPLETED
        )

    async def _drain(self) -> None:
        late: set[asyncio.Task[None]] = set()
        if self.pending:
            _, late = await asyncio.wait(set(self.pending.values()), timeout=DRAIN_SECONDS)
        for task in late:
            task.cancel()
        if late:
            log.warning("stopping with %d updates unfinished, kept for the next start", len(late))
        await self._forget_done(now=True)
        with suppress(Exception):  # confirm what was read, so Telegram does not send it again
            await self.bot(GetUpdates(offset=self.offset, timeout=0, limit=1))
