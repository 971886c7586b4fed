"""Opens the update's session, resolves the caller once, and lets the domain commit the update."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot import roles, updates
from bot.context import Context
from bot.i18n import Translator

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UnitOfWork(BaseMiddleware):
    """One session per update; a redelivered update is skipped; a failure rolls back."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Run the handler inside one session and record the update as handled."""
        ctx: Context = data["ctx"]
        user = data.get("event_from_user")
        update: Update = data["event_update"]
        if user is None or user.is_bot:
            return None
        async with ctx.sessions() as session:
            # Same-chat updates are handled one at a time (ChatOrder), so checking here and
            # recording once the handler is done is enough to relay a redelivery once.
            caller = await updates.begin(
                session, ctx, user.id, user.language_code, update.update_id
            )
            if caller is None:
                log.info("update %s was already handled, skipping", update.update_id)
                return None
            data.update(
                session=session,
                caller=caller,
                roles=roles.roles_of(caller),
                t=Translator(caller.language),
            )
            try:
                result = await handler(event, data)
                await updates.finish(session, ctx, update.update_id)
            except Exception:
                await session.rollback()
                raise
            return result
