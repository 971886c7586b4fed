"""The Bot and Dispatcher: middlewares in order, the role routers, polling or the webhook."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

import orjson
from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.context import Context
from bot.settings import Settings
from bot.telegram import incoming, webhook
from bot.telegram.first_contact import introduce
from bot.telegram.health import Health, serving
from bot.telegram.menus import install_defaults
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.pacing import Pacer
from bot.telegram.polling import Poller
from bot.telegram.retry import ExpiredPresses, RetryAfterMiddleware, keep_response_types
from handlers.middlewares.chat_order import ChatOrder
from handlers.middlewares.person_loader import PersonLoader
from handlers.middlewares.unit_of_work import UnitOfWork
from handlers.middlewares.update_metrics import UpdateMetrics
from storage.crypto import Cipher
from storage.pacing import LocalSlots, SharedSlots
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
        json_loads=incoming.loads,
        json_dumps=_json_text,
        limit=BOT_API_CONNECTIONS,
    )
    bot = Bot(token=settings.BOT_TOKEN, session=session)
    bot.session.middleware(ExpiredPresses())
    return bot


def _json_text(value: object) -> str:
    """JSON for Bot API parameters (orjson: a few percent of the relay's CPU time saved)."""
    return orjson.dumps(value).decode()


@asynccontextmanager
async def connect(settings: Settings, pacer: Pacer | None = None) -> AsyncIterator[Link]:
    """A Bot that knows who it is, with default menus (else StartupError); closed on the way out."""
    bot = make_bot(settings)
    response_types = keep_response_types()
    try:
        me = await introduce(bot, settings.TELEGRAM_API_URL)
        bot.session.middleware(RetryAfterMiddleware(pacer))
        await install_defaults(bot)
        yield Link(bot, TelegramMessenger(bot), me.username or "")
    finally:
        await bot.session.close()
        response_types.clear()


def make_pacer(engine: AsyncEngine, cipher: Cipher) -> Pacer:
    """Send slots shared through PostgreSQL (several instances may run), else in this process."""
    shared = engine.dialect.name == "postgresql"
    return Pacer(SharedSlots(engine) if shared else LocalSlots(), cipher)


def make_dispatcher(ctx: Context, routers: Sequence[Router]) -> Dispatcher:
    """The dispatcher with per-chat ordering, the unit of work, and the routers in order."""
    dispatcher = Dispatcher(disable_fsm=True, ctx=ctx)
    dispatcher.update.outer_middleware(UpdateMetrics())
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
    bot: Bot,
    dispatcher: Dispatcher,
    ctx: Context,
    engines: tuple[AsyncEngine, AsyncEngine],
    stop: asyncio.Event | None,
) -> None:
    """Serve updates by webhook when WEBHOOK_URL is set, else by long polling, until `stop`.

    `engines`: the one for the updates' work, and the one for their turns.
    """
    engine, coordination = engines
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    settings = ctx.settings
    health = Health(engine, ctx.sessions)
    # In webhook mode the endpoints share the webhook's port unless HEALTH_PORT names another.
    shared = settings.webhook_mode and settings.HEALTH_PORT in (None, settings.WEBHOOK_PORT)
    async with serving(health, None if shared else settings.HEALTH_PORT):
        if settings.webhook_mode:
            lines = webhook.lines_for(coordination, ctx.cipher)
            await webhook.serve(bot, dispatcher, settings, health if shared else None, stop, lines)
            return
        async with polling_lock(engine, settings.DATABASE_URL):
            await bot.delete_webhook(drop_pending_updates=False)
            await Poller(bot, dispatcher, ctx, UPDATES_IN_FLIGHT, POLLING_TIMEOUT).run(stop)
