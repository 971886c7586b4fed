"""The status and reason strings kept in the database, as enums equal to those strings."""

from __future__ import annotations

from enum import StrEnum


class ConversationStatus(StrEnum):
    """Where a request or conversation is: in line, in progress, or over."""

    WAITING = "waiting"
    ACTIVE = "active"
    CLOSED = "closed"


class SupporterStatus(StrEnum):
    """Whether a supporter takes part: active, paused by a coordinator, or removed."""

    ACTIVE = "active"
    PAUSED = "paused"
    REMOVED = "removed"


class Severity(StrEnum):
    """How serious recognised crisis language is (of a message, phrase or conversation)."""

    NONE = "none"
    CONCERN = "concern"
    ACUTE = "acute"


SEVERITY_RANK: dict[str, int] = {Severity.NONE: 0, Severity.CONCERN: 1, Severity.ACUTE: 2}


class CloseReason(StrEnum):
    """Why a conversation or request was closed (`Conversation.close_reason`)."""

    ENDED = "ended"  # the student or the praatmaat ended it
    CANCELLED = "cancelled"  # the student left the queue before anyone accepted
    IDLE = "idle"  # nobody wrote for too long
    BLOCKED = "blocked"  # the student blocked the bot or cannot be reached
    FORGOTTEN = "forgotten"  # the student asked to be erased, or was erased meanwhile
    BANNED = "banned"  # a coordinator banned the student


OPEN: tuple[ConversationStatus, ...] = (ConversationStatus.WAITING, ConversationStatus.ACTIVE)
