"""Opening hours: the weekly pattern, closure periods and public holidays, and the words for them.

Pure: no clock, no database; every moment is passed in. Ranges are local wall-clock times in the
schedule's time zone. On the days the clocks change, a range opens at the *first* moment the clock
shows its start and closes at the *last* moment the clock shows its end, so in the autumn a range
covering the repeated hour stays open through both passes instead of closing and reopening. A time
the clock skips in spring stands for the moment of the jump: "02:30-05:00" opens at 03:00 summer
time that day, and a range lying wholly inside the skipped hour does not open that day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from babel.dates import format_date, get_day_names
from babel.lists import format_list

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Coordinators may write days in any of our languages; no two-letter prefix is shared by two days.
DAY_NAMES = (
    ("monday", "maandag", "mandag"),
    ("tuesday", "dinsdag", "tirsdag"),
    ("wednesday", "woensdag", "onsdag"),
    ("thursday", "donderdag", "torsdag"),
    ("friday", "vrijdag", "fredag"),
    ("saturday", "zaterdag", "lørdag"),
    ("sunday", "zondag", "søndag"),
)
MINUTES_PER_DAY = 24 * 60
ONE_DAY = timedelta(days=1)
# How far next_opening/next_closing look before concluding "never": two years of days.
HORIZON = timedelta(days=2 * 366)
TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?")
# Phones turn "-" into dashes; Dutch and Norwegian write 09.00 as often as 09:00.
DASHES = str.maketrans({"–": "-", "—": "-"})

Interval = tuple[int, int]
"""Minutes since local midnight: open from the first up to, not including, the second (<= 1440)."""

Week = tuple[tuple[Interval, ...], ...]
"""Seven days from Monday, each with its sorted, non-touching intervals."""


class HoursError(ValueError):
    """Opening hours that cannot be understood; the message names the bad part."""


def _parse_day(word: str, part: str) -> int:
    """The weekday of an English, Dutch or Norwegian day name or its first two letters or more."""
    word = word.strip().lower()
    if not word:
        raise HoursError(f'missing day in "{part}"')
    if len(word) >= 2:
        for index, names in enumerate(DAY_NAMES):
            if any(name.startswith(word) for name in names):
                return index
    raise HoursError(f'unknown day "{word}"')


def _parse_days(text: str, part: str) -> set[int]:
    """The weekdays of a list like "mon-wed,fri"; a range may wrap around ("fri-mon")."""
    days: set[int] = set()
    for item in text.split(","):
        first, dash, last = item.partition("-")
        start = _parse_day(first, part)
        end = _parse_day(last, part) if dash else start
        days.update((start + offset) % 7 for offset in range((end - start) % 7 + 1))
    return days


def _parse_time(text: str) -> int:
    """Minutes since midnight of "9", "9:00", "09:00" or "09.00" (up to "24:00")."""
    text = text.strip()
    match = TIME.fullmatch(text)
    if match is None:
        raise HoursError(f'bad time "{text}"')
    hour, minute = int(match[1]), int(match[2] or 0)
    if minute > 59 or hour * 60 + minute > MINUTES_PER_DAY:
        raise HoursError(f'bad time "{text}"')
    return hour * 60 + minute


def _parse_interval(text: str, part: str) -> Interval:
    """One "09:00-20:00"; the end must come after the start."""
    first, dash, last = text.partition("-")
    if not dash:
        raise HoursError(f'bad hours "{text.strip()}" (expected e.g. "09:00-20:00")')
    start, end = _parse_time(first), _parse_time(last)
    if end < start:
        raise HoursError(f'range "{part}" ends before it starts')
    if end == start:
        raise HoursError(f'range "{part}" is empty')
    return start, end


def _parse_part(part: str) -> tuple[set[int], list[Interval]]:
    """One "mon-fri 09:00-12:00, 13:00-17:00": the days up to the first digit, then the times."""
    digit = re.search(r"[0-9]", part)
    if digit is None:
        raise HoursError(f'missing hours in "{part}"')
    days_text, times_text = part[: digit.start()], part[digit.start() :]
    if not days_text.strip():
        raise HoursError(f'missing days in "{part}"')
    intervals = [_parse_interval(item, part) for item in times_text.split(",")]
    return _parse_days(days_text, part), intervals


def _normalise(day: int, intervals: list[Interval]) -> tuple[Interval, ...]:
    """Sort one day's intervals, joining touching ones and rejecting overlaps."""
    joined: list[Interval] = []
    for start, end in sorted(intervals):
        if joined and start < joined[-1][1]:
            earlier, later = _interval_text(joined[-1], "-"), _interval_text((start, end), "-")
            raise HoursError(f'overlapping ranges on {DAYS[day]}: "{earlier}" and "{later}"')
        if joined and start == joined[-1][1]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return tuple(joined)


