"""The one place the application reads the time from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    """Wall-clock time, always timezone-aware UTC."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        return datetime.now(UTC)


class FakeClock(Clock):
    """A clock tests can set and move; it never moves on its own."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        """The frozen moment."""
        return self._now

    def set(self, moment: str | datetime, tz: str = "UTC") -> datetime:
        """Jump to `moment` ("2026-11-28 23:40" read in `tz`, or an aware datetime)."""
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment).replace(tzinfo=ZoneInfo(tz))
        self._now = moment.astimezone(UTC)
        return self._now

    def advance(self, **delta: float) -> datetime:
        """Move forward by a timedelta given as keyword arguments (minutes=30)."""
        self._now += timedelta(**delta)
        return self._now
