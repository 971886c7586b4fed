"""The service numbers coordinators ask for: a period's summary and chart, the daily CSV."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit, institutions, stats
from bot.context import Context
from storage import repositories as repo
from storage.models import Institution, Person

PERIODS = {"week": 7, "month": 30}


async def rows(
    session: AsyncSession, start: datetime, end: datetime, institution: int | None = None
) -> tuple[list[stats.Request], list[stats.Crisis], list[stats.Tap]]:
    """The anonymous rows the service numbers of [start, end] are made of."""
    requests = [
        stats.Request(queued_at, accepted_at, status, transfers)
        for queued_at, accepted_at, status, transfers in await repo.requests_between(
            session, start, end, institution
        )
    ]
    crises = [
        stats.Crisis(at, severity)
        for at, severity in await repo.crisis_between(session, start, end, institution)
    ]
    taps = [
        stats.Tap(at, heard, come_back)
        for at, heard, come_back in await repo.feedback_between(session, start, end, institution)
    ]
    return requests, crises, taps


def zone_of(ctx: Context, institution: Institution | None) -> ZoneInfo:
    """The institution's time zone (TIMEZONE for the network)."""
    if institution is None:
        return ZoneInfo(ctx.settings.TIMEZONE)
    return ZoneInfo(institutions.timezone(ctx.settings, institution))


async def summary(
    session: AsyncSession, ctx: Context, period: str, institution: Institution | None = None
) -> tuple[stats.Summary, datetime, datetime]:
    """The rolling week's or month's summary (one institution's, or the network's)."""
    zone = zone_of(ctx, institution)
    end = ctx.clock.now()
    start = end - timedelta(days=PERIODS[period])
    number = institution.id if institution else None
    found = stats.summarise(*await rows(session, start, end, number), zone)
    return found, start.astimezone(zone), end.astimezone(zone)


async def chart(by_hour: tuple[int, ...], title: str, x_label: str, y_label: str) -> bytes:
    """The requests-per-hour chart as PNG, drawn off the event loop."""
    return await asyncio.to_thread(stats.chart_png, by_hour, title, x_label, y_label)


async def export(
    session: AsyncSession, ctx: Context, by: Person, institution: Institution | None = None
) -> tuple[bytes, date, date]:
    """A CSV of daily anonymous numbers since the first request: bytes, first and last day."""
    now = ctx.clock.now()
    zone = zone_of(ctx, institution)
    first = await repo.first_activity(session) or now
    days = stats.daily(
        *await rows(session, first, now, institution.id if institution else None),
        zone,
        first.astimezone(zone).date(),
        now.astimezone(zone).date(),
    )
    await audit.note(session, ctx, by, "export", f"{days[0][0]} → {days[-1][0]}")
    await session.commit()
    return stats.csv_bytes(days), days[0][0], days[-1][0]
