"""Claims only one instance wins: conditional updates of one row, and scheduled-job ticks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import Base
from storage.models import JobClaim


async def claim(
    session: AsyncSession,
    model: type[Base],
    /,
    *conditions: ColumnElement[bool],
    **values: object,
) -> bool:
    """Write `values` to the one row of `model` meeting `conditions` (its key first); True if so."""
    result = await session.execute(
        update(model)
        .where(*conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def claim_tick(session: AsyncSession, job: str, tick: str, at: datetime) -> bool:
    """Claim one run of a scheduled job; False if another instance already has it."""
    try:
        async with session.begin_nested():
            session.add(JobClaim(job=job, tick=tick, claimed_at=at))
    except IntegrityError:
        return False
    return True


async def forget_claims_before(session: AsyncSession, before: datetime) -> int:
    """Drop job claims older than `before` (their moments never come back)."""
    result = await session.execute(delete(JobClaim).where(JobClaim.claimed_at < before))
    return result.rowcount or 0
