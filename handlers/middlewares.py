"""Per-update plumbing: chat ordering, albums, redelivery, and who is writing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.types import Message, TelegramObject, Update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import roles
from bot.i18n import Translator
from bot.runtime import Runtime
from storage import appends
from storage import repositories as repo
from storage.db import touched_database

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
ALBUM_QUIET = 0.25


def _chat_key(update: Update) -> int | None:
    event = update.event
    if isinstance(event, Message):
        return event.chat.id
    user = getattr(event, "from_user", None)
    if user is not None:
        return user.id
    chat = getattr(event, "chat", None)
    return chat.id if chat is not None else None


class ChatOrder(BaseMiddleware):
    """Handles one chat's updates one at a time, in arrival order, and gathers albums."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}
        self._albums: dict[str, list[Message]] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Take the chat's lock (FIFO) before handling; album parts join their first part."""
        assert isinstance(event, Update)
        key = _chat_key(event)
        if key is None:
            return await handler(event, data)
        message = event.message
        group = message.media_group_id if message is not None else None
        if group is not None and group in self._albums:
            self._albums[group].append(message)
            return None
        if group is not None:
            self._albums[group] = [message]
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                if group is not None:
                    data["album"] = await self._gather(group)
                return await handler(event, data)
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    async def _gather(self, group: str) -> list[Message]:
        seen = 0
        while seen != len(self._albums[group]):
            seen = len(self._albums[group])
            await asyncio.sleep(ALBUM_QUIET)
        return sorted(self._albums.pop(group), key=lambda part: part.message_id)


class Context(BaseMiddleware):
    """Opens the update's session and resolves the caller, roles and translator once."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Run the handler inside one session; skip redelivered updates."""
        rt: Runtime = data["rt"]
        user = data.get("event_from_user")
        update: Update = data["event_update"]
        if user is None or user.is_bot:
            return None
        async with rt.sessions() as session:
            appends.allow_staging(session)
            # Same-chat updates are handled one at a time (ChatOrder), so checking here and
            # recording once the handler is done is enough to relay a redelivery once.
            caller = await roles.identify(
                session, rt, user.id, user.language_code, update.update_id
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
                await _record(session, rt, update.update_id)
            except Exception:
                await session.rollback()
                raise
            return result


class PersonLoader(BaseMiddleware):
    """Loads the person model (and supporter record) for the handlers that take them."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Add `person` and `supporter` to the data when the matched handler asks for them."""
        wanted: CallableObject = data["handler"]
        if wanted.varkw or not wanted.params.isdisjoint(("person", "supporter")):
            person = await repo.person_by_id(data["session"], data["caller"].person_id)
            if person is None:
                log.info("the person was erased while the update waited, skipping")
                return None
            data.update(person=person, supporter=roles.active_supporter(person))
        return await handler(event, data)


async def _record(session: AsyncSession, rt: Runtime, update_id: int) -> None:
    """Commit the handler's work with the update id; untouched sessions share a group commit."""
    rows = [*appends.staged(session), repo.processed_row(update_id, rt.clock.now())]
    if touched_database(session) or session.new or session.dirty or session.deleted:
        await appends.insert_rows(session, rows)
        await session.commit()
    else:
        await session.close()
        await rt.appends.append(rows)
