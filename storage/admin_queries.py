"""Queries behind the coordinator commands: supporters, catalogues, bans and service numbers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Conversation,
    CrisisEvent,
    CrisisPhrase,
    Feedback,
    ProfessionalContact,
    ReferralResource,
    SupervisionRecord,
)


async def conversations_since(session: AsyncSession, since: datetime) -> dict[int, int]:
    """How many conversations each supporter accepted since `since`, by supporter id."""
    rows = await session.execute(
        select(Conversation.supporter_id, func.count(Conversation.id))
        .where(Conversation.supporter_id.is_not(None), Conversation.accepted_at >= since)
        .group_by(Conversation.supporter_id)
    )
    return {supporter_id: count for supporter_id, count in rows}


async def latest_supervisions(session: AsyncSession) -> dict[int, date]:
    """Each supporter's latest recorded supervision date, by supporter id."""
    rows = await session.execute(
        select(SupervisionRecord.supporter_id, func.max(SupervisionRecord.held_on)).group_by(
            SupervisionRecord.supporter_id
        )
    )
    return {supporter_id: held_on for supporter_id, held_on in rows}


async def supervision_recorded(session: AsyncSession, supporter_id: int, held_on: date) -> bool:
    """Whether this supporter's attendance on that day is already recorded."""
    found = await session.scalar(
        select(SupervisionRecord.id).where(
            SupervisionRecord.supporter_id == supporter_id, SupervisionRecord.held_on == held_on
        )
    )
    return found is not None


async def latest_conversation_with(session: AsyncSession, pseudonym: str) -> Conversation | None:
    """The most recent conversation that still knows its student under this pseudonym."""
    return await session.scalar(
        select(Conversation)
        .where(Conversation.pseudonym == pseudonym, Conversation.student_id.is_not(None))
        .order_by(Conversation.queued_at.desc(), Conversation.id.desc())
        .limit(1)
    )


async def contacts_of_country(session: AsyncSession, country: str) -> list[ProfessionalContact]:
    """The professional contacts of this deployment's country, every language."""
    rows = await session.scalars(
        select(ProfessionalContact)
        .where(ProfessionalContact.country == country)
        .order_by(ProfessionalContact.position, ProfessionalContact.id)
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


async def phrase_exists(session: AsyncSession, language: str, phrase: str) -> bool:
    """Whether a coordinator phrase with the same words (ignoring case) exists in a language."""
    rows = await session.scalars(
        select(CrisisPhrase.phrase).where(CrisisPhrase.language == language)
    )
    return phrase.casefold() in {row.casefold() for row in rows}


async def requests_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[tuple[datetime, datetime | None, str, int]]:
    """(queued_at, accepted_at, status, transfers) of each request queued in [start, end]."""
    rows = await session.execute(
        select(
            Conversation.queued_at,
            Conversation.accepted_at,
            Conversation.status,
            Conversation.transfers,
        ).where(Conversation.queued_at >= start, Conversation.queued_at <= end)
    )
    return list(rows.all())


async def crisis_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[tuple[datetime, str]]:
    """(at, severity) of each recognised crisis message in [start, end]."""
    rows = await session.execute(
        select(CrisisEvent.at, CrisisEvent.severity).where(
            CrisisEvent.at >= start, CrisisEvent.at <= end
        )
    )
    return list(rows.all())


async def feedback_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[tuple[datetime, int | None, bool | None]]:
    """(created_at, heard, come_back) of each feedback given in [start, end]."""
    rows = await session.execute(
        select(Feedback.created_at, Feedback.heard, Feedback.come_back).where(
            Feedback.created_at >= start, Feedback.created_at <= end
        )
    )
    return list(rows.all())


async def first_activity(session: AsyncSession) -> datetime | None:
    """When the first request was made."""
    return await session.scalar(select(func.min(Conversation.queued_at)))
