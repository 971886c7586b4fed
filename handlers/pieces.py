"""Telegram messages as the domain's Pieces, and where a button's message is."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import CallbackQuery, Message

from bot.messenger import Piece
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


def pressed_message(query: CallbackQuery) -> tuple[int, int] | None:
    """(chat, message id) of the message a pressed button is under, if it is still there."""
    if isinstance(query.message, Message):
        return query.message.chat.id, query.message.message_id
    return None
