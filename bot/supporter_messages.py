"""What a praatmaat writes: copied to the student of the conversation it is for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot import conversations, delivery, keyboards, relay
from bot.context import Context
from bot.i18n import Translator
from bot.messenger import Outcome, Piece
from bot.roles import chat_of
from storage import lookups
from storage.lookups import ConversationForSupporter
from storage.models import Conversation
from storage.status import ConversationStatus

Open = TypeVar("Open", Conversation, ConversationForSupporter)


async def writes(
    session: AsyncSession,
    ctx: Context,
    supporter_id: int,
    chat: int,
    t: Translator,
    pieces: Sequence[Piece],
) -> None:
    """Plain supporter messages go to the student (asking which one when there are several)."""
    active = await lookups.supporter_conversations(session, ctx.reader, supporter_id)
    if not active:
        await ctx.messenger.send(chat, t("relay.no-conversation"))
        return
    target = await target_of(session, ctx, supporter_id, pieces[0].reply_to, active)
    if target is None:
        pairs = [(current.pseudonym, current.id) for current in active]
        keyboard = keyboards.route(t, pairs, pieces[0].message_id)
        await ctx.messenger.send(chat, t("route.which"), keyboard)
        return
    student_chat = ctx.cipher.chat_id(target.student_chat_enc) if target.student_chat_enc else None
    await _copy_to_student(
        session, ctx, target, t, source_chat=chat, student_chat=student_chat, pieces=pieces
    )


async def route_chosen(
    session: AsyncSession,
    ctx: Context,
    supporter_id: int,
    chat: int,
    t: Translator,
    conversation_id: int,
    message_id: int,
) -> str | None:
    """Send a message the praatmaat wrote to the conversation they picked; None if stale."""
    conversation = await session.get(Conversation, conversation_id)
    if (
        conversation is None
        or conversation.supporter_id != supporter_id
        or conversation.status != ConversationStatus.ACTIVE
    ):
        return None
    student = await conversations.student_of(session, conversation)
    await _copy_to_student(
        session,
        ctx,
        conversation,
        t,
        source_chat=chat,
        student_chat=chat_of(ctx, student) if student is not None else None,
        ids=[message_id],
    )
    return t("route.sent", pseudonym=conversation.pseudonym)


async def edited(session: AsyncSession, ctx: Context, supporter_id: int, piece: Piece) -> None:
    """Relay a praatmaat's edit as an edit."""
    found = await relay.student_side_of(session, ctx, supporter_id, piece.message_id)
    if found is None:
        return
    conversation = await session.get(Conversation, found[0])
    if conversation is None or conversation.status != ConversationStatus.ACTIVE:
        return
    student = await conversations.student_of(session, conversation)
    if student is not None:
        await delivery.relay_edit(
            session, ctx, conversation, piece, from_student=False, target_chat=chat_of(ctx, student)
        )


async def target_of(
    session: AsyncSession,
    ctx: Context,
    supporter_id: int,
    replied: int | None,
    active: Sequence[Open],
) -> Open | None:
    """The conversation a message is for: the one replied to, or the only open one."""
    if replied is not None:
        found = await relay.student_side_of(session, ctx, supporter_id, replied)
        if found is not None:
            for conversation in active:
                if conversation.id == found[0]:
                    return conversation
    return active[0] if len(active) == 1 else None


async def _copy_to_student(
    session: AsyncSession,
    ctx: Context,
    conversation: relay.Relayed,
    t: Translator,
    *,
    source_chat: int,
    student_chat: int | None,
    pieces: Sequence[Piece] = (),
    ids: Sequence[int] = (),
) -> None:
    """Copy `pieces` (or, when only their ids are known, `ids`) to the student."""
    outcome = Outcome.UNREACHABLE
    if student_chat is not None and pieces:
        outcome = await delivery.copy_across(
            session,
            ctx,
            conversation,
            pieces,
            from_student=False,
            source_chat=source_chat,
            target_chat=student_chat,
        )
    elif student_chat is not None:
        outcome = await delivery.copy_ids(
            session,
            ctx,
            conversation,
            ids,
            from_student=False,
            source_chat=source_chat,
            target_chat=student_chat,
        )
    if outcome is Outcome.UNREACHABLE:
        stored = await session.get(Conversation, conversation.id)
        if stored is not None:
            await conversations.student_unreachable(session, ctx, stored)
    elif outcome is Outcome.FAILED:
        await ctx.messenger.send(source_chat, t("relay.failed"))
