"""Coordinator rules that aren't Telegram: arguments, supporters, supervision, catalogues, bans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import stats
from bot.hours import Closure, HoursError, WeeklyHours
from bot.i18n import LANGUAGES
from bot.runtime import Runtime
from storage import admin_queries as queries
from storage import repositories as repo
from storage.models import (
    ClosurePeriod,
    Conversation,
    CrisisPhrase,
    Person,
    ProfessionalContact,
    ReferralResource,
    SupervisionRecord,
    Supporter,
)

CONTACT_LANGUAGES = (*LANGUAGES, "*")
SEVERITIES = ("acute", "concern")
SUPPORTER_ACTIONS = ("pause", "resume", "remove", "capacity", "promote")
MAX_CAPACITY = 5
DUE_SOON = timedelta(days=7)
PERIODS = {"week": 7, "month": 30}
# Telegram allows 4096 characters; the margin leaves room for the page counter.
PAGE_CHARS = 3900
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Supporters see "Student K7"; a coordinator may copy either form.
PSEUDONYM = re.compile(r"(?:student\s+)?([a-z][2-9])(?:\s+(.*))?", re.IGNORECASE | re.DOTALL)
Listed = ClosurePeriod | ProfessionalContact | CrisisPhrase | ReferralResource
REMOVABLE: dict[str, type[Listed]] = {
    "closure": ClosurePeriod,
    "contact": ProfessionalContact,
    "keyword": CrisisPhrase,
    "resource": ReferralResource,
}


class Usage(ValueError):
    """A bad command argument: `key` and `values` make the one translated line explaining it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class SupporterCommand:
    """ "/supporter ALIAS action [N]"."""

    alias: str
    action: str
    capacity: int | None = None


@dataclass(frozen=True)
class Entry:
    """A catalogue entry to add: "LANG FIRST | SECOND" (name and detail, or title and body)."""

    language: str
    first: str
    second: str


@dataclass(frozen=True)
class Phrase:
    """A crisis phrase to add."""

    language: str
    severity: str
    phrase: str


@dataclass(frozen=True)
class RosterLine:
    """One supporter in /supporters."""

    alias: str
    status: str
    on_duty: bool
    accepting: bool
    last_supervision: date | None
    this_week: int


@dataclass(frozen=True)
class Due:
    """A supporter who needs supervision soon (or already): /supervision due."""

    alias: str
    last: date | None
    due_on: date | None

    def overdue(self, today: date) -> bool:
        """Whether they can no longer go on duty."""
        return self.due_on is None or self.due_on < today


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


def pages(lines: list[str], limit: int = PAGE_CHARS) -> list[str]:
    """Lines joined into as few texts of at most `limit` characters as they fit in."""
    result: list[str] = []
    current = ""
    for line in lines:
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        if current and len(current) + 1 + len(line) > limit:
            result.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*result, current] if current else result


def week_start(now: datetime, zone: str) -> datetime:
    """Monday 00:00 of the current local week."""
    local = now.astimezone(ZoneInfo(zone)).date()
    monday = local - timedelta(days=local.weekday())
    return datetime.combine(monday, time(), tzinfo=ZoneInfo(zone))


def period_start(period: str, now: datetime) -> datetime:
    """The start of the rolling period ending now."""
    return now - timedelta(days=PERIODS[period])


async def find_supporter(session: AsyncSession, alias: str) -> Supporter:
    """The (not removed) supporter with this alias."""
    supporter = await repo.supporter_by_alias(session, alias)
    if supporter is None or supporter.status == "removed":
        raise Usage("coord.supporter.unknown", alias=alias)
    return supporter


def last_supervision(supporter: Supporter, recorded: date | None) -> date | None:
    """The later of the joining/last-set date and the latest recorded session."""
    known = [day for day in (supporter.last_supervision_on, recorded) if day is not None]
    return max(known) if known else None


async def roster(session: AsyncSession, rt: Runtime) -> list[RosterLine]:
    """Every supporter with their state, last supervision and conversations this week."""
    recorded = await queries.latest_supervisions(session)
    this_week = await queries.conversations_since(
        session, week_start(rt.clock.now(), rt.settings.TIMEZONE)
    )
    return [
        RosterLine(
            alias=supporter.alias or "",
            status=supporter.status,
            on_duty=supporter.on_duty,
            accepting=supporter.accepting,
            last_supervision=last_supervision(supporter, recorded.get(supporter.id)),
            this_week=this_week.get(supporter.id, 0),
        )
        for supporter in await repo.all_supporters(session)
    ]


def apply(supporter: Supporter, command: SupporterCommand) -> bool:
    """Pause (and take off duty), resume, set capacity of, or promote; False if no change."""
    if command.action == "pause":
        supporter.status = "paused"
        supporter.on_duty, supporter.duty_since = False, None
    elif command.action == "resume":
        supporter.status = "active"
    elif command.action == "capacity" and command.capacity is not None:
        supporter.capacity = command.capacity
    elif command.action == "promote":
        if supporter.person.is_coordinator:
            return False
        supporter.person.is_coordinator = True
    return True


def remove(supporter: Supporter) -> None:
    """Take away the supporter role (their open conversations are handed over by the caller)."""
    supporter.status = "removed"
    supporter.on_duty, supporter.duty_since = False, None


