"""The Bot and Dispatcher: middlewares in order, the role routers, polling or the webhook."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import orjson
from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.context import Context
from bot.settings import Settings
from bot.telegram.first_contact import introduce
from bot.telegram.menus import install_defaults
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.polling import Poller
from bot.telegram.retry import RetryAfterMiddleware, keep_response_types
from handlers.middlewares.chat_order import ChatOrder
from handlers.middlewares.person_loader import PersonLoader
from handlers.middlewares.unit_of_work import UnitOfWork
from storage.polling_lock import polling_lock

# At most this many updates are handled at once; the rest wait at Telegram rather than piling
# up here (a backlog after downtime would otherwise outrun the database pool).
UPDATES_IN_FLIGHT = 100
POLLING_TIMEOUT = 10
# Open connections to the Bot API: each keeps buffers; Telegram allows ~30 messages/s per bot.
BOT_API_CONNECTIONS = 32


@dataclass(frozen=True)
class Link:
    """A connected bot: the Bot, its messenger and its username."""

    bot: Bot
    messenger: TelegramMessenger
    username: str


def make_bot(settings: Settings) -> Bot:
    """A Bot talking to TELEGRAM_API_URL (rate limits are waited out once it is connected)."""
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.TELEGRAM_API_URL),
        json_loads=orjson.loads,
        json_dumps=_json_text,
        limit=BOT_API_CONNECTIONS,
    )
    return Bot(token=settings.BOT_TOKEN, session=session)


def _json_text(value: object) -> str:
    """JSON for Bot API parameters (orjson: a few percent of the relay's CPU time saved)."""
    return orjson.dumps(value).decode()


@asynccontextmanager
async def connect(settings: Settings) -> AsyncIterator[Link]:
    """A Bot that knows who it is, with default menus (else StartupError); closed on the way out."""
    bot = make_bot(settings)
    response_types = keep_response_types()
    try:
        me = await introduce(bot, settings.TELEGRAM_API_URL)
        bot.session.middleware(RetryAfterMiddleware())
        await install_defaults(bot)
        yield Link(bot, TelegramMessenger(bot), me.username or "")
    finally:
        await bot.session.close()
        response_types.clear()


def make_dispatcher(ctx: Context, routers: Sequence[Router]) -> Dispatcher:
    """The dispatcher with per-chat ordering, the unit of work, and the routers in order."""
    dispatcher = Dispatcher(disable_fsm=True, ctx=ctx)
    dispatcher.update.outer_middleware(ChatOrder())
    unit_of_work, person_loader = UnitOfWork(), PersonLoader()
    for observer in (
        dispatcher.message,
        dispatcher.edited_message,
        dispatcher.callback_query,
        dispatcher.my_chat_member,
    ):
        observer.outer_middleware(unit_of_work)
        observer.middleware(person_loader)
    dispatcher.callback_query.middleware(CallbackAnswerMiddleware())
    dispatcher.include_routers(*routers)
    return dispatcher


async def serve(
    bot: Bot, dispatcher: Dispatcher, ctx: Context, engine: AsyncEngine, stop: asyncio.Event | None
) -> None:
    """Serve updates by webhook when WEBHOOK_URL is set, else by long polling, until `stop`."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    if ctx.settings.webhook_mode:
        await _serve_webhook(bot, dispatcher, ctx.settings, stop)
        return
    async with polling_lock(engine, ctx.settings.DATABASE_URL):
        await bot.delete_webhook(drop_pending_updates=False)
        await Poller(bot, dispatcher, ctx, UPDATES_IN_FLIGHT, POLLING_TIMEOUT).run(stop)


async def _serve_webhook(
    bot: Bot, dispatcher: Dispatcher, settings: Settings, stop: asyncio.Event
) -> None:
    app = web.Application()
    # Answered once handled: Telegram's own connection limit bounds the updates in flight, and an
    # update whose handling failed is sent again (the processed-update record stops doubles).
    SimpleRequestHandler(
        dispatcher=dispatcher,
        bot=bot,
        secret_token=settings.WEBHOOK_SECRET or None,
        handle_in_background=False,
    ).register(app, path=urlsplit(settings.WEBHOOK_URL).path or "/")
    setup_application(app, dispatcher, bot=bot)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", settings.WEBHOOK_PORT).start()
    await bot.set_webhook(
        settings.WEBHOOK_URL,
        secret_token=settings.WEBHOOK_SECRET or None,
        allowed_updates=dispatcher.resolve_used_update_types(),
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
