"""The Messenger on aiogram: sends, copies and edits, turning Telegram's failures into Outcomes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)

from bot import metrics
from bot.messenger import Keyboard, Outcome, Piece, Sent
from bot.relay import TEXT_LIMIT
from bot.telegram.retry import Unreachable, deliver

log = logging.getLogger(__name__)


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    """The inline keyboard Telegram draws for rows of buttons."""
    if keyboard is None:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=b.action.pack()) for b in row]
            for row in keyboard
        ]
    )


def _reply(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


class TelegramMessenger:
    """Every message the bot sends goes through here."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(
        self, chat: int, text: str, keyboard: Keyboard | None = None, reply_to: int | None = None
    ) -> Sent:
        """Send a text."""
        return await self._sent(
            lambda: self.bot.send_message(
                chat, text, reply_markup=markup(keyboard), reply_parameters=_reply(reply_to)
            )
        )

    async def copy(
        self,
        chat: int,
        from_chat: int,
        message_ids: Sequence[int],
        reply_to: int | None = None,
        keyboard: Keyboard | None = None,
    ) -> Sent:
        """Copy one message, or several as one album."""
        if len(message_ids) > 1:
            ids = list(message_ids)
            return await self._sent(
                lambda: self.bot.copy_messages(
                    chat_id=chat, from_chat_id=from_chat, message_ids=ids
                )
            )
        return await self._sent(
            lambda: self.bot.copy_message(
                chat_id=chat,
                from_chat_id=from_chat,
                message_id=message_ids[0],
                reply_parameters=_reply(reply_to),
                reply_markup=markup(keyboard),
            )
        )

    async def edit(
        self, chat: int, message_id: int, text: str, keyboard: Keyboard | None = None
    ) -> bool:
        """Change a text the bot sent; failures (deleted, unchanged, blocked) are ignored."""
        try:
            await self.bot.edit_message_text(
                text=text, chat_id=chat, message_id=message_id, reply_markup=markup(keyboard)
            )
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.debug("edit not applied: %s", type(error).__name__)
            return False
        return True

    async def edit_copy(self, chat: int, message_id: int, piece: Piece) -> Outcome:
        """Apply an edit to the copy: its text, or its caption, with the formatting."""
        try:
            if piece.text is not None:
                await deliver(
                    lambda: self.bot.edit_message_text(
                        text=piece.text[:TEXT_LIMIT],
                        chat_id=chat,
                        message_id=message_id,
                        entities=piece.entities,
                    )
                )
            else:
                await deliver(
                    lambda: self.bot.edit_message_caption(
                        chat_id=chat,
                        message_id=message_id,
                        caption=piece.caption or "",
                        caption_entities=piece.entities,
                    )
                )
        except Unreachable:
            return _undelivered(Outcome.UNREACHABLE)
        except TelegramBadRequest as error:
            if "not modified" not in error.message:
                log.warning("edit could not be relayed: %s", error.message)
                return _undelivered(Outcome.FAILED)
        return Outcome.DELIVERED

    async def send_file(
        self, chat: int, name: str, data: bytes, caption: str | None = None
    ) -> Sent:
        """Send a document; a PNG goes as a photo."""
        upload = BufferedInputFile(data, name)
        if name.endswith(".png"):
            return await self._sent(lambda: self.bot.send_photo(chat, upload, caption=caption))
        return await self._sent(lambda: self.bot.send_document(chat, upload, caption=caption))

    async def set_menu(self, chat: int, commands: Sequence[tuple[str, str]]) -> None:
        """Set one chat's command menu."""
        menu = [BotCommand(command=name, description=text) for name, text in commands]
        try:
            await self.bot.set_my_commands(menu, scope=BotCommandScopeChat(chat_id=chat))
        except TelegramAPIError as error:
            log.warning("menu not set: %s", type(error).__name__)

    async def _sent(self, call: Callable[[], Awaitable[Any]]) -> Sent:
        try:
            result = await deliver(call)
        except Unreachable:
            return Sent(_undelivered(Outcome.UNREACHABLE))
        except TelegramBadRequest as error:
            log.warning("not sent: %s", error.message)
            return Sent(_undelivered(Outcome.FAILED))
        items = result if isinstance(result, list) else [result]
        return Sent(Outcome.DELIVERED, tuple(item.message_id for item in items))


def _undelivered(outcome: Outcome) -> Outcome:
    """Count a message Telegram did not deliver."""
    metrics.UNDELIVERED.labels(outcome).inc()
    return outcome
