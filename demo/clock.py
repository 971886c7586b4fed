"""The demo's clock: real time shifted, moved forward on request (open, evening, weekend, …)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import holiday_dates
from bot.clock import Clock
from bot.schedule import Schedule

CHOICES = ("open", "evening", "weekend", "holiday", "later")
OPENED_FOR = timedelta(minutes=1)  # "open now" lands just after the opening, as a tick would
CLOSED_FOR = timedelta(minutes=5)  # "evening" lands just after the closing announcement is due
LATER = timedelta(minutes=30)  # "+30 min": long enough for the idle and long-wait jobs
MIDDAY = time(11, 0)
SATURDAY = 5


class DemoClock(Clock):
    """The wall clock plus an offset that only grows: time never runs backwards for the bot."""

    def __init__(self, start: datetime) -> None:
        self._offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        """The simulation's moment, in UTC."""
        return datetime.now(UTC) + self._offset

    def move_to(self, moment: datetime) -> bool:
        """Jump forward to `moment`; False (and no change) when it is not in the future."""
        ahead = moment - self.now()
        if ahead <= timedelta(0):
            return False
        self._offset += ahead
        return True


def opening_moment(schedule: Schedule, now: datetime) -> datetime:
    """Now when open, else just after the next opening."""
    if schedule.is_open(now):
        return now
    opening = schedule.next_opening(now)
    return opening + OPENED_FOR if opening is not None else now


def target(choice: str, schedule: Schedule, country: str, now: datetime) -> datetime:
    """Where a clock button takes the simulation: always now or later."""
    zone = schedule.zone
    if choice == "open":
        return opening_moment(schedule, now)
    if choice == "evening":
        closing = schedule.next_closing(opening_moment(schedule, now))
        return closing + CLOSED_FOR if closing is not None else now
    if choice == "weekend":
        local = now.astimezone(zone)
        days = (SATURDAY - local.weekday()) % 7 or (7 if local.time() >= MIDDAY else 0)
        return _at_midday(local.date() + timedelta(days=days), zone)
    if choice == "holiday":
        day = _next_weekday_holiday(country, now.astimezone(zone).date() + timedelta(days=1))
        return _at_midday(day, zone) if day is not None else now
    if choice == "later":
        return now + LATER
    raise ValueError(f"unknown clock choice {choice!r}")


def _at_midday(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, MIDDAY, tzinfo=zone).astimezone(UTC)


def _next_weekday_holiday(country: str, start: date) -> date | None:
    """The first public holiday on a weekday from `start` on (a weekend one shows nothing new)."""
    if not country:
        return None
    code, _, subdivision = country.partition("-")
    found = [
        day
        for year in (start.year, start.year + 1)
        for day in holiday_dates.holidays_in(code, subdivision, year)
    ]
    return next((day for day in sorted(found) if day >= start and day.weekday() < SATURDAY), None)