def _time_text(minute: int) -> str:
    """Minutes since midnight as "09:00"; the end of the day is "24:00"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _interval_text(interval: Interval, dash: str) -> str:
    """An interval as "09:00-20:00", joined by the given dash."""
    return f"{_time_text(interval[0])}{dash}{_time_text(interval[1])}"


def _groups(week: Week) -> list[tuple[list[int], tuple[Interval, ...]]]:
    """Days that share the same intervals, in order of their first day; closed days left out."""
    groups: dict[tuple[Interval, ...], list[int]] = {}
    for day, intervals in enumerate(week):
        if intervals:
            groups.setdefault(intervals, []).append(day)
    return [(days, intervals) for intervals, days in groups.items()]


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """Sorted weekdays as runs of consecutive days: [0, 1, 2, 4] -> [(0, 2), (4, 4)]."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _day_spans(days: list[int], names: Sequence[str], dash: str) -> list[str]:
    """Weekdays by name, three or more in a row as a range: [0, 1, 2, 5, 6] -> Mon-Wed, Sat, Sun."""
    spans: list[str] = []
    for first, last in _runs(days):
        if last - first >= 2:
            spans.append(f"{names[first]}{dash}{names[last]}")
        else:
            spans.extend(names[first : last + 1])
    return spans


@dataclass(frozen=True)
class WeeklyHours:
    """The regular opening hours of each weekday, as parsed from "mon-fri 09:00-20:00"."""

    week: Week

    @classmethod
    def parse(cls, text: str) -> WeeklyHours:
        """Read "mon-thu 09:00-20:00; fri 09:00-17:00" or "closed"; raises HoursError."""
        parts = [part.strip() for part in text.translate(DASHES).split(";") if part.strip()]
        if not parts:
            raise HoursError("no opening hours given")
        if any(part.lower() == "closed" for part in parts):
            if len(parts) > 1:
                raise HoursError('"closed" cannot be combined with hours')
            return cls(week=((),) * 7)
        by_day: list[list[Interval]] = [[] for _ in DAYS]
        for part in parts:
            days, intervals = _parse_part(part)
            for day in days:
                by_day[day].extend(intervals)
        return cls(week=tuple(_normalise(day, by_day[day]) for day in range(7)))

    @property
    def is_closed(self) -> bool:
        """Whether no day has any opening hours."""
        return not any(self.week)

    def __str__(self) -> str:
        """The canonical form, e.g. "mon-fri 09:00-20:00; sat 10:00-14:00"; parses back equal."""
        if self.is_closed:
            return "closed"
        lines = []
        for days, intervals in _groups(self.week):
            days_text = ",".join(_day_spans(days, [name[:3] for name in DAYS], "-"))
            times_text = ", ".join(_interval_text(interval, "-") for interval in intervals)
            lines.append(f"{days_text} {times_text}")
        return "; ".join(lines)


@dataclass(frozen=True)
class Closure:
    """Days without service, both ends inclusive: a closure period or a public holiday."""

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        """Refuse a period that ends before it starts."""
        if self.end < self.start:
            raise HoursError(f'closure "{self.label}" ends ({self.end}) before it starts')

    def covers(self, day: date) -> bool:
        """Whether `day` falls within the closure."""
        return self.start <= day <= self.end


def _utc(moment: datetime) -> datetime:
    """The same moment in UTC; naive datetimes are refused because their zone is a guess."""
    if moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got {moment.isoformat()}")
    return moment.astimezone(UTC)


def _offset_change(before: datetime, after: datetime, zone: ZoneInfo) -> datetime:
    """The instant in (before, after] at which `zone` changes its UTC offset."""
    offset = after.astimezone(zone).utcoffset()
    while after - before > timedelta(microseconds=1):
        middle = before + (after - before) // 2
        if middle.astimezone(zone).utcoffset() == offset:
            after = middle
        else:
            before = middle
    return after


def _instant(day: date, minute: int, zone: ZoneInfo, *, latest: bool) -> datetime:
    """The UTC moment the clock of `day` shows `minute`: the last if `latest`, else the first."""
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)
    moment = wall.replace(tzinfo=zone, fold=int(latest)).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) == wall:
        return moment
    # The clock skips `wall` (spring forward): the moment it jumps over it is the one we mean.
    skipped_from = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    skipped_to = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    return _offset_change(skipped_from, skipped_to, zone)


