"""Message links: which relayed message on the student's side is which on the supporter's."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.appends import Row
from storage.models import MessageLink


def link_row(
    conversation_id: int,
    supporter_id: int,
    student_message_id: int,
    supporter_message_id: int,
    from_student: bool,
    at: datetime,
) -> Row:
    """Which message on one side is which on the other, as a plain row."""
    values = {
        "conversation_id": conversation_id,
        "supporter_id": supporter_id,
        "student_message_id": student_message_id,
        "supporter_message_id": supporter_message_id,
        "from_student": from_student,
        "created_at": at,
    }
    return cast(Table, MessageLink.__table__), values


async def link_on_student_side(
    session: AsyncSession, conversation_id: int, student_message_id: int
) -> MessageLink | None:
    """The link of a message as it is in the student's chat."""
    return await session.scalar(
        select(MessageLink)
        .where(
            MessageLink.conversation_id == conversation_id,
            MessageLink.student_message_id == student_message_id,
        )
        .limit(1)
    )


async def link_on_supporter_side(
    session: AsyncSession, supporter_id: int, supporter_message_id: int
) -> MessageLink | None:
    """The link of a message as it is in a supporter's chat."""
    return await session.scalar(
        select(MessageLink)
        .where(
            MessageLink.supporter_id == supporter_id,
            MessageLink.supporter_message_id == supporter_message_id,
        )
        .order_by(MessageLink.id.desc())
        .limit(1)
    )
