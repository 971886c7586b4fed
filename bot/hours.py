"""Opening hours: the weekly pattern and closure periods as typed, and the words for them.

Pure: no clock, no database; every moment is passed in. Ranges are local wall-clock times in the
schedule's time zone. On the days the clocks change, a range opens at the *first* moment the clock
shows its start and closes at the *last* moment the clock shows its end, so in the autumn a range
covering the repeated hour stays open through both passes instead of closing and reopening. A time
the clock skips in spring stands for the moment of the jump: "02:30-05:00" opens at 03:00 summer
time that day, and a range lying wholly inside the skipped hour does not open that day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import get_day_names
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
