"""The audit log of coordinator actions: who did what, never a student's identity."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from storage import repositories as repo
from storage.models import AuditEntry, Person

LATEST = 50


def actor(person: Person) -> str:
    """How a coordinator appears in the audit log: their alias, or a pseudonymous number."""
    if person.supporter is not None and person.supporter.alias:
        return person.supporter.alias
    return f"coordinator #{person.id}"


async def note(
    session: AsyncSession, ctx: Context, person: Person, action: str, target: str
) -> None:
    """Add one entry (committed with the action it records)."""
    await repo.audit(session, actor(person), action, target, ctx.clock.now())


async def latest(session: AsyncSession) -> list[AuditEntry]:
    """The latest entries, oldest first."""
    return await repo.latest_audit(session, LATEST)
