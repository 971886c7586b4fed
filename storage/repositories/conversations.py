"""Requests and conversations: the queue, claiming, closing, transfers, held messages, purge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, Feedback, HeldMessage, MessageLink, Offer
from storage.repositories.claims import claim
from storage.status import OPEN, ConversationStatus, Severity


async def open_conversation_of(session: AsyncSession, student_id: int) -> Conversation | None:
    """The student's waiting request or active conversation, if any, as it is now."""
    return await session.scalar(
        select(Conversation)
        .where(Conversation.student_id == student_id, Conversation.status.in_(OPEN))
        .execution_options(populate_existing=True)
    )


async def active_conversations_of(session: AsyncSession, supporter_id: int) -> list[Conversation]:
    """The supporter's open conversations, oldest first."""
    rows = await session.scalars(
        select(Conversation)
        .where(
            Conversation.supporter_id == supporter_id,
            Conversation.status == ConversationStatus.ACTIVE,
        )
        .order_by(Conversation.accepted_at)
    )
    return list(rows)


async def waiting_requests(
    session: AsyncSession, institution: int | None = None
) -> list[Conversation]:
    """Waiting requests in the order they are offered: crisis, front of line, then oldest."""
    crisis_rank = case((Conversation.crisis == Severity.ACUTE, 1), else_=0)
    mine = true() if institution is None else Conversation.institution_id == institution
    rows = await session.scalars(
        select(Conversation)
        .where(Conversation.status == ConversationStatus.WAITING, mine)
        .order_by(crisis_rank.desc(), Conversation.front.desc(), Conversation.queued_at)
    )
    return list(rows)


async def open_pseudonyms(session: AsyncSession) -> set[str]:
    """The pseudonyms of every open request and conversation."""
    rows = await session.scalars(
        select(Conversation.pseudonym).where(Conversation.status.in_(OPEN))
    )
    return set(rows)


async def latest_conversation_with(session: AsyncSession, pseudonym: str) -> Conversation | None:
    """The most recent conversation that still knows its student under this pseudonym."""
    return await session.scalar(
        select(Conversation)
        .where(Conversation.pseudonym == pseudonym, Conversation.student_id.is_not(None))
        .order_by(Conversation.queued_at.desc(), Conversation.id.desc())
        .limit(1)
    )


async def claim_request(
    session: AsyncSession, conversation_id: int, supporter_id: int, at: datetime
) -> bool:
    """Atomically turn a waiting request into this supporter's conversation; False if taken."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        Conversation.status == ConversationStatus.WAITING,
        status=ConversationStatus.ACTIVE,
        supporter_id=supporter_id,
        accepted_at=at,
        last_activity_at=at,
        idle_warned_at=None,
    )


async def close_conversation(
    session: AsyncSession, conversation_id: int, reason: str, at: datetime
) -> bool:
    """Close an open conversation or request once (`reason`: a CloseReason); False if closed."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        Conversation.status.in_(OPEN),
        status=ConversationStatus.CLOSED,
        close_reason=reason,
        closed_at=at,
    )


async def requeue(
    session: AsyncSession, conversation_id: int, note_enc: str | None, at: datetime
) -> bool:
    """Put an active conversation back at the front of the queue (a transfer)."""
    return await claim(
        session,
        Conversation,
        Conversation.id == conversation_id,
        Conversation.status == ConversationStatus.ACTIVE,
        status=ConversationStatus.WAITING,
        supporter_id=None,
        front=True,
        handover_note_enc=note_enc,
        transfers=Conversation.transfers + 1,
        last_activity_at=at,
    )


async def hold(session: AsyncSession, conversation_id: int, payload_enc: str, at: datetime) -> None:
    """Keep a message written while waiting."""
    session.add(
        HeldMessage(conversation_id=conversation_id, payload_enc=payload_enc, created_at=at)
    )


async def held_messages(session: AsyncSession, conversation_id: int) -> list[HeldMessage]:
    """Held messages of a request, in the order they were written."""
    rows = await session.scalars(
        select(HeldMessage)
        .where(HeldMessage.conversation_id == conversation_id)
        .order_by(HeldMessage.id)
    )
    return list(rows)


async def drop_held(session: AsyncSession, ids: Sequence[int]) -> None:
    """Delete delivered held messages."""
    if ids:
        await session.execute(delete(HeldMessage).where(HeldMessage.id.in_(ids)))


async def save_feedback(
    session: AsyncSession,
    conversation_id: int,
    at: datetime,
    heard: int | None = None,
    come_back: bool | None = None,
) -> None:
    """Store one tap of feedback for a conversation."""
    row = await session.scalar(select(Feedback).where(Feedback.conversation_id == conversation_id))
    if row is None:
        row = Feedback(conversation_id=conversation_id, created_at=at)
        session.add(row)
    if heard is not None:
        row.heard = heard
    if come_back is not None:
        row.come_back = come_back


async def purge_closed_before(session: AsyncSession, before: datetime, at: datetime) -> int:
    """Strip maps and text from conversations closed before `before`; keep the aggregates."""
    ids = list(
        await session.scalars(
            select(Conversation.id).where(
                Conversation.status == ConversationStatus.CLOSED,
                Conversation.closed_at < before,
                Conversation.purged_at.is_(None),
            )
        )
    )
    if not ids:
        return 0
    await session.execute(delete(MessageLink).where(MessageLink.conversation_id.in_(ids)))
    await session.execute(delete(HeldMessage).where(HeldMessage.conversation_id.in_(ids)))
    await session.execute(delete(Offer).where(Offer.conversation_id.in_(ids)))
    await session.execute(
        update(Conversation)
        .where(Conversation.id.in_(ids), Conversation.purged_at.is_(None))
        .values(handover_note_enc=None, first_preview_enc=None, student_id=None, purged_at=at)
        .execution_options(synchronize_session=False)
    )
    return len(ids)
