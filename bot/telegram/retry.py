"""Waiting out Telegram's rate limits and faults, and knowing which failures mean "unreachable"."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from aiogram import Bot, methods
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot import metrics
from bot.telegram.incoming import GetRawUpdates
from bot.telegram.pacing import Pacer

log = logging.getLogger(__name__)
T = TypeVar("T")
APP_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tuple(APP_ROOT / name for name in ("bot", "handlers", "storage", "scheduler"))

UNREACHABLE_HINTS = ("chat not found", "user is deactivated", "bot was blocked", "bot was kicked")
MAX_RETRIES = 8
USED_METHODS = (
    GetRawUpdates,
    *(
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
    ),
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
    """Waits out 429 `retry_after` and transient network faults, then sends the same request.

    With a pacer, messages wait for their slot first, and a 429 slows every instance down.
    """

    def __init__(self, pacer: Pacer | None = None) -> None:
        self.pacer = pacer

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        """Send, retrying in place so the order of one chat's messages is kept."""
        name = type(method).__name__
        chat = getattr(method, "chat_id", None) if name.startswith(("Send", "Copy")) else None
        pacer = self.pacer if chat is not None else None
        for attempt in range(MAX_RETRIES):
            try:
                paced = pacer is not None and await pacer.before_send(chat)
                response = await make_request(bot, method)
                if paced:
                    await pacer.after_send(chat)  # type: ignore[union-attr]
                return response
            except TelegramRetryAfter as error:
                metrics.RATE_LIMITED.labels(name).inc()
                log.warning("rate limited on %s, waiting %ss", name, error.retry_after)
                if pacer is not None:
                    await pacer.limited(chat, error.retry_after)  # the next slot is after it
                else:
                    await asyncio.sleep(error.retry_after)
            except (TelegramNetworkError, TelegramServerError):
                if attempt == MAX_RETRIES - 1:
                    raise
                await asyncio.sleep(min(0.2 * 2**attempt, 5))
        return await make_request(bot, method)


class ExpiredPresses(BaseRequestMiddleware):
    """An answer to a press Telegram no longer knows (too old, or never real) is dropped.

    Raising would abort what the press started, e.g. an accept whose claim is already saved.
    """

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        """Send; a refused answer to a callback query counts as answered."""
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if not isinstance(method, methods.AnswerCallbackQuery) or "query" not in error.message:
                raise
            log.info("a press was not answered: it is too old or unknown to Telegram")
            return Response[bool](ok=True, result=False)  # type: ignore[return-value]


def failure(error: Exception) -> str:
    """What failed, for a log line: the error's type, the Bot API method, our innermost line.

    Never the error's message: it may quote what someone wrote.
    """
    what = type(error).__name__
    if isinstance(error, TelegramAPIError):
        what += f" on {type(error.method).__name__}"
    ours = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if any(Path(frame.filename).is_relative_to(package) for package in PACKAGES)
    ]
    if ours:
        what += f" at {Path(ours[-1].filename).relative_to(APP_ROOT)}:{ours[-1].lineno}"
    return what


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
