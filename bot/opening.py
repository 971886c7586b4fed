"""Whether the service is open now: weekly hours and closures from settings and database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.hours import Closure, Schedule, WeeklyHours
from bot.runtime import Runtime
from storage import repositories as repo

HOURS_KEY = "opening_hours"


async def weekly_hours(session: AsyncSession, rt: Runtime) -> WeeklyHours:
    """The coordinator's hours if set, else OPENING_HOURS."""
    stored = await repo.setting(session, HOURS_KEY)
    return WeeklyHours.parse(stored or rt.settings.OPENING_HOURS)


async def schedule(session: AsyncSession, rt: Runtime) -> Schedule:
    """The full schedule: weekly hours, public holidays and closure periods."""
    closures = [
        Closure(start=row.start, end=row.end, label=row.label)
        for row in await repo.closures(session)
    ]
    return Schedule(
        await weekly_hours(session, rt),
        rt.settings.TIMEZONE,
        closures,
        rt.settings.HOLIDAYS_COUNTRY,
    )


async def is_open(session: AsyncSession, rt: Runtime, at: datetime | None = None) -> bool:
    """Whether students can reach a praatmaat at `at` (default now)."""
    return (await schedule(session, rt)).is_open(at or rt.clock.now())
