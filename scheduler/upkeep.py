"""Upkeep jobs that run once per tick: supervision reminders, invite expiry, retention purge."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot import notices
from bot.context import Context
from bot.supervision import last_supervision
from scheduler.moment import Moment
from storage import repositories as repo

log = logging.getLogger(__name__)
PROCESSED_UPDATES_KEPT = timedelta(days=2)
CLAIMS_KEPT = timedelta(days=7)
SUPERVISION_NOTICE_DAYS = 3
REMIND_EVERY_DAYS = 3


async def supervision_reminders(ctx: Context, moment: Moment) -> None:
    """Remind supporters whose supervision falls due within 3 days, every 3 days, while open."""
    # Only during opening hours: supporters are around then, and no one is pinged at night.
    if not moment.schedule.is_open(moment.at):
        return
    limit = ctx.settings.SUPERVISION_MAX_DAYS
    async with ctx.sessions() as session:
        for supporter, held_on in await repo.supervision_of_active_supporters(session):
            last = last_supervision(supporter, held_on, moment.schedule.zone)
            notice_from = last + timedelta(days=limit - SUPERVISION_NOTICE_DAYS)
            days_in_notice = (moment.today - notice_from).days
            if days_in_notice < 0:
                continue
            period = f"{supporter.id}:{last.isoformat()}:{days_in_notice // REMIND_EVERY_DAYS}"
            if await repo.claim_tick(session, "supervision-reminder", period, moment.at):
                await session.commit()
                await notices.remind_supervision(ctx, supporter, last, limit, moment.today)


async def invite_expiry(ctx: Context, moment: Moment) -> None:
    """Mark unused invites past their date as expired."""
    async with ctx.sessions() as session:
        expired = await repo.expire_invites(session, moment.at)
        await session.commit()
    if expired:
        log.info("expired %d invites", expired)


async def retention_purge(ctx: Context, moment: Moment) -> None:
    """Once an hour: strip old closed conversations of maps and text; forget old bookkeeping."""
    hour = moment.at.replace(minute=0, second=0, microsecond=0)
    cutoff = moment.at - timedelta(days=ctx.settings.RETENTION_DAYS)
    async with ctx.sessions() as session:
        if not await repo.claim_tick(session, "retention-purge", hour.isoformat(), moment.at):
            return
        purged = await repo.purge_closed_before(session, cutoff, moment.at)
        await repo.forget_processed_updates(session, moment.at - PROCESSED_UPDATES_KEPT)
        await repo.forget_claims_before(session, moment.at - CLAIMS_KEPT)
        await session.commit()
    if purged:
        log.info("purged %d closed conversations", purged)
