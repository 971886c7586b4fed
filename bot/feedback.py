"""Two taps after a conversation: did you feel heard (1-5), would you come back."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from storage import repositories as repo
from storage.models import Conversation, Person
from storage.status import ConversationStatus


async def give(
    session: AsyncSession,
    ctx: Context,
    person: Person,
    conversation_id: int,
    *,
    heard: int | None = None,
    come_back: bool | None = None,
) -> bool:
    """Store one tap on the student's own closed conversation; False for a stale button."""
    conversation = await session.get(Conversation, conversation_id)
    if (
        conversation is None
        or conversation.student_id != person.id
        or conversation.status != ConversationStatus.CLOSED
    ):
        return False
    now = ctx.clock.now()
    await repo.save_feedback(session, conversation_id, now, heard=heard, come_back=come_back)
    await session.commit()
    return True
