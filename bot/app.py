"""Wiring: migrate, connect to Telegram, build the context and routers, schedule, serve."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import institutions, menus, roles, safety, startup
from bot.clock import Clock
from bot.context import Context
from bot.keys import cipher_for
from bot.seed import seed_defaults
from bot.settings import Settings
from bot.telegram import dispatcher as telegram
from handlers import make_routers
from scheduler.jobs import start_scheduler
from storage.db import make_engine, make_reader, make_sessions, migrate


async def bootstrap_coordinators(ctx: Context) -> None:
    """Give every COORDINATOR_IDS user the coordinator role and menu."""
    async with ctx.sessions() as session:
        for telegram_id in ctx.settings.COORDINATOR_IDS:
            person = await roles.resolve(session, ctx, telegram_id, None)
            await session.commit()
            await menus.refresh(ctx, person)


async def run(
    settings: Settings,
    clock: Clock | None = None,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[object, Context, AsyncIOScheduler], None] | None = None,
    migrate_apart: bool = True,
) -> None:
    """Migrate (Alembic in a child process unless told otherwise), connect, serve until `stop`."""
    migrated = await migrate(settings.DATABASE_URL, apart=migrate_apart)
    engine = make_engine(settings.DATABASE_URL)
    # Turns and send slots get connections of their own: handlers hold theirs while a send
    # waits for its slot, and must not keep the next update from asking for its turn.
    coordination = make_engine(settings.DATABASE_URL, pool_size=4)
    reader = make_reader(settings.DATABASE_URL)
    sessions = make_sessions(engine)
    async with sessions() as session:
        await seed_defaults(session)
        main = await institutions.default(session)
        startup.announce(settings, migrated, str(institutions.hours(settings, main)))
    cipher = cipher_for(settings)
    try:
        async with telegram.connect(settings, telegram.make_pacer(coordination, cipher)) as link:
            ctx = Context(
                settings,
                sessions,
                cipher,
                clock or Clock(),
                link.messenger,
                link.username,
                reader=reader,
            )
            dispatcher = telegram.make_dispatcher(ctx, make_routers())
            async with sessions() as session:
                await safety.detector(session, ctx)
            await bootstrap_coordinators(ctx)
            scheduler = start_scheduler(ctx)
            # Everything built so far lives as long as the bot: keep it out of the cyclic
            # collector's passes, which would otherwise walk it again and again.
            gc.freeze()
            if on_ready is not None:
                on_ready(link.bot, ctx, scheduler)
            startup.serving(settings, link.username)
            try:
                await telegram.serve(link.bot, dispatcher, ctx, (engine, coordination), stop)
            finally:
                scheduler.shutdown(wait=False)
    finally:
        await engine.dispose()
        await coordination.dispose()
        if reader is not None:
            reader.dispose()