def _holiday_language(country: str, subdivision: str) -> str | None:
    """English holiday names where the holidays package has them, else its default language."""
    try:
        entity = holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError as error:
        name = f"{country}-{subdivision}" if subdivision else country
        raise HoursError(f'unknown holidays country "{name}"') from error
    return "en_US" if "en_US" in entity.supported_languages else None


class Schedule:
    """Weekly hours in a time zone, minus closure periods and public holidays."""

    def __init__(
        self,
        hours: WeeklyHours,
        timezone: str,
        closures: Sequence[Closure] = (),
        holidays_country: str = "",
    ) -> None:
        self.hours = hours
        self.zone = ZoneInfo(timezone)
        self.closures = tuple(closures)
        country, _, subdivision = holidays_country.strip().upper().partition("-")
        self._country = country
        self._subdivision = subdivision
        self._language = _holiday_language(country, subdivision) if country else None
        self._holidays: dict[int, Mapping[date, str]] = {}

    def closure_on(self, day: date) -> Closure | None:
        """The closure period or public holiday covering that local day, if any."""
        for closure in self.closures:
            if closure.covers(day):
                return closure
        name = self._holidays_in(day.year).get(day)
        return Closure(day, day, name) if name else None

    def is_open(self, at: datetime) -> bool:
        """Whether the service is open at the aware moment `at`."""
        at = _utc(at)
        day = at.astimezone(self.zone).date()
        return any(
            opens <= at < closes for opens, closes in self._open(day - ONE_DAY, day + ONE_DAY)
        )

    def next_opening(self, after: datetime) -> datetime | None:
        """The first open moment at or after `after` (in UTC); None if closed for the horizon."""
        after = _utc(after)
        day = after.astimezone(self.zone).date()
        for opens, closes in self._open(day - ONE_DAY, day + HORIZON):
            if closes > after:
                return max(opens, after)
        return None

    def next_closing(self, after: datetime) -> datetime | None:
        """The first closed moment at or after `after` (in UTC); None if open for the horizon."""
        moment = _utc(after)
        day = moment.astimezone(self.zone).date()
        for opens, closes in self._open(day - ONE_DAY, day + HORIZON):
            if opens > moment:
                return moment
            moment = max(moment, closes)
        horizon_end = _instant(day + HORIZON + ONE_DAY, 0, self.zone, latest=False)
        return moment if moment < horizon_end else None

    def _holidays_in(self, year: int) -> Mapping[date, str]:
        """Public holidays of one year, loaded the first time that year is asked for."""
        if year not in self._holidays:
            self._holidays[year] = (
                dict(
                    holidays.country_holidays(
                        self._country,
                        subdiv=self._subdivision or None,
                        years=year,
                        language=self._language,
                    )
                )
                if self._country
                else {}
            )
        return self._holidays[year]

    def _open(self, first: date, last: date) -> Iterator[tuple[datetime, datetime]]:
        """Open periods (UTC) of the local days first..last, ordered by start; may touch."""
        day = first
        while day <= last:
            intervals = self.hours.week[day.weekday()]
            if intervals and self.closure_on(day) is None:
                for start, end in intervals:
                    opens = _instant(day, start, self.zone, latest=False)
                    closes = _instant(day, end, self.zone, latest=True)
                    if opens < closes:
                        yield opens, closes
            day += ONE_DAY


def describe_opening(
    opening: datetime, now: datetime, timezone: str, t: Callable[..., str], language: str
) -> str:
    """The opening in words relative to now: "today at 14:00" up to "Monday 5 January at 09:00"."""
    zone = ZoneInfo(timezone)
    local = opening.astimezone(zone)
    days_ahead = (local.date() - now.astimezone(zone).date()).days
    clock = local.strftime("%H:%M")
    if days_ahead == 0:
        return t("hours.today", time=clock)
    if days_ahead == 1:
        return t("hours.tomorrow", time=clock)
    if 1 < days_ahead < 7:
        weekday = format_date(local.date(), "EEEE", locale=language)
        return t("hours.weekday", weekday=weekday, time=clock)
    day = format_date(local.date(), t("hours.date-pattern"), locale=language)
    return t("hours.date", date=day, time=clock)


def describe_hours(hours: WeeklyHours, t: Callable[..., str], language: str) -> str:
    """The weekly hours in words, e.g. "Monday–Friday 09:00–20:00; Saturday 10:00–14:00"."""
    if hours.is_closed:
        return t("hours.never-open")
    wide = get_day_names("wide", locale=language)
    names = [wide[day] for day in range(7)]
    return "; ".join(
        t(
            "hours.days-times",
            days=format_list(_day_spans(days, names, "–"), locale=language),
            times=format_list(
                [_interval_text(interval, "–") for interval in intervals], locale=language
            ),
        )
        for days, intervals in _groups(hours.week)
    )
