"""APScheduler wiring: a tick runs every job; each job claims its work in the database."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import conversations, institutions, notices, offers, queue
from bot.alerts import alert_humans
from bot.context import Context
from bot.i18n import Translator
from bot.moments import closing_within, latest_closing, latest_opening
from bot.roles import chat_of
from bot.schedule import load_schedule
from scheduler.moment import Moment
from scheduler.upkeep import invite_expiry, retention_purge, supervision_reminders
from storage import repositories as repo
from storage.status import CloseReason

log = logging.getLogger(__name__)
TICK_SECONDS = 30
# How late a tick may still announce an opening or closing it missed (a restart, a slow tick).
CATCH_UP = timedelta(minutes=30)
CLOSING_WARNING = timedelta(minutes=15)
IDLE_ASK = timedelta(minutes=30)
IDLE_END = timedelta(minutes=60)
LONG_WAIT = timedelta(minutes=10)


async def opening_announcement(ctx: Context, moment: Moment) -> None:
    """Just after opening: tell every active supporter we are open and how many requests wait."""
    opened = latest_opening(moment.schedule, moment.at, CATCH_UP)
    if opened is None:
        return
    async with ctx.sessions() as session:
        period = f"{moment.institution.id}:{opened.isoformat()}"
        if not await repo.claim_tick(session, "opening", period, moment.at):
            return
        await session.commit()
        waiting = len(await repo.waiting_requests(session, moment.institution.id))
        for supporter in await repo.active_supporters(session, moment.institution.id):
            t = Translator(supporter.person.language)
            await ctx.messenger.send(
                chat_of(ctx, supporter.person), t.plural("job.opening", waiting, waiting=waiting)
            )


async def closing_warning(ctx: Context, moment: Moment) -> None:
    """15 minutes before closing: warn both sides of every conversation in progress, once."""
    closes = closing_within(moment.schedule, moment.at, CLOSING_WARNING)
    if closes is None:
        return
    warn_from = closes - CLOSING_WARNING
    async with ctx.sessions() as session:
        for conversation in await repo.all_active_conversations(session):
            if moment.mine(conversation) and await repo.claim_closing_warning(
                session, conversation.id, warn_from, moment.at
            ):
                await session.commit()
                await notices.send_both(
                    session,
                    ctx,
                    conversation,
                    ("job.closing-soon-student", "job.closing-soon-supporter"),
                    time=moment.local_time(closes),
                )


async def closing_notice(ctx: Context, moment: Moment) -> None:
    """Just after closing: tell each student still waiting what happens next, once per closing."""
    closed = latest_closing(moment.schedule, moment.at, CATCH_UP)
    if closed is None:
        return
    reopens = moment.schedule.next_opening(moment.at)
    async with ctx.sessions() as session:
        for conversation in await repo.waiting_queued_before(session, closed):
            if not moment.mine(conversation) or not await repo.claim_closed_notice(
                session, conversation.id, closed, moment.at
            ):
                continue
            await session.commit()
            student = await conversations.student_of(session, conversation)
            if student is not None:
                await notices.tell_closed(
                    session, ctx, student, moment.at, reopens, moment.institution
                )


async def off_duty_after_closing(ctx: Context, moment: Moment) -> None:
    """While closed: supporters still on duty go off duty as soon as their conversations end."""
    if moment.schedule.is_open(moment.at):
        return
    async with ctx.sessions() as session:
        await repo.flag_off_duty_at_close(session, moment.institution.id, moment.open_ids)
        await session.commit()
        for supporter in await repo.free_flagged_supporters(session):
            if await repo.take_off_duty(session, supporter.id):
                await session.commit()
                t = Translator(supporter.person.language)
                await ctx.messenger.send(chat_of(ctx, supporter.person), t("job.off-duty"))


async def idle_check(ctx: Context, moment: Moment) -> None:
    """End conversations silent for an hour; ask both sides of those silent for 30 minutes."""
    async with ctx.sessions() as session:
        for conversation in await repo.silent_since(session, moment.at - IDLE_END):
            await conversations.finish(
                session, ctx, conversation, CloseReason.IDLE, by_student=False
            )
        silent_before = moment.at - IDLE_ASK
        for conversation in await repo.silent_since(session, silent_before):
            if await repo.claim_idle_warning(session, conversation.id, silent_before, moment.at):
                await session.commit()
                await notices.send_both(
                    session,
                    ctx,
                    conversation,
                    ("job.idle-student", "job.idle-supporter"),
                    silent=_minutes(IDLE_ASK),
                    left=_minutes(IDLE_END - IDLE_ASK),
                )


async def long_wait_escalation(ctx: Context, moment: Moment) -> None:
    """Alert the humans on call, once, about a request nobody accepted within 10 open minutes."""
    if not moment.schedule.is_open(moment.at):
        return
    async with ctx.sessions() as session:
        for conversation in await repo.unescalated_waiting(session, moment.at - LONG_WAIT):
            waited = queue.waited(conversation, moment.at, moment.schedule)
            if not moment.mine(conversation) or waited < LONG_WAIT:
                continue
            if await repo.claim_escalation(session, conversation.id, moment.at):
                await session.commit()
                await alert_humans(
                    session,
                    ctx,
                    "job.long-wait",
                    moment.institution,
                    n=queue.minutes(waited),
                    pseudonym=conversation.pseudonym,
                    minutes=queue.minutes(waited),
                )


async def overflow(ctx: Context, moment: Moment) -> None:
    """Offer a request to the overflow institution's supporters once it waited long enough."""
    source = moment.institution
    if source.overflow_to_id is None or not moment.schedule.is_open(moment.at):
        return
    after = timedelta(minutes=source.overflow_minutes or 0)
    async with ctx.sessions() as session:
        for conversation in await repo.waiting_requests(session, source.id):
            if conversation.overflowed_at is not None:
                continue
            if queue.waited(conversation, moment.at, moment.schedule) < after:
                continue
            if await repo.claim_overflow(session, conversation.id, moment.at):
                await session.commit()
                await session.refresh(conversation)
                await offers.offer(session, ctx, conversation)


