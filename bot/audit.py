"""The audit log of coordinator actions: who did what, never a student's identity."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions
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
    session: AsyncSession,
    ctx: Context,
    person: Person,
    action: str,
    target: str,
    institution: int | None = None,
) -> None:
    """Add one entry (committed with the action it records), with the coordinator's institution."""
    where = institution or person.coordinates_id or person.institution_id
    if where is None:
        only = await institutions.only_one(session)
        where = only.id if only else None
    await repo.audit(session, actor(person), action, target, ctx.clock.now(), where)


async def latest(session: AsyncSession, institution: int | None = None) -> list[AuditEntry]:
    """The latest entries, oldest first (one institution's; None: all)."""
    return await repo.latest_audit(session, LATEST, institution)
