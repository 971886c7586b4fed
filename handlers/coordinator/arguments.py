"""Coordinator command arguments: each parser returns clean values or raises Usage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.catalogue import Entry, Phrase
from bot.hours import Closure, HoursError, WeeklyHours
from bot.i18n import LANGUAGES
from bot.numbers import PERIODS
from bot.roster import MAX_CAPACITY
from bot.usage import Usage
from storage.status import Severity

CONTACT_LANGUAGES = (*LANGUAGES, "*")
SEVERITIES = (Severity.ACUTE, Severity.CONCERN)
SUPPORTER_ACTIONS = ("pause", "resume", "remove", "capacity", "promote")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Supporters see "Student K7"; a coordinator may copy either form.
PSEUDONYM = re.compile(r"(?:student\s+)?([a-z][2-9]{1,3})(?:\s+(.*))?", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class SupporterCommand:
    """ "/supporter ALIAS action [N]"."""

    alias: str
    action: str
    capacity: int | None = None


def split(args: str | None) -> tuple[str, str]:
    """The first word (lower case) and the rest of a command's arguments."""
    first, _, rest = (args or "").strip().partition(" ")
    return first.casefold(), rest.strip()


def no_arguments(args: str | None, command: str) -> None:
    """Refuse arguments to a command that takes none."""
    if (args or "").strip():
        raise Usage("coord.no-arguments", command=command)


def parse_text(args: str | None, key: str) -> str:
    """Non-empty free text."""
    text = (args or "").strip()
    if not text:
        raise Usage(key)
    return text


def parse_date(text: str, key: str) -> date:
    """A YYYY-MM-DD date."""
    if not ISO_DATE.fullmatch(text):
        raise Usage(key)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Usage(key) from None


def parse_id(text: str, key: str) -> int:
    """A positive entry number, with or without "#"."""
    digits = text.strip().removeprefix("#")
    if not digits.isdigit() or int(digits) < 1:
        raise Usage(key)
    return int(digits)


def parse_hours(text: str) -> WeeklyHours:
    """Weekly hours; the explanation names the part that could not be read."""
    if not text.strip():
        raise Usage("coord.hours.usage")
    try:
        return WeeklyHours.parse(text)
    except HoursError as error:
        raise Usage("coord.hours.invalid", error=str(error)) from None


def parse_closure(text: str) -> Closure:
    """ "START END LABEL": dates inclusive, the end not before the start."""
    parts = text.split(maxsplit=2)
    if len(parts) < 3:
        raise Usage("coord.closed.usage")
    start = parse_date(parts[0], "coord.closed.usage")
    end = parse_date(parts[1], "coord.closed.usage")
    label = parts[2].strip()
    if end < start:
        raise Usage("coord.closed.ends-before-start")
    if len(label) > 120:
        raise Usage("coord.too-long", limit=120)
    return Closure(start=start, end=end, label=label)


def parse_phrase(text: str) -> Phrase:
    """ "LANG SEVERITY PHRASE"."""
    parts = text.split(maxsplit=2)
    if len(parts) < 3 or parts[0].casefold() not in LANGUAGES:
        raise Usage("coord.keywords.usage")
    if parts[1].casefold() not in SEVERITIES:
        raise Usage("coord.keywords.usage")
    phrase = " ".join(parts[2].split())
    if len(phrase) > 200:
        raise Usage("coord.too-long", limit=200)
    return Phrase(parts[0].casefold(), parts[1].casefold(), phrase)


def parse_entry(text: str, languages: tuple[str, ...], key: str, limit: int) -> Entry:
    """ "LANG FIRST | SECOND" with both sides filled in; FIRST at most `limit` characters."""
    language, _, rest = text.strip().partition(" ")
    first, bar, second = rest.partition("|")
    first, second = first.strip(), second.strip()
    if language.casefold() not in languages or not bar or not first or not second:
        raise Usage(key)
    if len(first) > limit:
        raise Usage("coord.too-long", limit=limit)
    return Entry(language.casefold(), first, second)


def parse_supporter_command(args: str | None) -> SupporterCommand:
    """ "ALIAS pause|resume|remove|promote" or "ALIAS capacity N"."""
    parts = (args or "").split()
    if len(parts) < 2 or parts[1].casefold() not in SUPPORTER_ACTIONS:
        raise Usage("coord.supporter.usage", max=MAX_CAPACITY)
    alias, action = parts[0], parts[1].casefold()
    if action != "capacity":
        if len(parts) != 2:
            raise Usage("coord.supporter.usage", max=MAX_CAPACITY)
        return SupporterCommand(alias, action)
    if len(parts) != 3 or not parts[2].isdigit() or not 1 <= int(parts[2]) <= MAX_CAPACITY:
        raise Usage("coord.supporter.usage", max=MAX_CAPACITY)
    return SupporterCommand(alias, action, int(parts[2]))


def parse_supervision(text: str, today: date) -> tuple[date, list[str]]:
    """ "DATE ALIAS…" (aliases by spaces or commas); the date may not lie in the future."""
    parts = [part for part in re.split(r"[\s,]+", text.strip()) if part]
    if len(parts) < 2:
        raise Usage("coord.supervision.usage")
    held_on = parse_date(parts[0], "coord.supervision.usage")
    if held_on > today:
        raise Usage("coord.supervision.future")
    return held_on, list(dict.fromkeys(parts[1:]))


def parse_period(args: str | None) -> str:
    """ "week" (the default) or "month"."""
    period = (args or "week").strip().casefold()
    if period not in PERIODS:
        raise Usage("coord.stats.usage")
    return period


def parse_pseudonym(args: str | None, key: str) -> tuple[str, str]:
    """ "PSEUDONYM [reason]" where the pseudonym is "K7" or "Student K7"."""
    match = PSEUDONYM.fullmatch((args or "").strip())
    if match is None:
        raise Usage(key)
    return match[1].upper(), (match[2] or "").strip()
