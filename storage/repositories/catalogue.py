"""What coordinators keep up: closures, settings, crisis phrases, contacts and resources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ClosurePeriod,
    CrisisPhrase,
    ProfessionalContact,
    ReferralResource,
    ServiceSetting,
)


async def closures(session: AsyncSession, institution: int | None = None) -> list[ClosurePeriod]:
    """Closure periods by start date: one institution's and the shared ones (None: all)."""
    query = select(ClosurePeriod).order_by(ClosurePeriod.start)
    if institution is not None:
        query = query.where(_own_or_shared(ClosurePeriod, institution))
    return list(await session.scalars(query))


async def setting(session: AsyncSession, key: str) -> str | None:
    """A coordinator-set value, or None."""
    row = await session.get(ServiceSetting, key)
    return row.value if row else None


async def set_setting(session: AsyncSession, key: str, value: str, at: datetime) -> None:
    """Store a coordinator-set value."""
    row = await session.get(ServiceSetting, key)
    if row is None:
        session.add(ServiceSetting(key=key, value=value, updated_at=at))
    else:
        row.value, row.updated_at = value, at


async def crisis_phrases(session: AsyncSession) -> list[CrisisPhrase]:
    """Coordinator-added crisis phrases."""
    rows = await session.scalars(select(CrisisPhrase).order_by(CrisisPhrase.id))
    return list(rows)


async def phrase_exists(session: AsyncSession, language: str, phrase: str) -> bool:
    """Whether a coordinator phrase with the same words (ignoring case) exists in a language."""
    rows = await session.scalars(
        select(CrisisPhrase.phrase).where(CrisisPhrase.language == language)
    )
    return phrase.casefold() in {row.casefold() for row in rows}


async def contacts_for(
    session: AsyncSession, language: str, country: str, institution: int | None = None
) -> list[ProfessionalContact]:
    """An institution's own contacts for a language, else the deployment's for its country."""
    query = select(ProfessionalContact).order_by(
        ProfessionalContact.position, ProfessionalContact.id
    )
    query = query.where(ProfessionalContact.language.in_((language, "*")))
    if institution is not None:
        own = await session.scalars(query.where(ProfessionalContact.institution_id == institution))
        rows = list(own)
        if rows:
            return rows
    country = country.split("-")[0] if country else ""
    shared = query.where(
        ProfessionalContact.institution_id.is_(None), ProfessionalContact.country == country
    )
    return list(await session.scalars(shared))


async def contacts_of_country(
    session: AsyncSession, country: str, institution: int | None = None
) -> list[ProfessionalContact]:
    """The deployment's contacts of its country and an institution's own (None: every one)."""
    shared = and_(
        ProfessionalContact.institution_id.is_(None), ProfessionalContact.country == country
    )
    if institution is None:
        shown = or_(shared, ProfessionalContact.institution_id.is_not(None))
    else:
        shown = or_(shared, ProfessionalContact.institution_id == institution)
    rows = await session.scalars(
        select(ProfessionalContact)
        .where(shown)
        .order_by(ProfessionalContact.position, ProfessionalContact.id)
    )
    return list(rows)


async def resources_for(
    session: AsyncSession, language: str, institution: int | None = None
) -> list[ReferralResource]:
    """The referral catalogue in one language: an institution's and the shared entries."""
    shown = true() if institution is None else _own_or_shared(ReferralResource, institution)
    rows = await session.scalars(
        select(ReferralResource)
        .where(ReferralResource.language == language, shown)
        .order_by(ReferralResource.position, ReferralResource.id)
    )
    return list(rows)


async def all_resources(
    session: AsyncSession, institution: int | None = None
) -> list[ReferralResource]:
    """The referral catalogue in every language (one institution's and the shared ones)."""
    shown = true() if institution is None else _own_or_shared(ReferralResource, institution)
    rows = await session.scalars(
        select(ReferralResource)
        .where(shown)
        .order_by(ReferralResource.language, ReferralResource.position, ReferralResource.id)
    )
    return list(rows)


async def next_position(
    session: AsyncSession, model: type[ProfessionalContact] | type[ReferralResource]
) -> int:
    """The position after the last entry of a catalogue."""
    last = await session.scalar(select(func.max(model.position)))
    return (last or 0) + 1


def _own_or_shared(
    model: type[ClosurePeriod] | type[ReferralResource], institution: int
) -> ColumnElement[bool]:
    return or_(model.institution_id.is_(None), model.institution_id == institution)
