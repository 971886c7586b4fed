"""Loads the person model (and supporter record) for the handlers that take them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.types import TelegramObject

from bot import roles

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PersonLoader(BaseMiddleware):
    """Adds `person` and `supporter` to the data when the matched handler asks for them."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Load the person only for handlers that need more than the light caller."""
        wanted: CallableObject = data["handler"]
        if wanted.varkw or not wanted.params.isdisjoint(("person", "supporter")):
            person = await roles.person(data["session"], data["caller"].person_id)
            if person is None:
                log.info("the person was erased while the update waited, skipping")
                return None
            data.update(person=person, supporter=roles.active_supporter(person))
        return await handler(event, data)
