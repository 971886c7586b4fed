"""What the domain needs from a chat service: send, copy and edit, each saying how it went."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.actions import Action


class Outcome(StrEnum):
    """How a delivery went."""

    DELIVERED = "delivered"
    UNREACHABLE = "unreachable"  # blocked the bot, left, or the chat is gone
    FAILED = "failed"  # refused for this message only (too big, bad content)


@dataclass(frozen=True, slots=True)
class Button:
    """One inline button: its label and what pressing it asks for."""

    text: str
    action: Action


Keyboard = Sequence[Sequence[Button]]


@dataclass(frozen=True, slots=True)
class Sent:
    """The result of a send or copy: the outcome and the new message ids, in order."""

    outcome: Outcome
    message_ids: tuple[int, ...] = ()

    @property
    def delivered(self) -> bool:
        """Whether the message arrived."""
        return self.outcome is Outcome.DELIVERED

    @property
    def first(self) -> int | None:
        """The first new message id, if delivered."""
        return self.message_ids[0] if self.message_ids else None


@dataclass(frozen=True, slots=True)
class Piece:
    """A message someone wrote, as the domain sees it: id, kind, text or caption, reply."""

    message_id: int
    kind: str
    text: str | None
    caption: str | None = None
    media_group_id: str | None = None
    reply_to: int | None = None
    entities: object = None  # formatting, handed back to the messenger unchanged

    @property
    def words(self) -> str | None:
        """The text or the caption."""
        return self.text if self.text is not None else self.caption


class Messenger(Protocol):
    """The one way the domain reaches people."""

    async def send(
        self, chat: int, text: str, keyboard: Keyboard | None = None, reply_to: int | None = None
    ) -> Sent:
        """Send a text."""

    async def copy(
        self,
        chat: int,
        from_chat: int,
        message_ids: Sequence[int],
        reply_to: int | None = None,
        keyboard: Keyboard | None = None,
    ) -> Sent:
        """Copy messages (several: one album) without any trace of who wrote them."""

    async def edit(
        self, chat: int, message_id: int, text: str, keyboard: Keyboard | None = None
    ) -> bool:
        """Change a text the bot sent; a failure changes nothing and returns False."""

    async def edit_copy(self, chat: int, message_id: int, piece: Piece) -> Outcome:
        """Apply an edited message to its copy (text or caption, with formatting)."""

    async def send_file(
        self, chat: int, name: str, data: bytes, caption: str | None = None
    ) -> Sent:
        """Send a document (a PNG is sent as a photo)."""

    async def set_menu(self, chat: int, commands: Sequence[tuple[str, str]]) -> None:
        """Set one chat's command menu: (command, description) pairs."""
