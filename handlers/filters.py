"""Role filters, resolved from the data the context middleware put on the update."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject

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


async def not_a_command(message: Message) -> bool:
    """Plain messages only; commands go to their own handlers or to "unknown".

    Filters are coroutines on purpose: aiogram runs plain functions in a worker thread.
    """
    return not (message.text or "").startswith("/")


async def in_private_chat(message: Message) -> bool:
    """Only private chats (the crisis alert group never talks to the bot's flows)."""
    return message.chat.type == "private"


async def is_command(message: Message) -> bool:
    """A message that starts with a slash."""
    return (message.text or "").startswith("/")


async def has_text(message: Message) -> bool:
    """A text message."""
    return message.text is not None
