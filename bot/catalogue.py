"""What coordinators keep lists of: hours, closures, contacts, crisis phrases, referrals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit, institutions, safety
from bot.context import Context
from bot.hours import Closure, WeeklyHours
from bot.usage import Usage
from storage import repositories as repo
from storage.models import (
    ClosurePeriod,
    CrisisPhrase,
    Institution,
    Person,
    ProfessionalContact,
    ReferralResource,
)

Listed = ClosurePeriod | ProfessionalContact | CrisisPhrase | ReferralResource
KINDS: dict[str, type[Listed]] = {
    "closure": ClosurePeriod,
    "contact": ProfessionalContact,
    "keyword": CrisisPhrase,
    "resource": ReferralResource,
}


@dataclass(frozen=True)
class Entry:
    """A catalogue entry to add: "LANG FIRST | SECOND" (name and detail, or title and body)."""

    language: str
    first: str
    second: str


@dataclass(frozen=True)
class Phrase:
    """A crisis phrase to add."""

    language: str
    severity: str
    phrase: str


def describe(row: Listed) -> str:
    """An entry in one line, the same in every language (it is the coordinators' own data)."""
    if isinstance(row, ClosurePeriod):
        return f"#{row.id} {row.start.isoformat()} → {row.end.isoformat()} {row.label}"
    if isinstance(row, ProfessionalContact):
        return f"#{row.id} [{row.language}] {row.name}: {row.detail}"
    if isinstance(row, CrisisPhrase):
        return f"#{row.id} [{row.language}] {row.severity}: {row.phrase}"
    return f"#{row.id} [{row.language}] {row.title}"


def deployment_country(ctx: Context) -> str:
    """The country whose contacts students get (as repositories.contacts_for reads it)."""
    country = ctx.settings.HOLIDAYS_COUNTRY
    return country.split("-")[0] if country else ""


async def entries(
    session: AsyncSession, ctx: Context, kind: str, scope: Institution | None = None
) -> list[str]:
    """Every entry of one list (an institution's and the shared ones), described."""
    number = scope.id if scope else None
    if kind == "closure":
        rows: list[Listed] = list(await repo.closures(session, number))
    elif kind == "contact":
        rows = list(await repo.contacts_of_country(session, deployment_country(ctx), number))
    elif kind == "keyword":
        rows = list(await repo.crisis_phrases(session))
    else:
        rows = list(await repo.all_resources(session, number))
    return [describe(row) for row in rows]


async def set_hours(
    session: AsyncSession, ctx: Context, by: Person, weekly: WeeklyHours, at: Institution
) -> None:
    """Store an institution's new weekly hours."""
    at.opening_hours = str(weekly)
    await audit.note(session, ctx, by, "hours.set", str(weekly), at.id)
    await session.commit()


async def add_closure(
    session: AsyncSession,
    ctx: Context,
    by: Person,
    closure: Closure,
    scope: Institution | None = None,
) -> str:
    """Store a closure period (both dates inclusive): the institution's, or everyone's."""
    row = ClosurePeriod(
        start=closure.start, end=closure.end, label=closure.label, created_at=ctx.clock.now()
    )
    row.institution_id = scope.id if scope else None
    return await _added(session, ctx, by, "closure.add", row)


async def add_phrase(session: AsyncSession, ctx: Context, by: Person, phrase: Phrase) -> str:
    """Store a crisis phrase unless the same words are already there; used from the next message."""
    if await repo.phrase_exists(session, phrase.language, phrase.phrase):
        raise Usage("coord.keywords.exists")
    row = CrisisPhrase(
        phrase=phrase.phrase,
        severity=phrase.severity,
        language=phrase.language,
        created_at=ctx.clock.now(),
    )
    described = await _added(session, ctx, by, "keyword.add", row)
    safety.forget_detector(ctx)
    return described


async def add_contact(
    session: AsyncSession, ctx: Context, by: Person, entry: Entry, scope: Institution | None = None
) -> str:
    """Store a professional contact (an institution's own, or the deployment's fallback)."""
    row = ProfessionalContact(
        language=entry.language,
        country="" if scope else deployment_country(ctx),
        name=entry.first,
        detail=entry.second[:200],
        position=await repo.next_position(session, ProfessionalContact),
    )
    row.institution_id = scope.id if scope else None
    return await _added(session, ctx, by, "contact.add", row)


async def add_resource(
    session: AsyncSession, ctx: Context, by: Person, entry: Entry, scope: Institution | None = None
) -> str:
    """Store a referral at the end of the catalogue (an institution's, or shared)."""
    row = ReferralResource(
        language=entry.language,
        title=entry.first,
        body=entry.second,
        position=await repo.next_position(session, ReferralResource),
    )
    row.institution_id = scope.id if scope else None
    return await _added(session, ctx, by, "resource.add", row)


async def _added(session: AsyncSession, ctx: Context, by: Person, action: str, row: Listed) -> str:
    session.add(row)
    await session.flush()
    described = describe(row)
    await audit.note(session, ctx, by, action, described)
    await session.commit()
    return described


async def _entry(session: AsyncSession, by: Person, kind: str, entry_id: int) -> Listed:
    """An entry this coordinator may remove: an institution coordinator only their own."""
    row = await session.get(KINDS[kind], entry_id)
    if row is None:
        raise Usage("coord.unknown-id", id=entry_id)
    if by.coordinates_id is not None and not isinstance(row, CrisisPhrase):
        institutions.check_in_scope(
            await institutions.get(session, by.coordinates_id), [row.institution_id]
        )
    return row


async def removable(session: AsyncSession, by: Person, kind: str, entry_id: int) -> str:
    """The entry a remove command points at, described."""
    return describe(await _entry(session, by, kind, entry_id))


async def remove(session: AsyncSession, ctx: Context, by: Person, kind: str, entry_id: int) -> str:
    """Delete a confirmed entry; its description."""
    row = await _entry(session, by, kind, entry_id)
    described = describe(row)
    await session.delete(row)
    await audit.note(session, ctx, by, f"{kind}.remove", described)
    await session.commit()
    if kind == "keyword":
        safety.forget_detector(ctx)
    return described