Job = Callable[[Context, Moment], Awaitable[None]]
JOBS: tuple[Job, ...] = (
    opening_announcement,
    closing_warning,
    closing_notice,
    idle_check,
    off_duty_after_closing,
    long_wait_escalation,
    overflow,
    supervision_reminders,
    invite_expiry,
    retention_purge,
)
# Run once per institution with its hours; the others once per tick with the first one's.
PER_INSTITUTION = frozenset(
    {
        opening_announcement,
        closing_warning,
        closing_notice,
        off_duty_after_closing,
        long_wait_escalation,
        overflow,
    }
)


async def tick(ctx: Context) -> None:
    """Run every job once for the current moment of the runtime's clock."""
    try:
        moments = await _moments(ctx)
    except Exception as error:
        _log_failure("schedule", error)
        return
    for job in JOBS:
        for moment in moments if job in PER_INSTITUTION else moments[:1]:
            try:
                await job(ctx, moment)
            except Exception as error:
                _log_failure(job.__name__, error)


async def _moments(ctx: Context) -> list[Moment]:
    """One moment per institution, the oldest institution first."""
    now = ctx.clock.now()
    async with ctx.sessions() as session:
        every = await institutions.listed(session)
        schedules = [await load_schedule(session, ctx, row) for row in every]
    open_ids = frozenset(
        row.id for row, hours in zip(every, schedules, strict=True) if hours.is_open(now)
    )
    return [Moment(now, hours, row, open_ids) for row, hours in zip(every, schedules, strict=True)]


def start_scheduler(ctx: Context) -> AsyncIOScheduler:
    """An in-memory AsyncIOScheduler that ticks every TICK_SECONDS."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        tick,
        "interval",
        seconds=TICK_SECONDS,
        args=(ctx,),
        id="tick",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler


def _log_failure(job: str, error: Exception) -> None:
    # The exception's message may quote message text or chat ids; the frames never do.
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("job %s failed with %s\n%s", job, type(error).__name__, frames)


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)
