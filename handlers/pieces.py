"""Telegram messages as the domain's Pieces, and where a button's message is."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import CallbackQuery, Message

from bot.context import Context
from bot.messenger import Keyboard, Piece
from bot.relay import kind_of


def piece(message: Message) -> Piece:
    """One message: id, kind, text or caption (with formatting), album, reply."""
    replied = message.reply_to_message
    return Piece(
        message_id=message.message_id,
        kind=kind_of(message),
        text=message.text,
        caption=message.caption,
        media_group_id=message.media_group_id,
        reply_to=replied.message_id if replied is not None else None,
        entities=message.entities if message.text is not None else message.caption_entities,
    )


def pieces(message: Message, album: Sequence[Message] | None) -> list[Piece]:
    """A message, or every part of its album, in order."""
    return [piece(part) for part in album or [message]]


def replied_id(message: Message) -> int | None:
    """The id of the message this one replies to."""
    return message.reply_to_message.message_id if message.reply_to_message else None


async def edit_pressed(
    ctx: Context, query: CallbackQuery, text: str, keyboard: Keyboard | None = None
) -> None:
    """Change the message a pressed button is under, if it is still there."""
    if isinstance(query.message, Message):
        await ctx.messenger.edit(query.message.chat.id, query.message.message_id, text, keyboard)
