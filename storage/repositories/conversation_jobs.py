"""What the scheduled jobs find and mark in conversations: silence, closing time, long waits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation
from storage.repositories.claims import claim
from storage.status import ConversationStatus

_ACTIVE = Conversation.status == ConversationStatus.ACTIVE
_WAITING = Conversation.status == ConversationStatus.WAITING


async def all_active_conversations(session: AsyncSession) -> list[Conversation]:
    """Every conversation in progress, oldest first."""
    rows = await session.scalars(
        select(Conversation).where(_ACTIVE).order_by(Conversation.accepted_at, Conversation.id)
    )
    return list(rows)


async def claim_closing_warning(
    session: AsyncSession, conversation_id: int, warn_from: datetime, at: datetime
) -> bool:
    """Mark an active conversation warned for the closing whose warning starts at `warn_from`."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        _ACTIVE,
        or_(Conversation.closing_warned_at.is_(None), Conversation.closing_warned_at < warn_from),
        closing_warned_at=at,
    )


async def silent_since(session: AsyncSession, before: datetime) -> list[Conversation]:
    """Active conversations with no activity since `before`, oldest first."""
    rows = await session.scalars(
        select(Conversation)
        .where(_ACTIVE, Conversation.last_activity_at <= before)
        .order_by(Conversation.last_activity_at, Conversation.id)
    )
    return list(rows)


async def claim_idle_warning(
    session: AsyncSession, conversation_id: int, silent_before: datetime, at: datetime
) -> bool:
    """Mark a conversation asked "still there?", unless someone wrote or it was already asked."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        _ACTIVE,
        Conversation.idle_warned_at.is_(None),
        Conversation.last_activity_at <= silent_before,
        idle_warned_at=at,
    )


async def waiting_queued_before(session: AsyncSession, before: datetime) -> list[Conversation]:
    """Waiting requests that were already in line at `before`, oldest first."""
    rows = await session.scalars(
        select(Conversation)
        .where(_WAITING, Conversation.queued_at < before)
        .order_by(Conversation.queued_at, Conversation.id)
    )
    return list(rows)


async def claim_closed_notice(
    session: AsyncSession, conversation_id: int, closing: datetime, at: datetime
) -> bool:
    """Mark a waiting request told about the closing at `closing` (once per closing)."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        _WAITING,
        or_(Conversation.closed_notice_at.is_(None), Conversation.closed_notice_at < closing),
        closed_notice_at=at,
    )


async def unescalated_waiting(session: AsyncSession, queued_before: datetime) -> list[Conversation]:
    """Waiting requests queued before `queued_before` that no human was alerted about yet."""
    rows = await session.scalars(
        select(Conversation)
        .where(
            _WAITING,
            Conversation.escalated_at.is_(None),
            Conversation.queued_at <= queued_before,
        )
        .order_by(Conversation.queued_at, Conversation.id)
    )
    return list(rows)


async def claim_escalation(session: AsyncSession, conversation_id: int, at: datetime) -> bool:
    """Mark a waiting request escalated; False if it was accepted or escalated meanwhile."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        _WAITING,
        Conversation.escalated_at.is_(None),
        escalated_at=at,
    )


async def claim_overflow(session: AsyncSession, conversation_id: int, at: datetime) -> bool:
    """Mark a waiting request open to the overflow institution; False if done or taken."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        _WAITING,
        Conversation.overflowed_at.is_(None),
        overflowed_at=at,
    )
