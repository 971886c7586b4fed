"""What a button asks for: plain records, packed into Telegram's 64-byte callback data."""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, fields
from functools import cache
from typing import ClassVar, Self, get_type_hints

LIMIT = 64


@dataclass(frozen=True, slots=True)
class Action:
    """A button's request: a prefix and typed fields, packed as "prefix:field:field"."""

    prefix: ClassVar[str] = ""

    def pack(self) -> str:
        """The callback data (int, bool as 1/0, or str without ":")."""
        values = [_encode(getattr(self, field.name)) for field in fields(self)]
        data = ":".join([self.prefix, *values])
        if len(data.encode()) > LIMIT:
            raise ValueError(f"callback data of {type(self).__name__} is over {LIMIT} bytes")
        return data

    @classmethod
    def unpack(cls, data: str) -> Self | None:
        """The action packed in `data`, or None if it is not one of this kind."""
        prefix, *values = data.split(":")
        names = _fields(cls)
        if prefix != cls.prefix or not _required(cls) <= len(values) <= len(names):
            return None
        try:
            given = zip(names, values, strict=False)
            return cls(**{name: kind(value) for (name, kind), value in given})
        except ValueError:
            return None


def _encode(value: object) -> str:
    if isinstance(value, bool):
        return str(int(value))
    text = str(value)
    if ":" in text:
        raise ValueError("callback values may not contain ':'")
    return text


def _integer(text: str) -> int:
    """A whole number as `pack` writes it, in the database's 64-bit range (forged data is not)."""
    if not re.fullmatch(r"-?[0-9]{1,19}", text) or not -(2**63) <= (value := int(text)) < 2**63:
        raise ValueError(text)
    return value


def _boolean(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


@cache
def _required(cls: type[Action]) -> int:
    """How many leading fields a button made before a later field was added must carry."""
    return sum(field.default is MISSING for field in fields(cls))


@cache
def _fields(cls: type[Action]) -> tuple[tuple[str, type], ...]:
    hints = get_type_hints(cls)
    converters = {int: _integer, bool: _boolean, str: str}
    return tuple((field.name, converters[hints[field.name]]) for field in fields(cls))


@dataclass(frozen=True, slots=True)
class Accept(Action):
    """Accept a waiting request."""

    prefix: ClassVar[str] = "acc"
    conversation: int


@dataclass(frozen=True, slots=True)
class EndConfirm(Action):
    """Confirm or keep a conversation."""

    prefix: ClassVar[str] = "end"
    conversation: int
    confirm: bool


@dataclass(frozen=True, slots=True)
class Heard(Action):
    """Feedback: did you feel heard (1-5)."""

    prefix: ClassVar[str] = "fbh"
    conversation: int
    score: int


@dataclass(frozen=True, slots=True)
class ComeBack(Action):
    """Feedback: would you come back."""

    prefix: ClassVar[str] = "fbc"
    conversation: int
    yes: bool


@dataclass(frozen=True, slots=True)
class Route(Action):
    """Send a supporter's message to one of their conversations."""

    prefix: ClassVar[str] = "rt"
    conversation: int
    message: int


@dataclass(frozen=True, slots=True)
class Resource(Action):
    """Send a referral resource to the student."""

    prefix: ClassVar[str] = "res"
    conversation: int
    resource: int


@dataclass(frozen=True, slots=True)
class Tag(Action):
    """The label under a student's message when a praatmaat has several conversations."""

    prefix: ClassVar[str] = "tag"
    conversation: int


@dataclass(frozen=True, slots=True)
class Forget(Action):
    """Confirm erasing the student's data."""

    prefix: ClassVar[str] = "fgt"
    confirm: bool


@dataclass(frozen=True, slots=True)
class Welcome(Action):
    """Buttons under the welcome message: talk, help, language."""

    prefix: ClassVar[str] = "wel"
    action: str


@dataclass(frozen=True, slots=True)
class LeaveMessage(Action):
    """Leave a message while closed (with the id of the message that asked)."""

    prefix: ClassVar[str] = "lvm"
    yes: bool
    message: int = 0


@dataclass(frozen=True, slots=True)
class Choose(Action):
    """A student picks their institution (with the message they wrote before, or after /talk)."""

    prefix: ClassVar[str] = "ins"
    institution: int
    message: int = 0
    talk: bool = False


@dataclass(frozen=True, slots=True)
class Language(Action):
    """Pick a language."""

    prefix: ClassVar[str] = "lng"
    code: str


@dataclass(frozen=True, slots=True)
class Page(Action):
    """Another page of a coordinator's list."""

    prefix: ClassVar[str] = "cpg"
    view: str
    page: int


@dataclass(frozen=True, slots=True)
class Confirm(Action):
    """Confirm or cancel a coordinator's destructive action on one target."""

    prefix: ClassVar[str] = "cfm"
    action: str
    target: int
    yes: bool
