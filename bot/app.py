"""Builds the Bot and Dispatcher, includes the routers, starts the scheduler, runs."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Callable
from urllib.parse import urlsplit

import orjson
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import menus, roles, safety
from bot.clock import Clock
from bot.keys import cipher_for
from bot.outbox import RetryAfterMiddleware, keep_response_types
from bot.polling import Poller
from bot.runtime import Runtime
from bot.seed import seed_defaults
from bot.settings import Settings
from handlers import common, coordinator, student, supporter
from handlers.middlewares import ChatOrder, Context, PersonLoader
from scheduler.jobs import start_scheduler
from storage.db import make_engine, make_reader, make_sessions, migrate
from storage.polling_lock import polling_lock

log = logging.getLogger(__name__)
# At most this many updates are handled at once; the rest wait at Telegram rather than piling
# up here (a backlog after downtime would otherwise outrun the database pool).
UPDATES_IN_FLIGHT = 100
POLLING_TIMEOUT = 10


def make_bot(settings: Settings) -> Bot:
    """A Bot talking to TELEGRAM_API_URL, waiting out rate limits in order."""
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.TELEGRAM_API_URL),
        json_loads=orjson.loads,
        json_dumps=_json_text,
    )
    bot = Bot(token=settings.BOT_TOKEN, session=session)
    bot.session.middleware(RetryAfterMiddleware())
    return bot


def _json_text(value: object) -> str:
    """JSON for Bot API parameters (orjson: a few percent of the relay's CPU time saved)."""
    return orjson.dumps(value).decode()


def make_dispatcher(rt: Runtime) -> Dispatcher:
    """The dispatcher with per-chat ordering, context, and the role routers in order."""
    dispatcher = Dispatcher(disable_fsm=True, rt=rt)
    dispatcher.update.outer_middleware(ChatOrder())
    context, person_loader = Context(), PersonLoader()
    for observer in (
        dispatcher.message,
        dispatcher.edited_message,
        dispatcher.callback_query,
        dispatcher.my_chat_member,
    ):
        observer.outer_middleware(context)
        observer.middleware(person_loader)
    # Students (most of the traffic) first: the student role excludes the others, and students
    # have no handler that the common ones must precede. Coordinators stay before supporters
    # (coordinator /resources subcommands win over the supporter's picker).
    dispatcher.include_routers(
        student.router, common.router, coordinator.router, supporter.router, common.unknown
    )
    return dispatcher


def _detach(dispatcher: Dispatcher) -> None:
    # Routers live at module level and aiogram attaches each to one parent only; detach them so
    # the app can be built again in the same process (the e2e tests start one bot per test).
    for router in dispatcher.sub_routers:
        router._parent_router = None
    dispatcher.sub_routers.clear()


async def bootstrap_coordinators(bot: Bot, rt: Runtime) -> None:
    """Give every COORDINATOR_IDS user the coordinator role and menu."""
    async with rt.sessions() as session:
        for telegram_id in rt.settings.COORDINATOR_IDS:
            person = await roles.resolve(session, rt, telegram_id, None)
            await session.commit()
            await menus.refresh(bot, rt, person)


async def run(
    settings: Settings,
    clock: Clock | None = None,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[Bot, Runtime], None] | None = None,
) -> None:
    """Migrate, connect, and serve updates until `stop` is set (or forever)."""
    await migrate(settings.DATABASE_URL)
    engine = make_engine(settings.DATABASE_URL)
    reader = make_reader(settings.DATABASE_URL)
    sessions = make_sessions(engine)
    async with sessions() as session:
        await seed_defaults(session)
    bot = make_bot(settings)
    response_types = keep_response_types()
    try:
        me = await bot.get_me()
        rt = Runtime(
            settings,
            sessions,
            cipher_for(settings),
            clock or Clock(),
            me.username or "",
            reader=reader,
        )
        dispatcher = make_dispatcher(rt)
        async with sessions() as session:
            await safety.detector(session, rt)
        await menus.install_defaults(bot)
        await bootstrap_coordinators(bot, rt)
        scheduler = start_scheduler(bot, rt)
        # Everything built so far lives as long as the bot: keep it out of the cyclic collector's
        # passes, which would otherwise walk it again and again while messages flow.
        gc.freeze()
        if on_ready is not None:
            on_ready(bot, rt)
        try:
            if settings.webhook_mode:
                await _serve_webhook(bot, dispatcher, settings, stop)
            else:
                await _poll(bot, dispatcher, rt, engine, stop)
        finally:
            scheduler.shutdown(wait=False)
            _detach(dispatcher)
    finally:
        await bot.session.close()
        await engine.dispose()
        if reader is not None:
            reader.dispose()
        response_types.clear()


async def _poll(
    bot: Bot, dispatcher: Dispatcher, rt: Runtime, engine: AsyncEngine, stop: asyncio.Event | None
) -> None:
    async with polling_lock(engine, rt.settings.DATABASE_URL):
        await bot.delete_webhook(drop_pending_updates=False)
        if stop is None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
        await Poller(bot, dispatcher, rt, UPDATES_IN_FLIGHT, POLLING_TIMEOUT).run(stop)


async def _serve_webhook(
    bot: Bot, dispatcher: Dispatcher, settings: Settings, stop: asyncio.Event | None
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
        await (stop or asyncio.Event()).wait()
    finally:
        await runner.cleanup()
