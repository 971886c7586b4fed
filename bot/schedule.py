"""The schedule: weekly hours in a time zone, minus closures and public holidays.

Pure apart from `load_schedule`: every moment is passed in. Ranges are local wall-clock times in the
schedule's time zone. On the days the clocks change, a range opens at the *first* moment the clock
shows its start and closes at the *last* moment the clock shows its end, so in the autumn a range
covering the repeated hour stays open through both passes instead of closing and reopening. A time
the clock skips in spring stands for the moment of the jump: "02:30-05:00" opens at 03:00 summer
time that day, and a range lying wholly inside the skipped hour does not open that day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from bot import holiday_dates, institutions
from bot.hours import Closure, HoursError, WeeklyHours
from storage import repositories as repo

if TYPE_CHECKING:
    from bot.context import Context
    from storage.models import Institution

ONE_DAY = timedelta(days=1)
# How far next_opening/next_closing look before concluding "never": two years of days.
HORIZON = timedelta(days=2 * 366)


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
        if country:
            try:
                holiday_dates.check(country, subdivision)
            except holiday_dates.UnknownCountry as error:
                raise HoursError(str(error)) from error

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
        """Public holidays of one year (none without a country)."""
        if not self._country:
            return {}
        return holiday_dates.holidays_in(self._country, self._subdivision, year)

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


async def load_schedule(
    session: AsyncSession, ctx: Context, institution: Institution | None = None
) -> Schedule:
    """An institution's schedule (the default one's without): hours, holidays, closures."""
    institution = institution or await institutions.default(session)
    closures = [
        Closure(start=row.start, end=row.end, label=row.label)
        for row in await repo.closures(session, institution.id)
    ]
    return Schedule(
        institutions.hours(ctx.settings, institution),
        institutions.timezone(ctx.settings, institution),
        closures,
        institutions.holidays(ctx.settings, institution),
    )
