"""Supporters: who has room, who is on duty, aliases, and going off duty at closing time."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, false, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, Supporter, SupporterInstitution
from storage.repositories.claims import claim
from storage.status import ConversationStatus, SupporterStatus


def _has_active_conversation() -> ColumnElement[bool]:
    return exists().where(
        Conversation.supporter_id == Supporter.id,
        Conversation.status == ConversationStatus.ACTIVE,
    )


def member_of(institutions: tuple[int, ...]) -> ColumnElement[bool]:
    """The supporter belongs to one of these institutions."""
    return Supporter.memberships.any(SupporterInstitution.institution_id.in_(institutions))


async def supporters_with_room(
    session: AsyncSession, institutions: tuple[int, ...] | None = None
) -> list[Supporter]:
    """On-duty, accepting, active supporters with room (of these institutions; None: any)."""
    busy = (
        select(func.count(Conversation.id))
        .where(
            Conversation.supporter_id == Supporter.id,
            Conversation.status == ConversationStatus.ACTIVE,
        )
        .correlate(Supporter)
        .scalar_subquery()
    )
    rows = await session.scalars(
        select(Supporter).where(
            Supporter.on_duty.is_(True),
            Supporter.accepting.is_(True),
            Supporter.status == SupporterStatus.ACTIVE,
            Supporter.alias.is_not(None),
            busy < Supporter.capacity,
            true() if institutions is None else member_of(institutions),
        )
    )
    return list(rows)


async def supporters_on_duty(
    session: AsyncSession, institution: int | None = None
) -> list[Supporter]:
    """Every supporter on duty (of one institution; None: any)."""
    mine = true() if institution is None else member_of((institution,))
    rows = await session.scalars(select(Supporter).where(Supporter.on_duty.is_(True), mine))
    return list(rows)


async def active_supporters(
    session: AsyncSession, institution: int | None = None
) -> list[Supporter]:
    """Every supporter who finished joining and is not paused or removed (of one institution)."""
    mine = true() if institution is None else member_of((institution,))
    rows = await session.scalars(
        select(Supporter)
        .where(Supporter.status == SupporterStatus.ACTIVE, Supporter.alias.is_not(None), mine)
        .order_by(Supporter.alias_key)
    )
    return list(rows)


async def all_supporters(session: AsyncSession, institution: int | None = None) -> list[Supporter]:
    """Every supporter that is not removed, by alias (of one institution; None: all)."""
    mine = true() if institution is None else member_of((institution,))
    rows = await session.scalars(
        select(Supporter)
        .where(Supporter.status != SupporterStatus.REMOVED, Supporter.alias.is_not(None), mine)
        .order_by(Supporter.alias_key)
    )
    return list(rows)


async def supporter_by_alias(session: AsyncSession, alias: str) -> Supporter | None:
    """The supporter with this alias (case-insensitive)."""
    return await session.scalar(select(Supporter).where(Supporter.alias_key == alias.casefold()))


async def alias_taken(session: AsyncSession, alias: str) -> bool:
    """Whether another supporter already uses this alias."""
    return await supporter_by_alias(session, alias) is not None


async def flag_off_duty_at_close(
    session: AsyncSession, institution: int | None = None, open_ids: frozenset[int] = frozenset()
) -> int:
    """Flag on-duty supporters of the institution who serve none that is open to go off duty."""
    mine = true() if institution is None else member_of((institution,))
    elsewhere = member_of(tuple(open_ids)) if open_ids else false()
    result = await session.execute(
        update(Supporter)
        .where(
            Supporter.on_duty.is_(True),
            Supporter.off_duty_at_close.is_(False),
            mine,
            ~elsewhere,
        )
        .values(off_duty_at_close=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def free_flagged_supporters(session: AsyncSession) -> list[Supporter]:
    """Flagged supporters on duty with no conversation in progress."""
    rows = await session.scalars(
        select(Supporter).where(
            Supporter.on_duty.is_(True),
            Supporter.off_duty_at_close.is_(True),
            ~_has_active_conversation(),
        )
    )
    return list(rows)


async def take_off_duty(session: AsyncSession, supporter_id: int) -> bool:
    """Take a flagged supporter off duty if they have no conversation; True if this call did."""
    return await claim(
        session,
        Supporter,
        Supporter.id == supporter_id,
        Supporter.on_duty.is_(True),
        Supporter.off_duty_at_close.is_(True),
        ~_has_active_conversation(),
        on_duty=False,
        off_duty_at_close=False,
        duty_since=None,
    )
