"""Supervision: when each supporter last attended a supervision session."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SupervisionRecord, Supporter
from storage.status import SupporterStatus


async def supervised_on(session: AsyncSession, supporter_id: int) -> date | None:
    """The supporter's latest supervision date."""
    return await session.scalar(
        select(func.max(SupervisionRecord.held_on)).where(
            SupervisionRecord.supporter_id == supporter_id
        )
    )


async def latest_supervisions(session: AsyncSession) -> dict[int, date]:
    """Each supporter's latest recorded supervision date, by supporter id."""
    rows = await session.execute(
        select(SupervisionRecord.supporter_id, func.max(SupervisionRecord.held_on)).group_by(
            SupervisionRecord.supporter_id
        )
    )
    return {supporter_id: held_on for supporter_id, held_on in rows}


async def supervision_recorded(session: AsyncSession, supporter_id: int, held_on: date) -> bool:
    """Whether this supporter's attendance on that day is already recorded."""
    found = await session.scalar(
        select(SupervisionRecord.id).where(
            SupervisionRecord.supporter_id == supporter_id, SupervisionRecord.held_on == held_on
        )
    )
    return found is not None


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
        .where(Supporter.status == SupporterStatus.ACTIVE, Supporter.alias.is_not(None))
        .order_by(Supporter.id)
    )
    return [(supporter, held_on) for supporter, held_on in rows]
