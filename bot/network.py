"""Network coordinators run the institutions: add, rename, remove, set values, overflow, use."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit, holiday_dates, institutions
from bot.context import Context
from bot.i18n import LANGUAGES
from bot.usage import Usage
from storage import repositories as repo
from storage.models import Conversation, Institution, Person
from storage.status import OPEN

FIELDS = ("timezone", "holidays", "alerts", "language")
MAX_OVERFLOW_MINUTES = 24 * 60


def check_network(person: Person) -> None:
    """Only a network coordinator may change the institutions."""
    if not institutions.is_network(person):
        raise Usage("inst.network-only")


def zone(value: str) -> str:
    """A valid IANA time zone, or the usage line."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Usage("inst.bad-timezone", value=value) from None
    return value


async def add(
    session: AsyncSession, ctx: Context, by: Person, slug: str, timezone: str, name: str
) -> Institution:
    """A new institution with the service's default hours and no holidays of its own."""
    check_network(by)
    slug = slug.lower()
    if not institutions.SLUG.fullmatch(slug) or not name:
        raise Usage("inst.add-usage")
    if await institutions.by_slug(session, slug) is not None:
        raise Usage("inst.exists", slug=slug)
    row = Institution(
        slug=slug, name=name[:120], timezone=zone(timezone), created_at=ctx.clock.now()
    )
    session.add(row)
    await session.flush()
    await audit.note(session, ctx, by, "institution.add", f"{slug} {name}", row.id)
    await session.commit()
    return row


async def rename(session: AsyncSession, ctx: Context, by: Person, slug: str, name: str) -> None:
    """Give an institution a new display name."""
    check_network(by)
    row = await institutions.named(session, slug)
    if not name:
        raise Usage("inst.rename-usage")
    row.name = name[:120]
    await audit.note(session, ctx, by, "institution.rename", f"{row.slug} {row.name}", row.id)
    await session.commit()


async def remove(session: AsyncSession, ctx: Context, by: Person, slug: str) -> None:
    """Remove an institution without open requests (never the last one)."""
    check_network(by)
    row = await institutions.named(session, slug)
    if len(await institutions.listed(session)) == 1:
        raise Usage("inst.last")
    still_open = await session.scalar(
        select(func.count(Conversation.id)).where(
            Conversation.institution_id == row.id, Conversation.status.in_(OPEN)
        )
    )
    if still_open:
        raise Usage("inst.still-open", slug=row.slug, count=still_open)
    # Its coordinators lose the role rather than becoming network coordinators.
    for person in await session.scalars(select(Person).where(Person.coordinates_id == row.id)):
        person.is_coordinator, person.coordinates_id = False, None
    await audit.note(session, ctx, by, "institution.remove", row.slug)
    await repo.forget_institution(session, row.id)
    await session.delete(row)
    await session.commit()


async def set_value(
    session: AsyncSession, ctx: Context, by: Person, slug: str, field: str, value: str
) -> None:
    """Set an institution's time zone, holiday country, alert chat or default language."""
    check_network(by)
    row = await institutions.named(session, slug)
    if field == "timezone":
        row.timezone = zone(value)
    elif field == "holidays":
        row.holidays_country = _country(value)
    elif field == "alerts":
        if not value.lstrip("-").isdigit():
            raise Usage("inst.set-usage")
        row.alert_chat_id = int(value)
    elif field == "language" and value in LANGUAGES:
        row.default_language = value
    else:
        raise Usage("inst.set-usage")
    await audit.note(session, ctx, by, f"institution.{field}", f"{row.slug} {value}", row.id)
    await session.commit()


def _country(value: str) -> str:
    value = "" if value in {"-", "none"} else value.upper()
    country, _, subdivision = value.partition("-")
    if country:
        try:
            holiday_dates.check(country, subdivision)
        except holiday_dates.UnknownCountry:
            raise Usage("inst.bad-country", value=value) from None
    return value


async def overflow(
    session: AsyncSession, ctx: Context, by: Person, source: str, target: str, minutes: int | None
) -> Institution | None:
    """Let `target`'s supporters take `source`'s requests after `minutes` ("off": nobody's)."""
    check_network(by)
    row = await institutions.named(session, source)
    if target == "off":
        row.overflow_to_id, row.overflow_minutes, to = None, None, None
    else:
        to = await institutions.named(session, target)
        if to.id == row.id:
            raise Usage("inst.overflow-usage")
        wait = institutions.DEFAULT_OVERFLOW_MINUTES if minutes is None else minutes
        if not 0 <= wait <= MAX_OVERFLOW_MINUTES:
            raise Usage("inst.overflow-usage")
        row.overflow_to_id, row.overflow_minutes = to.id, wait
    detail = f"{row.slug} → {to.slug if to else 'off'} {row.overflow_minutes or ''}".rstrip()
    await audit.note(session, ctx, by, "institution.overflow", detail, row.id)
    await session.commit()
    return to


async def use(session: AsyncSession, by: Person, slug: str) -> Institution | None:
    """Which institution a network coordinator's commands apply to ("all": every one)."""
    check_network(by)
    chosen = None if slug == "all" else await institutions.named(session, slug)
    by.institution_id = chosen.id if chosen else None
    await session.commit()
    return chosen
