"""Who is writing, as one light read: the person, their roles and their open conversation."""

# Every update starts with this look-up, so it reads plain rows (no ORM objects) in one query;
# handlers that change a person load the full model on demand.

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.db import Reader
from storage.models import Conversation, Person, ProcessedUpdate, Supporter
from storage.status import ConversationStatus


@dataclass(frozen=True, slots=True)
class ConversationForStudent:
    """The student's open request or conversation, with the praatmaat's chat to relay to."""

    id: int
    status: str
    pseudonym: str
    supporter_id: int | None
    last_activity_at: datetime
    idle_warned_at: datetime | None
    supporter_capacity: int | None
    supporter_chat_enc: str | None
    supporter_language: str | None
    supporter_open: int | None = None  # their active conversations, when they may have several


@dataclass(frozen=True, slots=True)
class ConversationForSupporter:
    """One of a praatmaat's active conversations, with the student's chat to relay to."""

    id: int
    pseudonym: str
    supporter_id: int
    last_activity_at: datetime
    idle_warned_at: datetime | None
    student_chat_enc: str | None


@dataclass(frozen=True, slots=True)
class Caller:
    """The person behind an update, as stored when the update arrived."""

    person_id: int
    id_hash: str
    language: str
    is_coordinator: bool
    supporter_id: int | None
    supporter_status: str | None
    alias: str | None
    conversation: ConversationForStudent | None


log = logging.getLogger(__name__)
_own = aliased(Supporter)
_theirs = aliased(Supporter)
_their_person = aliased(Person)
_load = aliased(Conversation)
# Only read for a praatmaat who may have several conversations (then relays carry a label).
_their_load = (
    select(func.count(_load.id))
    .where(_load.supporter_id == _theirs.id, _load.status == ConversationStatus.ACTIVE)
    .correlate(_theirs)
    .scalar_subquery()
)


@cache
def _query(keys: int) -> Select[Any]:
    """The look-up for `keys` id hashes (one per configured key; fixed, so SQL is compiled once)."""
    hashes = [bindparam(f"hash{n}") for n in range(keys)]
    return (
        select(
            Person.id,
            Person.id_hash,
            Person.language,
            Person.is_coordinator,
            _own.id,
            _own.status,
            _own.alias,
            Conversation.id,
            Conversation.status,
            Conversation.pseudonym,
            Conversation.supporter_id,
            Conversation.last_activity_at,
            Conversation.idle_warned_at,
            _theirs.capacity,
            _their_person.chat_id_enc,
            _their_person.language,
            case((_theirs.capacity > 1, _their_load), else_=None),
            exists().where(ProcessedUpdate.update_id == bindparam("update_id")),
        )
        .outerjoin(_own, _own.person_id == Person.id)
        .outerjoin(
            Conversation,
            and_(
                Conversation.student_id == Person.id,
                or_(
                    Conversation.status == ConversationStatus.WAITING,
                    Conversation.status == ConversationStatus.ACTIVE,
                ),
            ),
        )
        .outerjoin(_theirs, _theirs.id == Conversation.supporter_id)
        .outerjoin(_their_person, _their_person.id == _theirs.person_id)
        .where(Person.id_hash.in_(hashes))
    )


_SEEN = select(exists().where(ProcessedUpdate.update_id == bindparam("update_id")))
_student = aliased(Person)
_TALKS = (
    select(
        Conversation.id,
        Conversation.pseudonym,
        Conversation.supporter_id,
        Conversation.last_activity_at,
        Conversation.idle_warned_at,
        _student.chat_id_enc,
    )
    .outerjoin(_student, _student.id == Conversation.student_id)
    .where(
        Conversation.supporter_id == bindparam("supporter_id"),
        Conversation.status == ConversationStatus.ACTIVE,
    )
    .order_by(Conversation.accepted_at, Conversation.id)
)


async def caller_for_update(
    session: AsyncSession, reader: Reader | None, hashes: Sequence[str], update_id: int
) -> tuple[Caller | None, bool]:
    """The caller with any of `hashes` (None if new), and whether the update was handled."""
    parameters: dict[str, object] = {f"hash{n}": value for n, value in enumerate(hashes)}
    parameters["update_id"] = update_id
    rows = await _rows(session, reader, _query(len(hashes)), parameters)
    if not rows:
        return None, bool((await _rows(session, reader, _SEEN, parameters))[0][0])
    return _caller(rows[0]), bool(rows[0][-1])


async def supporter_conversations(
    session: AsyncSession, reader: Reader | None, supporter_id: int
) -> list[ConversationForSupporter]:
    """A praatmaat's active conversations, oldest first."""
    rows = await _rows(session, reader, _TALKS, {"supporter_id": supporter_id})
    return [ConversationForSupporter(*row) for row in rows]


async def _rows(
    session: AsyncSession, reader: Reader | None, query: Select[Any], parameters: dict[str, object]
) -> Sequence[Sequence[Any]]:
    """A look-up's rows: directly on SQLite, otherwise (or if that fails) through the pool."""
    if reader is not None:
        try:
            return reader.all(query, parameters)
        except DBAPIError as error:
            log.warning("direct read failed (%s), reading through the pool", type(error.orig))
    connection = await session.connection()
    return (await connection.execute(query, parameters)).all()


def for_student(conversation: Conversation, supporter: Supporter | None) -> ConversationForStudent:
    """The light view of a loaded conversation and its praatmaat."""
    person = supporter.person if supporter is not None else None
    return ConversationForStudent(
        id=conversation.id,
        status=conversation.status,
        pseudonym=conversation.pseudonym,
        supporter_id=conversation.supporter_id,
        last_activity_at=conversation.last_activity_at,
        idle_warned_at=conversation.idle_warned_at,
        supporter_capacity=supporter.capacity if supporter is not None else None,
        supporter_chat_enc=person.chat_id_enc if person is not None else None,
        supporter_language=person.language if person is not None else None,
    )


def _caller(row: Row) -> Caller:
    conversation = None
    if row[7] is not None:
        conversation = ConversationForStudent(*row[7:17])
    return Caller(
        person_id=row[0],
        id_hash=row[1],
        language=row[2],
        is_coordinator=bool(row[3]),
        supporter_id=row[4],
        supporter_status=row[5],
        alias=row[6],
        conversation=conversation,
    )
