"""Queries of the scheduled jobs; every claim is a conditional write that only one instance wins."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, JobClaim, SupervisionRecord, Supporter


async def _claim_conversation(
    session: AsyncSession, conversation_id: int, *conditions: ColumnElement[bool], **values: object
) -> bool:
    """Write `values` to one conversation if it still meets `conditions`; True if this call did."""
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def active_conversations(session: AsyncSession) -> list[Conversation]:
    """Every conversation in progress, oldest first."""
    rows = await session.scalars(
        select(Conversation)
        .where(Conversation.status == "active")
        .order_by(Conversation.accepted_at, Conversation.id)
    )
    return list(rows)


async def claim_closing_warning(
    session: AsyncSession, conversation_id: int, warn_from: datetime, at: datetime
) -> bool:
    """Mark an active conversation warned for the closing whose warning starts at `warn_from`."""
    return await _claim_conversation(
        session,
        conversation_id,
        Conversation.status == "active",
        or_(Conversation.closing_warned_at.is_(None), Conversation.closing_warned_at < warn_from),
        closing_warned_at=at,
    )


async def silent_since(session: AsyncSession, before: datetime) -> list[Conversation]:
    """Active conversations with no activity since `before`, oldest first."""
    rows = await session.scalars(
        select(Conversation)
        .where(Conversation.status == "active", Conversation.last_activity_at <= before)
        .order_by(Conversation.last_activity_at, Conversation.id)
    )
    return list(rows)


async def claim_idle_warning(
    session: AsyncSession, conversation_id: int, silent_before: datetime, at: datetime
) -> bool:
    """Mark a conversation asked "still there?", unless someone wrote or it was already asked."""
    return await _claim_conversation(
        session,
        conversation_id,
        Conversation.status == "active",
        Conversation.idle_warned_at.is_(None),
        Conversation.last_activity_at <= silent_before,
        idle_warned_at=at,
    )


async def waiting_queued_before(session: AsyncSession, before: datetime) -> list[Conversation]:
    """Waiting requests that were already in line at `before`, oldest first."""
    rows = await session.scalars(
        select(Conversation)
        .where(Conversation.status == "waiting", Conversation.queued_at < before)
        .order_by(Conversation.queued_at, Conversation.id)
    )
    return list(rows)


async def claim_closed_notice(
    session: AsyncSession, conversation_id: int, closing: datetime, at: datetime
) -> bool:
    """Mark a waiting request told about the closing at `closing` (once per closing)."""
    return await _claim_conversation(
        session,
        conversation_id,
        Conversation.status == "waiting",
        or_(Conversation.closed_notice_at.is_(None), Conversation.closed_notice_at < closing),
        closed_notice_at=at,
    )


async def unescalated_waiting(session: AsyncSession, queued_before: datetime) -> list[Conversation]:
    """Waiting requests queued before `queued_before` that no human was alerted about yet."""
    rows = await session.scalars(
        select(Conversation)
        .where(
            Conversation.status == "waiting",
            Conversation.escalated_at.is_(None),
            Conversation.queued_at <= queued_before,
        )
        .order_by(Conversation.queued_at, Conversation.id)
    )
    return list(rows)


async def claim_escalation(session: AsyncSession, conversation_id: int, at: datetime) -> bool:
    """Mark a waiting request escalated; False if it was accepted or escalated meanwhile."""
    return await _claim_conversation(
        session,
        conversation_id,
        Conversation.status == "waiting",
        Conversation.escalated_at.is_(None),
        escalated_at=at,
    )


def _has_active_conversation() -> ColumnElement[bool]:
    return exists().where(
        Conversation.supporter_id == Supporter.id, Conversation.status == "active"
    )


async def flag_off_duty_at_close(session: AsyncSession) -> int:
    """Mark every supporter still on duty to go off duty once their conversations end."""
    result = await session.execute(
        update(Supporter)
        .where(Supporter.on_duty.is_(True), Supporter.off_duty_at_close.is_(False))
        .values(off_duty_at_close=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def free_flagged_supporters(session: AsyncSession) -> list[Supporter]:
    """Flagged supporters on duty with no conversation in progress."""
    rows = await session.scalars(
        select(Supporter).where(
            Supporter.on_duty.is_(True),
            Supporter.off_duty_at_close.is_(True),
            ~_has_active_conversation(),
        )
    )
    return list(rows)


async def take_off_duty(session: AsyncSession, supporter_id: int) -> bool:
    """Take a flagged supporter off duty if they have no conversation; True if this call did."""
    result = await session.execute(
        update(Supporter)
        .where(
            Supporter.id == supporter_id,
            Supporter.on_duty.is_(True),
            Supporter.off_duty_at_close.is_(True),
            ~_has_active_conversation(),
        )
        .values(on_duty=False, off_duty_at_close=False, duty_since=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def supervision_of_active_supporters(
    session: AsyncSession,
) -> list[tuple[Supporter, date | None]]:
    """Each active supporter with the date of their latest recorded supervision session."""
    latest = (
        select(func.max(SupervisionRecord.held_on))
        .where(SupervisionRecord.supporter_id == Supporter.id)
        .correlate(Supporter)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Supporter, latest)
        .where(Supporter.status == "active", Supporter.alias.is_not(None))
        .order_by(Supporter.id)
    )
    return [(supporter, held_on) for supporter, held_on in rows]


async def forget_claims_before(session: AsyncSession, before: datetime) -> int:
    """Drop job claims older than `before` (their moments never come back)."""
    result = await session.execute(delete(JobClaim).where(JobClaim.claimed_at < before))
    return result.rowcount or 0