async def record_supervision(
    session: AsyncSession, held_on: date, aliases: list[str], by: Person, now: datetime
) -> list[Supporter]:
    """Record attendance for every alias (all must exist); recording a day twice is harmless."""
    supporters = []
    unknown = []
    for alias in aliases:
        supporter = await repo.supporter_by_alias(session, alias)
        if supporter is None or supporter.status == "removed":
            unknown.append(alias)
        else:
            supporters.append(supporter)
    if unknown:
        raise Usage("coord.supporter.unknown", alias=", ".join(unknown))
    for supporter in supporters:
        if not await queries.supervision_recorded(session, supporter.id, held_on):
            session.add(
                SupervisionRecord(
                    supporter_id=supporter.id, held_on=held_on, recorded_by=by.id, created_at=now
                )
            )
        if supporter.last_supervision_on is None or supporter.last_supervision_on < held_on:
            supporter.last_supervision_on = held_on
    return supporters


async def supervision_due(session: AsyncSession, today: date, max_days: int) -> list[Due]:
    """Supporters who are overdue or due within a week, the most overdue first."""
    recorded = await queries.latest_supervisions(session)
    due = []
    for supporter in await repo.all_supporters(session):
        last = last_supervision(supporter, recorded.get(supporter.id))
        due_on = last + timedelta(days=max_days) if last else None
        if due_on is None or due_on <= today + DUE_SOON:
            due.append(Due(supporter.alias or "", last, due_on))
    return sorted(due, key=lambda item: item.due_on or date.min)


def add_closure(session: AsyncSession, closure: Closure, now: datetime) -> ClosurePeriod:
    """Store a closure period."""
    row = ClosurePeriod(start=closure.start, end=closure.end, label=closure.label, created_at=now)
    session.add(row)
    return row


async def add_phrase(session: AsyncSession, phrase: Phrase, now: datetime) -> CrisisPhrase:
    """Store a crisis phrase unless the same words are already there for that language."""
    if await queries.phrase_exists(session, phrase.language, phrase.phrase):
        raise Usage("coord.keywords.exists")
    row = CrisisPhrase(
        phrase=phrase.phrase, severity=phrase.severity, language=phrase.language, created_at=now
    )
    session.add(row)
    return row


def deployment_country(rt: Runtime) -> str:
    """The country whose contacts students get (as repositories.contacts_for reads it)."""
    country = rt.settings.HOLIDAYS_COUNTRY
    return country.split("-")[0] if country else ""


async def add_contact(session: AsyncSession, rt: Runtime, entry: Entry) -> ProfessionalContact:
    """Store a professional contact for this deployment, after the existing ones."""
    row = ProfessionalContact(
        language=entry.language,
        country=deployment_country(rt),
        name=entry.first,
        detail=entry.second[:200],
        position=await queries.next_position(session, ProfessionalContact),
    )
    session.add(row)
    return row


async def add_resource(session: AsyncSession, entry: Entry) -> ReferralResource:
    """Store a referral at the end of the catalogue."""
    row = ReferralResource(
        language=entry.language,
        title=entry.first,
        body=entry.second,
        position=await queries.next_position(session, ReferralResource),
    )
    session.add(row)
    return row


async def removable(session: AsyncSession, kind: str, entry_id: int) -> Listed:
    """The entry a remove command points at."""
    row = await session.get(REMOVABLE[kind], entry_id)
    if row is None:
        raise Usage("coord.unknown-id", id=entry_id)
    return row


def describe(row: Listed) -> str:
    """An entry in one line, the same in every language (it is the coordinators' own data)."""
    if isinstance(row, ClosurePeriod):
        return f"#{row.id} {row.start.isoformat()} → {row.end.isoformat()} {row.label}"
    if isinstance(row, ProfessionalContact):
        return f"#{row.id} [{row.language}] {row.name}: {row.detail}"
    if isinstance(row, CrisisPhrase):
        return f"#{row.id} [{row.language}] {row.severity}: {row.phrase}"
    return f"#{row.id} [{row.language}] {row.title}"


async def student_behind(session: AsyncSession, pseudonym: str) -> tuple[Conversation, Person]:
    """The latest conversation with this pseudonym and its student."""
    conversation = await queries.latest_conversation_with(session, pseudonym)
    student = (
        await session.get(Person, conversation.student_id)
        if conversation is not None and conversation.student_id is not None
        else None
    )
    if conversation is None or student is None:
        raise Usage("coord.ban.unknown", pseudonym=pseudonym)
    return conversation, student


def ban(student: Person, rt: Runtime, reason: str, now: datetime) -> None:
    """Stop a student from opening requests; the reason is kept encrypted."""
    student.banned_at = now
    student.ban_reason_enc = rt.cipher.encrypt(reason) if reason else None


def unban(student: Person) -> bool:
    """Lift a ban; False if there was none."""
    if student.banned_at is None:
        return False
    student.banned_at, student.ban_reason_enc = None, None
    return True


async def numbers(
    session: AsyncSession, start: datetime, end: datetime
) -> tuple[list[stats.Request], list[stats.Crisis], list[stats.Tap]]:
    """The anonymous rows the service numbers of [start, end] are made of."""
    requests = [
        stats.Request(queued_at, accepted_at, status, transfers)
        for queued_at, accepted_at, status, transfers in await queries.requests_between(
            session, start, end
        )
    ]
    crises = [
        stats.Crisis(at, severity)
        for at, severity in await queries.crisis_between(session, start, end)
    ]
    taps = [
        stats.Tap(at, heard, come_back)
        for at, heard, come_back in await queries.feedback_between(session, start, end)
    ]
    return requests, crises, taps
