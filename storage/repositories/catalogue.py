"""What coordinators keep up: closures, settings, crisis phrases, contacts and resources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ClosurePeriod,
    CrisisPhrase,
    ProfessionalContact,
    ReferralResource,
    ServiceSetting,
)


async def closures(session: AsyncSession) -> list[ClosurePeriod]:
    """Every closure period, by start date."""
    rows = await session.scalars(select(ClosurePeriod).order_by(ClosurePeriod.start))
    return list(rows)


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
    session: AsyncSession, language: str, country: str
) -> list[ProfessionalContact]:
    """Professional contacts for a language, this deployment's country first."""
    rows = await session.scalars(
        select(ProfessionalContact)
        .where(
            ProfessionalContact.language.in_((language, "*")),
            ProfessionalContact.country == (country.split("-")[0] if country else ""),
        )
        .order_by(ProfessionalContact.position, ProfessionalContact.id)
    )
    return list(rows)


async def contacts_of_country(session: AsyncSession, country: str) -> list[ProfessionalContact]:
    """The professional contacts of this deployment's country, every language."""
    rows = await session.scalars(
        select(ProfessionalContact)
        .where(ProfessionalContact.country == country)
        .order_by(ProfessionalContact.position, ProfessionalContact.id)
    )
    return list(rows)


async def resources_for(session: AsyncSession, language: str) -> list[ReferralResource]:
    """The referral catalogue in one language."""
    rows = await session.scalars(
        select(ReferralResource)
        .where(ReferralResource.language == language)
        .order_by(ReferralResource.position, ReferralResource.id)
    )
    return list(rows)


async def all_resources(session: AsyncSession) -> list[ReferralResource]:
    """The referral catalogue in every language."""
    rows = await session.scalars(
        select(ReferralResource).order_by(
            ReferralResource.language, ReferralResource.position, ReferralResource.id
        )
    )
    return list(rows)


async def next_position(
    session: AsyncSession, model: type[ProfessionalContact] | type[ReferralResource]
) -> int:
    """The position after the last entry of a catalogue."""
    last = await session.scalar(select(func.max(model.position)))
    return (last or 0) + 1
