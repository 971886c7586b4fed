"""Carrying messages across by copy (never forward), keeping replies, albums and edits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot import metrics, relay
from bot.context import Context
from bot.i18n import Translator
from bot.messenger import Keyboard, Outcome, Piece
from bot.queue import Held
from storage.models import Conversation


async def copy_across(
    session: AsyncSession,
    ctx: Context,
    conversation: relay.Relayed,
    pieces: Sequence[Piece],
    *,
    from_student: bool,
    source_chat: int,
    target_chat: int,
    keyboard: Keyboard | None = None,
) -> Outcome:
    """Copy one message or one album to the other side (keeping its reply) and map the ids."""
    first = pieces[0]
    if len(pieces) == 1 and first.text is not None and len(first.text) > relay.TEXT_LIMIT:
        return await _send_parts(session, ctx, conversation, first, from_student, target_chat)
    reply_to = None
    if len(pieces) == 1 and first.reply_to is not None:
        reply_to = await _reply_target(session, ctx, conversation, first.reply_to, from_student)
    outcome = await copy_ids(
        session,
        ctx,
        conversation,
        [piece.message_id for piece in pieces],
        from_student=from_student,
        source_chat=source_chat,
        target_chat=target_chat,
        reply_to=reply_to,
        keyboard=keyboard,
    )
    if outcome is Outcome.DELIVERED:
        metrics.relayed(from_student=from_student)
    return outcome


async def copy_ids(
    session: AsyncSession,
    ctx: Context,
    conversation: relay.Relayed,
    message_ids: Sequence[int],
    *,
    from_student: bool,
    source_chat: int,
    target_chat: int,
    reply_to: int | None = None,
    keyboard: Keyboard | None = None,
) -> Outcome:
    """Copy messages known by id (several: as one album) and map the ids."""
    sent = await ctx.messenger.copy(target_chat, source_chat, message_ids, reply_to, keyboard)
    if sent.delivered:
        await relay.remember(
            session, ctx, conversation, message_ids, sent.message_ids, from_student, ctx.clock.now()
        )
    return sent.outcome


async def _send_parts(
    session: AsyncSession,
    ctx: Context,
    conversation: relay.Relayed,
    piece: Piece,
    from_student: bool,
    target_chat: int,
) -> Outcome:
    """A text over Telegram's limit goes as several messages; the first stands for it."""
    first_id = 0
    for part in relay.split_text(piece.text or ""):
        sent = await ctx.messenger.send(target_chat, part)
        if not sent.delivered:
            return sent.outcome
        first_id = first_id or sent.message_ids[0]
    await relay.remember(
        session, ctx, conversation, [piece.message_id], [first_id], from_student, ctx.clock.now()
    )
    metrics.relayed(from_student=from_student)
    return Outcome.DELIVERED


async def _reply_target(
    session: AsyncSession,
    ctx: Context,
    conversation: relay.Relayed,
    replied: int,
    from_student: bool,
) -> int | None:
    if from_student:
        return await relay.supporter_side_of(session, ctx, conversation, replied)
    found = await relay.student_side_of(session, ctx, conversation.supporter_id or 0, replied)
    return found[1] if found and found[0] == conversation.id else None


async def deliver_held(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    held: Sequence[Held],
    *,
    student_chat: int,
    supporter_chat: int,
) -> tuple[int, int, bool]:
    """Copy held messages in order (albums together): (delivered, failed, praatmaat reachable)."""
    delivered = failed = 0
    for batch in _batches(held):
        outcome = await copy_ids(
            session,
            ctx,
            conversation,
            [item.message_id for item in batch],
            from_student=True,
            source_chat=student_chat,
            target_chat=supporter_chat,
        )
        if outcome is Outcome.UNREACHABLE:
            return delivered, failed, False
        if outcome is Outcome.DELIVERED:
            delivered += len(batch)
        else:
            failed += len(batch)
    return delivered, failed, True


def _batches(held: Sequence[Held]) -> list[list[Held]]:
    batches: list[list[Held]] = []
    for item in held:
        if batches and item.media_group_id and batches[-1][0].media_group_id == item.media_group_id:
            batches[-1].append(item)
        else:
            batches.append([item])
    return batches


async def relay_edit(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    piece: Piece,
    *,
    from_student: bool,
    target_chat: int,
) -> bool:
    """Apply an edit to the copy on the other side; False when there is no copy to edit."""
    if from_student:
        target = await relay.supporter_side_of(session, ctx, conversation, piece.message_id)
    else:
        found = await relay.student_side_of(
            session, ctx, conversation.supporter_id or 0, piece.message_id
        )
        target = found[1] if found else None
    if target is None:
        return False
    return await ctx.messenger.edit_copy(target_chat, target, piece) is Outcome.DELIVERED


async def refused(ctx: Context, chat: int, t: Translator, piece: Piece) -> bool:
    """Answer (and return True) for contacts, places, polls, dice, unknown kinds and blanks."""
    if piece.kind in relay.REFUSED:
        key = f"relay.refused-{piece.kind}"
    elif piece.kind == "other":
        key = "relay.unsupported"
    elif relay.is_blank(piece.text):
        key = "relay.empty"
    else:
        return False
    await ctx.messenger.send(chat, t(key))
    return True
