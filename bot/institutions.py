"""Institutions: which one a student, supporter or coordinator belongs to, and what it sets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.hours import WeeklyHours
from bot.usage import Usage
from storage.models import Conversation, Institution, Person, Supporter

if TYPE_CHECKING:
    from bot.settings import Settings

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,19}")
DEEP_LINK = "i-"
DEFAULT_OVERFLOW_MINUTES = 10


async def listed(session: AsyncSession) -> list[Institution]:
    """Every institution, oldest first."""
    return list(await session.scalars(select(Institution).order_by(Institution.id)))


async def by_slug(session: AsyncSession, slug: str) -> Institution | None:
    """The institution with this slug (case-insensitive), if any."""
    return await session.scalar(select(Institution).where(Institution.slug == slug.lower()))


async def named(session: AsyncSession, slug: str) -> Institution:
    """The institution with this slug, or a clear refusal."""
    institution = await by_slug(session, slug)
    if institution is None:
        raise Usage("inst.unknown", slug=slug)
    return institution


async def only_one(session: AsyncSession) -> Institution | None:
    """The institution when there is exactly one (nothing to choose), else None."""
    rows = (await session.scalars(select(Institution).order_by(Institution.id).limit(2))).all()
    return rows[0] if len(rows) == 1 else None


async def default(session: AsyncSession) -> Institution:
    """The oldest institution: its values stand for the service where none is chosen yet."""
    row = await session.scalar(select(Institution).order_by(Institution.id).limit(1))
    if row is None:
        raise LookupError("no institution: the database is not migrated")
    return row


async def get(session: AsyncSession, institution_id: int | None) -> Institution | None:
    """An institution by id (None for none)."""
    return await session.get(Institution, institution_id) if institution_id else None


async def of_student(session: AsyncSession, person: Person) -> Institution | None:
    """The student's institution: the one they chose, or the only one; None means ask."""
    return await get(session, person.institution_id) or await only_one(session)


async def of_conversation(session: AsyncSession, conversation: Conversation) -> Institution:
    """The institution a request or conversation belongs to."""
    return await get(session, conversation.institution_id) or await default(session)


async def of_supporter(session: AsyncSession, supporter: Supporter) -> Institution:
    """A supporter's first institution (whose hours and zone their notices use)."""
    first = min(supporter.institution_ids, default=None)
    return await get(session, first) or await default(session)


def is_network(person: Person) -> bool:
    """Whether a coordinator manages every institution (not one institution's coordinator)."""
    return person.is_coordinator and person.coordinates_id is None


async def scope(session: AsyncSession, person: Person) -> Institution | None:
    """The institution a coordinator's commands apply to; None for all of them."""
    if person.coordinates_id is not None:
        return await get(session, person.coordinates_id) or await default(session)
    return await get(session, person.institution_id)


async def one_for(session: AsyncSession, person: Person) -> Institution:
    """The one institution a change applies to; asks a network coordinator to pick one."""
    institution = await scope(session, person) or await only_one(session)
    if institution is None:
        raise Usage("inst.pick-one")
    return institution


def check_in_scope(scoped: Institution | None, institution_ids: Iterable[int | None]) -> None:
    """Refuse an object of another institution (None scope: the network sees everything)."""
    if scoped is not None and scoped.id not in set(institution_ids):
        raise Usage("inst.foreign")


def timezone(settings: Settings, institution: Institution) -> str:
    """The institution's time zone, or TIMEZONE."""
    return institution.timezone or settings.TIMEZONE


def holidays(settings: Settings, institution: Institution) -> str:
    """The institution's holiday country, or HOLIDAYS_COUNTRY ("" for none)."""
    if institution.holidays_country is None:
        return settings.HOLIDAYS_COUNTRY
    return institution.holidays_country


def hours(settings: Settings, institution: Institution) -> WeeklyHours:
    """The institution's weekly hours, or OPENING_HOURS."""
    return WeeklyHours.parse(institution.opening_hours or settings.OPENING_HOURS)


def alert_chat(settings: Settings, institution: Institution | None) -> int | None:
    """Where crisis alerts go: the institution's chat, or CRISIS_ALERT_CHAT_ID."""
    if institution is not None and institution.alert_chat_id is not None:
        return institution.alert_chat_id
    return settings.CRISIS_ALERT_CHAT_ID


def language(settings: Settings, institution: Institution | None) -> str:
    """The institution's default language, or DEFAULT_LANGUAGE."""
    if institution is not None and institution.default_language:
        return institution.default_language
    return settings.DEFAULT_LANGUAGE


def may_take(conversation: Conversation, supporter: Supporter, overflow_to: int | None) -> bool:
    """Whether a supporter may be offered a request: same institution, or its overflow."""
    mine = set(supporter.institution_ids)
    if conversation.institution_id is None or conversation.institution_id in mine:
        return True
    return conversation.overflowed_at is not None and overflow_to in mine
