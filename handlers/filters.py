"""Filters: roles from the unit-of-work data, message shapes, and which button was pressed.

Filters are coroutines on purpose: aiogram runs plain functions in a worker thread.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.actions import Action
from bot.roles import COORDINATOR, STUDENT, SUPPORTER


class HasRole(Filter):
    """Passes when the person has the given role."""

    def __init__(self, role: str) -> None:
        self.role = role

    async def __call__(self, event: TelegramObject, roles: frozenset[str] = frozenset()) -> bool:
        """Whether `roles` includes this filter's role."""
        return self.role in roles


def is_student() -> HasRole:
    """Only students."""
    return HasRole(STUDENT)


def is_supporter() -> HasRole:
    """Only supporters."""
    return HasRole(SUPPORTER)


def is_coordinator() -> HasRole:
    """Only coordinators."""
    return HasRole(COORDINATOR)


class Pressed(Filter):
    """A button of one action kind (optionally with given field values); gives it as `action`."""

    def __init__(self, kind: type[Action], **where: Any) -> None:
        self.kind, self.where = kind, where

    async def __call__(self, query: CallbackQuery) -> bool | dict[str, Action]:
        """The unpacked action when the button is one of ours."""
        action = self.kind.unpack(query.data or "")
        if action is None or any(getattr(action, k) != v for k, v in self.where.items()):
            return False
        return {"action": action}


async def not_a_command(message: Message) -> bool:
    """Plain messages only; commands go to their own handlers or to "unknown"."""
    return not (message.text or "").startswith("/")


async def in_private_chat(message: Message) -> bool:
    """Only the sender's own private chat (the crisis alert group never talks to the flows)."""
    user = message.from_user
    return message.chat.type == "private" and user is not None and message.chat.id == user.id


async def is_command(message: Message) -> bool:
    """A message that starts with a slash."""
    return (message.text or "").startswith("/")


async def has_text(message: Message) -> bool:
    """A text message."""
    return message.text is not None
