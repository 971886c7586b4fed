"""APScheduler wiring: a tick runs every job; each job claims its work in the database."""

from __future__ import annotations

import logging

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.runtime import Runtime

log = logging.getLogger(__name__)
TICK_SECONDS = 30


async def tick(bot: Bot, rt: Runtime) -> None:
    """Run every job once for the current moment of the runtime's clock."""


def start_scheduler(bot: Bot, rt: Runtime) -> AsyncIOScheduler:
    """An in-memory AsyncIOScheduler that ticks every TICK_SECONDS."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        tick,
        "interval",
        seconds=TICK_SECONDS,
        args=(bot, rt),
        id="tick",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    rt.extras["scheduler"] = scheduler
    return scheduler
