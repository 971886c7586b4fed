"""The audit log of coordinator actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


async def audit(
    session: AsyncSession,
    actor: str,
    action: str,
    target: str,
    at: datetime,
    institution: int | None = None,
) -> None:
    """Record a coordinator action (and the institution it concerned, if one)."""
    entry = AuditEntry(at=at, actor=actor, action=action, target=target[:200])
    entry.institution_id = institution
    session.add(entry)


async def latest_audit(
    session: AsyncSession, limit: int = 20, institution: int | None = None
) -> list[AuditEntry]:
    """The most recent coordinator actions, oldest of them first (of one institution)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if institution is not None:
        query = query.where(AuditEntry.institution_id == institution)
    rows = await session.scalars(query)
    return list(reversed(list(rows)))
