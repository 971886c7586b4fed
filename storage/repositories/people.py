"""People: look-ups by id hash, coordinators, erasure, and the ids of handled updates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Select, Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.appends import Row
from storage.models import (
    Conversation,
    HeldMessage,
    MessageLink,
    Offer,
    Person,
    ProcessedUpdate,
    Supporter,
)


async def person_by_hashes(session: AsyncSession, hashes: Sequence[str]) -> Person | None:
    """The person whose id hash is any of `hashes` (one per configured key)."""
    return await session.scalar(_person_query().where(Person.id_hash.in_(hashes)))


async def person_by_id(session: AsyncSession, person_id: int) -> Person | None:
    """A person with their supporter record and open conversation loaded."""
    return await session.scalar(_person_query().where(Person.id == person_id))


def _person_query() -> Select[tuple[Person]]:
    return select(Person).options(
        joinedload(Person.open_conversation)
        .joinedload(Conversation.supporter)
        .joinedload(Supporter.person)
    )


async def coordinators(session: AsyncSession) -> list[Person]:
    """Every person with the coordinator role."""
    rows = await session.scalars(select(Person).where(Person.is_coordinator.is_(True)))
    return list(rows)


async def erase_student(session: AsyncSession, person_id: int) -> None:
    """Erase a student: their held messages, message maps, texts and the person row."""
    ids = list(
        await session.scalars(select(Conversation.id).where(Conversation.student_id == person_id))
    )
    if ids:
        await session.execute(delete(HeldMessage).where(HeldMessage.conversation_id.in_(ids)))
        await session.execute(delete(MessageLink).where(MessageLink.conversation_id.in_(ids)))
        await session.execute(delete(Offer).where(Offer.conversation_id.in_(ids)))
        await session.execute(
            update(Conversation)
            .where(Conversation.id.in_(ids))
            .values(student_id=None, handover_note_enc=None, first_preview_enc=None)
            .execution_options(synchronize_session=False)
        )
    await session.execute(delete(Person).where(Person.id == person_id))


def processed_row(update_id: int, at: datetime) -> Row:
    """A handled update id, as a plain row."""
    return cast(Table, ProcessedUpdate.__table__), {"update_id": update_id, "processed_at": at}


async def forget_processed_updates(session: AsyncSession, before: datetime) -> int:
    """Drop update ids older than `before` (Telegram keeps updates for 24 hours)."""
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
    )
    return result.rowcount or 0
