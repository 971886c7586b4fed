"""Waiting out Telegram's rate limits and faults, and knowing which failures mean "unreachable"."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot, methods
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)
T = TypeVar("T")

UNREACHABLE_HINTS = ("chat not found", "user is deactivated", "bot was blocked", "bot was kicked")
MAX_RETRIES = 8
USED_METHODS = tuple(
    getattr(methods, name)
    for name in (
        "AnswerCallbackQuery",
        "CopyMessage",
        "CopyMessages",
        "DeleteWebhook",
        "EditMessageCaption",
        "EditMessageText",
        "GetMe",
        "GetUpdates",
        "SendDocument",
        "SendMessage",
        "SendPhoto",
        "SetMyCommands",
    )
)


def keep_response_types() -> list[type]:
    """Build the used methods' models now and hold their parsed-response classes.

    aiogram builds `Response[T]` per call and pydantic caches generic classes weakly, so without
    a strong reference every call re-creates the class (a measurable share of relay CPU time).
    Models are built on first use (bot.lazy_models); building these at start spares the first
    relayed messages a ~30 ms wait.
    """
    for method in USED_METHODS:
        method.model_rebuild()
    return [Response[method.__returning__] for method in USED_METHODS]  # type: ignore[misc]


class Unreachable(Exception):
    """The chat cannot receive messages from the bot (blocked, deleted, unknown)."""


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Waits out 429 `retry_after` and transient network faults, then sends the same request."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        """Send, retrying in place so the order of one chat's messages is kept."""
        for attempt in range(MAX_RETRIES):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                log.warning(
                    "rate limited on %s, waiting %ss", type(method).__name__, error.retry_after
                )
                await asyncio.sleep(error.retry_after)
            except (TelegramNetworkError, TelegramServerError):
                if attempt == MAX_RETRIES - 1:
                    raise
                await asyncio.sleep(min(0.2 * 2**attempt, 5))
        return await make_request(bot, method)


async def deliver(call: Callable[[], Awaitable[T]]) -> T:
    """Run one Bot call, turning "blocked / chat gone" into Unreachable."""
    try:
        return await call()
    except TelegramForbiddenError as error:
        raise Unreachable(str(error.message)) from None
    except TelegramBadRequest as error:
        if any(hint in error.message.lower() for hint in UNREACHABLE_HINTS):
            raise Unreachable(str(error.message)) from None
        raise
