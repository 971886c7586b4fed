"""What coordinators keep lists of: hours, closures, contacts, crisis phrases, referrals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit, safety
from bot.context import Context
from bot.hours import Closure, WeeklyHours
from bot.schedule import HOURS_KEY
from bot.usage import Usage
from storage import repositories as repo
from storage.models import (
    ClosurePeriod,
    CrisisPhrase,
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


async def entries(session: AsyncSession, ctx: Context, kind: str) -> list[str]:
    """Every entry of one list, described."""
    if kind == "closure":
        rows: list[Listed] = list(await repo.closures(session))
    elif kind == "contact":
        rows = list(await repo.contacts_of_country(session, deployment_country(ctx)))
    elif kind == "keyword":
        rows = list(await repo.crisis_phrases(session))
    else:
        rows = list(await repo.all_resources(session))
    return [describe(row) for row in rows]


async def set_hours(session: AsyncSession, ctx: Context, by: Person, weekly: WeeklyHours) -> None:
    """Store new weekly hours."""
    await repo.set_setting(session, HOURS_KEY, str(weekly), ctx.clock.now())
    await audit.note(session, ctx, by, "hours.set", str(weekly))
    await session.commit()


async def add_closure(session: AsyncSession, ctx: Context, by: Person, closure: Closure) -> str:
    """Store a closure period (both dates inclusive)."""
    row = ClosurePeriod(
        start=closure.start, end=closure.end, label=closure.label, created_at=ctx.clock.now()
    )
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


async def add_contact(session: AsyncSession, ctx: Context, by: Person, entry: Entry) -> str:
    """Store a professional contact for this deployment, after the existing ones."""
    row = ProfessionalContact(
        language=entry.language,
        country=deployment_country(ctx),
        name=entry.first,
        detail=entry.second[:200],
        position=await repo.next_position(session, ProfessionalContact),
    )
    return await _added(session, ctx, by, "contact.add", row)


async def add_resource(session: AsyncSession, ctx: Context, by: Person, entry: Entry) -> str:
    """Store a referral at the end of the catalogue."""
    row = ReferralResource(
        language=entry.language,
        title=entry.first,
        body=entry.second,
        position=await repo.next_position(session, ReferralResource),
    )
    return await _added(session, ctx, by, "resource.add", row)


async def _added(session: AsyncSession, ctx: Context, by: Person, action: str, row: Listed) -> str:
    session.add(row)
    await session.flush()
    described = describe(row)
    await audit.note(session, ctx, by, action, described)
    await session.commit()
    return described


async def removable(session: AsyncSession, kind: str, entry_id: int) -> str:
    """The entry a remove command points at, described."""
    row = await session.get(KINDS[kind], entry_id)
    if row is None:
        raise Usage("coord.unknown-id", id=entry_id)
    return describe(row)


async def remove(session: AsyncSession, ctx: Context, by: Person, kind: str, entry_id: int) -> str:
    """Delete a confirmed entry; its description."""
    row = await session.get(KINDS[kind], entry_id)
    if row is None:
        raise Usage("coord.unknown-id", id=entry_id)
    described = describe(row)
    await session.delete(row)
    await audit.note(session, ctx, by, f"{kind}.remove", described)
    await session.commit()
    if kind == "keyword":
        safety.forget_detector(ctx)
    return described
