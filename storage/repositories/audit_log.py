"""The audit log of coordinator actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


async def audit(session: AsyncSession, actor: str, action: str, target: str, at: datetime) -> None:
    """Record a coordinator action."""
    session.add(AuditEntry(at=at, actor=actor, action=action, target=target[:200]))


async def latest_audit(session: AsyncSession, limit: int = 20) -> list[AuditEntry]:
    """The most recent coordinator actions, oldest of them first."""
    rows = await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return list(reversed(list(rows)))
