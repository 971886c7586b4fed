"""Counts every update by type and outcome, and notes when it arrived (for the relay latency)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot import metrics

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateMetrics(BaseMiddleware):
    """The outermost middleware: it sees every update, before it waits for its chat."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Handle the update, counting it as handled, ignored (no handler) or failed."""
        assert isinstance(event, Update)
        metrics.arrived()
        outcome = "failed"
        try:
            result = await handler(event, data)
            outcome = "ignored" if result is UNHANDLED else "handled"
            return result
        finally:
            metrics.UPDATES.labels(event.event_type, outcome).inc()
