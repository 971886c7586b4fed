"""Bans: a coordinator stops the student behind a pseudonym from opening requests."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit, conversations
from bot.context import Context
from bot.usage import Usage
from storage import repositories as repo
from storage.models import Conversation, Person
from storage.status import CloseReason, ConversationStatus


async def student_behind(session: AsyncSession, pseudonym: str) -> tuple[Conversation, Person]:
    """The latest conversation with this pseudonym and its student."""
    conversation = await repo.latest_conversation_with(session, pseudonym)
    student = None
    if conversation is not None and conversation.student_id is not None:
        student = await session.get(Person, conversation.student_id)
    if conversation is None or student is None:
        raise Usage("coord.ban.unknown", pseudonym=pseudonym)
    return conversation, student


async def ban(
    session: AsyncSession, ctx: Context, by: Person, conversation_id: int, reason: str
) -> str:
    """Ban the student, withdraw a request they have waiting, and log it; the pseudonym."""
    conversation = await session.get(Conversation, conversation_id)
    student = await conversations.student_of(session, conversation) if conversation else None
    if conversation is None or student is None:
        raise Usage("coord.gone")
    student.banned_at = ctx.clock.now()
    student.ban_reason_enc = ctx.cipher.encrypt(reason) if reason else None
    waiting = await repo.open_conversation_of(session, student.id)
    if waiting is not None and waiting.status == ConversationStatus.WAITING:
        await conversations.finish(session, ctx, waiting, CloseReason.BANNED, by_student=False)
    await audit.note(session, ctx, by, "ban", f"Student {conversation.pseudonym}")
    await session.commit()
    return conversation.pseudonym


async def unban(session: AsyncSession, ctx: Context, by: Person, pseudonym: str) -> bool:
    """Let the student behind a pseudonym open requests again; False if they weren't banned."""
    _, student = await student_behind(session, pseudonym)
    if student.banned_at is None:
        return False
    student.banned_at, student.ban_reason_enc = None, None
    await audit.note(session, ctx, by, "unban", f"Student {pseudonym}")
    await session.commit()
    return True
