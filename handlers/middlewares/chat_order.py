"""Handles one chat's updates one at a time, in arrival order, and gathers albums."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update

from bot.telegram.incoming import chat_of

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
ALBUM_QUIET = 0.25


class ChatOrder(BaseMiddleware):
    """Takes the chat's lock (FIFO) before handling; album parts join their first part."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}
        self._albums: dict[str, list[Message]] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Handle the update when the chat's earlier updates are done."""
        assert isinstance(event, Update)
        key = chat_of(event)
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
