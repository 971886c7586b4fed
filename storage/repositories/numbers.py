"""Service numbers: anonymous crisis counts, requests, feedback and conversations per supporter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, CrisisEvent, Feedback
from storage.status import OPEN


async def record_crisis(
    session: AsyncSession, severity: str, conversation_id: int | None, at: datetime
) -> None:
    """Count a recognised crisis message (`severity`: a Severity), anonymously."""
    session.add(CrisisEvent(at=at, severity=severity, conversation_id=conversation_id))


async def conversations_since(
    session: AsyncSession, supporter_id: int, since: datetime | None
) -> int:
    """How many conversations a supporter accepted since a moment (their shift)."""
    if since is None:
        return 0
    count = await session.scalar(
        select(func.count(Conversation.id)).where(
            Conversation.supporter_id == supporter_id, Conversation.accepted_at >= since
        )
    )
    return count or 0


async def accepted_since_by_supporter(session: AsyncSession, since: datetime) -> dict[int, int]:
    """How many conversations each supporter accepted since `since`, by supporter id."""
    rows = await session.execute(
        select(Conversation.supporter_id, func.count(Conversation.id))
        .where(Conversation.supporter_id.is_not(None), Conversation.accepted_at >= since)
        .group_by(Conversation.supporter_id)
    )
    return {supporter_id: count for supporter_id, count in rows}


def _of(column: ColumnElement[int | None], institution: int | None) -> ColumnElement[bool]:
    """Rows whose conversation belongs to the institution (None: every row)."""
    if institution is None:
        return true()
    return column.in_(select(Conversation.id).where(Conversation.institution_id == institution))


async def requests_between(
    session: AsyncSession, start: datetime, end: datetime, institution: int | None = None
) -> list[tuple[datetime, datetime | None, str, int]]:
    """(queued_at, accepted_at, status, transfers) of each request queued in [start, end]."""
    rows = await session.execute(
        select(
            Conversation.queued_at,
            Conversation.accepted_at,
            Conversation.status,
            Conversation.transfers,
        ).where(
            Conversation.queued_at >= start,
            Conversation.queued_at <= end,
            _of(Conversation.id, institution),
        )
    )
    return list(rows.all())


async def crisis_between(
    session: AsyncSession, start: datetime, end: datetime, institution: int | None = None
) -> list[tuple[datetime, str]]:
    """(at, severity) of each recognised crisis message in [start, end]."""
    rows = await session.execute(
        select(CrisisEvent.at, CrisisEvent.severity).where(
            CrisisEvent.at >= start,
            CrisisEvent.at <= end,
            _of(CrisisEvent.conversation_id, institution),
        )
    )
    return list(rows.all())


async def feedback_between(
    session: AsyncSession, start: datetime, end: datetime, institution: int | None = None
) -> list[tuple[datetime, int | None, bool | None]]:
    """(created_at, heard, come_back) of each feedback given in [start, end]."""
    rows = await session.execute(
        select(Feedback.created_at, Feedback.heard, Feedback.come_back).where(
            Feedback.created_at >= start,
            Feedback.created_at <= end,
            _of(Feedback.conversation_id, institution),
        )
    )
    return list(rows.all())


async def first_activity(session: AsyncSession) -> datetime | None:
    """When the first request was made."""
    return await session.scalar(select(func.min(Conversation.queued_at)))


async def open_by_status(session: AsyncSession) -> dict[str, int]:
    """How many requests wait and how many conversations are active, by status."""
    rows = await session.execute(
        select(Conversation.status, func.count())
        .where(Conversation.status.in_(OPEN))
        .group_by(Conversation.status)
    )
    return {str(status): count for status, count in rows.all()}
