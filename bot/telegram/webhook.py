"""Webhook mode: Telegram posts each update; it is answered once the update has been handled."""

from __future__ import annotations

import asyncio
import hmac
import logging
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import metrics
from bot.settings import Settings
from bot.telegram import incoming
from bot.telegram.health import Health
from bot.telegram.retry import failure
from bot.telegram.turns import Lines
from storage.crypto import Cipher
from storage.turns import Turns

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SHUTDOWN_SECONDS = 9.0  # on stop, updates in flight get this long to finish (exit within 10 s)
# Failures that a later attempt may not meet: answered 503, so Telegram sends the update again
# (the processed-update record stops doubles). Any other failure is the update's own: it is
# logged and answered 200, as polling does, so that it cannot come back for ever.
TRANSIENT = (
    DBAPIError,
    OSError,
    TimeoutError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)


class Webhook:
    """The endpoint Telegram posts to: the secret token first, then one update at a time."""

    def __init__(
        self, bot: Bot, dispatcher: Dispatcher, secret: str, lines: Lines | None = None
    ) -> None:
        self.bot, self.dispatcher, self.secret = bot, dispatcher, secret.encode()
        self.lines = lines
        self.context = {"dispatcher": dispatcher, "bots": [bot], **dispatcher.workflow_data}

    async def handle(self, request: web.Request) -> web.Response:
        """Refuse a wrong token (401), skip what can't be read, handle the rest."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            metrics.WEBHOOK_REFUSED.inc()
            return web.Response(status=401, text="Unauthorized")
        try:
            raw = incoming.loads(await request.read())
        except ValueError:
            metrics.skipped_update("unreadable")
            log.warning("skipped a webhook request that is not JSON")
            return web.Response()
        update = incoming.read(raw, self.bot)
        if update is None:
            return web.Response()
        if self.lines is None:
            return (await self._feed(update))[0]
        async with self.lines.turn(update) as held:
            if held is None:  # handled already, by this instance or another
                return web.Response()
            response, held.done = await self._feed(update)
            return response

    async def _feed(self, update: Update) -> tuple[web.Response, bool]:
        """Handle the update: 200 once its rows are committed, 503 if it should come again."""
        try:
            response = await self.dispatcher.feed_update(self.bot, update, **self.context)
            if isinstance(response, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, response)
        except TRANSIENT as error:
            log.error("update %d not handled yet: %s", update.update_id, failure(error))
            return web.Response(status=503), False
        except Exception as error:  # only the type: the message may quote what a student wrote
            log.error("update %d failed: %s", update.update_id, failure(error))
        return web.Response(), True


def lines_for(engine: AsyncEngine, cipher: Cipher) -> Lines | None:
    """Per-chat turns shared through PostgreSQL (where several instances may run), else None."""
    if engine.dialect.name != "postgresql":
        return None  # SQLite: one instance, whose ChatOrder keeps each chat's order
    return Lines(Turns(engine), cipher)


async def serve(
    bot: Bot,
    dispatcher: Dispatcher,
    settings: Settings,
    health: Health | None,
    stop: asyncio.Event,
    lines: Lines | None = None,
) -> None:
    """Take updates on WEBHOOK_PORT (with the health endpoints, if given) until `stop`."""
    app = web.Application()
    hook = Webhook(bot, dispatcher, settings.WEBHOOK_SECRET, lines)
    if lines is not None:
        await lines.start()
    app.router.add_post(urlsplit(settings.WEBHOOK_URL).path or "/", hook.handle)
    if health is not None:
        health.add_routes(app)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", settings.WEBHOOK_PORT).start()
    await dispatcher.emit_startup(bot=bot, **hook.context)
    await bot.set_webhook(
        settings.WEBHOOK_URL,
        secret_token=settings.WEBHOOK_SECRET,
        allowed_updates=dispatcher.resolve_used_update_types(),
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        if lines is not None:
            await lines.stop()
        await dispatcher.emit_shutdown(bot=bot, **hook.context)
