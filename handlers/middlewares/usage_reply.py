"""Answers a coordinator's bad argument with its one-line explanation, keeping nothing of it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.usage import Usage

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UsageReply(BaseMiddleware):
    """Turns bot.usage.Usage into the translated line (a toast under a button)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Run the handler; roll back and explain when an argument was wrong."""
        try:
            return await handler(event, data)
        except Usage as bad:
            await data["session"].rollback()
            text = data["t"](bad.key, **bad.values)
            answer: CallbackAnswer | None = data.get("callback_answer")
            if isinstance(event, CallbackQuery) and answer is not None:
                answer.text, answer.show_alert = text, True
            elif isinstance(event, Message):
                await data["ctx"].messenger.send(event.chat.id, text)
            return None
