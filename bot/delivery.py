"""Carrying messages across by copy (never forward), keeping replies, albums and edits."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import Enum

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message, ReplyParameters
from sqlalchemy.ext.asyncio import AsyncSession

from bot import relay
from bot.outbox import Unreachable, deliver
from bot.queue import Held
from bot.runtime import Runtime
from storage.models import Conversation

log = logging.getLogger(__name__)


class Outcome(Enum):
    """How a delivery went."""

    DELIVERED = "delivered"
    UNREACHABLE = "unreachable"
    FAILED = "failed"


async def copy_across(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: relay.Relayed,
    messages: Sequence[Message],
    *,
    from_student: bool,
    source_chat: int,
    target_chat: int,
    markup: InlineKeyboardMarkup | None = None,
) -> Outcome:
    """Copy one message or one album to the other side (keeping its reply) and map the ids."""
    first = messages[0]
    if len(messages) == 1 and first.text is not None and len(first.text) > relay.TEXT_LIMIT:
        try:
            new_id = await _send_parts(bot, target_chat, first.text)
        except Unreachable:
            return Outcome.UNREACHABLE
        except TelegramBadRequest as error:
            log.warning("long text could not be sent: %s", error.message)
            return Outcome.FAILED
        await relay.remember(
            session, rt, conversation, [first.message_id], [new_id], from_student, rt.clock.now()
        )
        return Outcome.DELIVERED
    reply_to = None
    if len(messages) == 1:
        reply_to = await _reply_target(session, rt, conversation, first, from_student)
    return await copy_ids(
        bot,
        session,
        rt,
        conversation,
        [message.message_id for message in messages],
        from_student=from_student,
        source_chat=source_chat,
        target_chat=target_chat,
        reply_to=reply_to,
        markup=markup,
    )


async def copy_ids(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: relay.Relayed,
    message_ids: Sequence[int],
    *,
    from_student: bool,
    source_chat: int,
    target_chat: int,
    reply_to: ReplyParameters | None = None,
    markup: InlineKeyboardMarkup | None = None,
) -> Outcome:
    """Copy messages known by id (several: as one album) and map the ids."""
    try:
        if len(message_ids) > 1:
            copies = await deliver(
                lambda: bot.copy_messages(
                    chat_id=target_chat, from_chat_id=source_chat, message_ids=list(message_ids)
                )
            )
            new_ids = [copy.message_id for copy in copies]
        else:
            copy = await deliver(
                lambda: bot.copy_message(
                    chat_id=target_chat,
                    from_chat_id=source_chat,
                    message_id=message_ids[0],
                    reply_parameters=reply_to,
                    reply_markup=markup,
                )
            )
            new_ids = [copy.message_id]
    except Unreachable:
        return Outcome.UNREACHABLE
    except TelegramBadRequest as error:
        log.warning("copy failed: %s", error.message)
        return Outcome.FAILED
    await relay.remember(
        session, rt, conversation, message_ids, new_ids, from_student, rt.clock.now()
    )
    return Outcome.DELIVERED


async def _send_parts(bot: Bot, chat_id: int, text: str) -> int:
    first_id = 0
    for part in relay.split_text(text):
        sent = await deliver(lambda part=part: bot.send_message(chat_id, part))
        first_id = first_id or sent.message_id
    return first_id


async def _reply_target(
    session: AsyncSession,
    rt: Runtime,
    conversation: relay.Relayed,
    message: Message,
    from_student: bool,
) -> ReplyParameters | None:
    replied = message.reply_to_message
    if replied is None:
        return None
    if from_student:
        target = await relay.supporter_side_of(session, rt, conversation, replied.message_id)
    else:
        found = await relay.student_side_of(
            session, rt, conversation.supporter_id or 0, replied.message_id
        )
        target = found[1] if found and found[0] == conversation.id else None
    if target is None:
        return None
    return ReplyParameters(message_id=target, allow_sending_without_reply=True)


async def deliver_held(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: Conversation,
    held: Sequence[Held],
    *,
    student_chat: int,
    supporter_chat: int,
) -> tuple[int, int]:
    """Copy held messages in order (albums together); returns (delivered, failed)."""
    delivered = failed = 0
    for batch in _batches(held):
        outcome = await copy_ids(
            bot,
            session,
            rt,
            conversation,
            [item.message_id for item in batch],
            from_student=True,
            source_chat=student_chat,
            target_chat=supporter_chat,
        )
        if outcome is Outcome.UNREACHABLE:
            raise Unreachable("the praatmaat cannot be reached")
        if outcome is Outcome.DELIVERED:
            delivered += len(batch)
        else:
            failed += len(batch)
    return delivered, failed


def _batches(held: Sequence[Held]) -> list[list[Held]]:
    batches: list[list[Held]] = []
    for item in held:
        if batches and item.media_group_id and batches[-1][0].media_group_id == item.media_group_id:
            batches[-1].append(item)
        else:
            batches.append([item])
    return batches


async def relay_edit(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: Conversation,
    message: Message,
    *,
    from_student: bool,
    target_chat: int,
) -> bool:
    """Apply an edit to the copy on the other side; False when there is no copy to edit."""
    if from_student:
        target = await relay.supporter_side_of(session, rt, conversation, message.message_id)
    else:
        found = await relay.student_side_of(
            session, rt, conversation.supporter_id or 0, message.message_id
        )
        target = found[1] if found else None
    if target is None:
        return False
    try:
        if message.text is not None:
            await deliver(
                lambda: bot.edit_message_text(
                    text=message.text[: relay.TEXT_LIMIT],
                    chat_id=target_chat,
                    message_id=target,
                    entities=message.entities,
                )
            )
        else:
            await deliver(
                lambda: bot.edit_message_caption(
                    chat_id=target_chat,
                    message_id=target,
                    caption=message.caption or "",
                    caption_entities=message.caption_entities,
                )
            )
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            log.warning("edit could not be relayed: %s", error.message)
            return False
    return True
