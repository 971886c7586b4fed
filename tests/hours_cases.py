"""What the opening-hours tests share: zones, specs, strategies and wall-clock helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from bot.hours import Closure, WeeklyHours
from bot.schedule import Schedule

BRUSSELS = "Europe/Brussels"
OSLO = "Europe/Oslo"
WEEKDAYS = "mon-fri 09:00-20:00"

SPECS = (
    WEEKDAYS,
    "mon-thu 09:00-20:00; fri 09:00-17:00",
    "sat 10:00-14:00",
    "mon,wed 10:00-12:00, 13:00-15:30",
    "fri 20:00-24:00; sat 00:00-02:30",
    "sun 00:00-02:30, 02:45-03:15",
    "mon-sun 02:15-02:45",
    "mon-sun 00:00-24:00",
    "closed",
)


def local(text: str, timezone: str = BRUSSELS) -> datetime:
    """The moment the clock in `timezone` shows `text`, e.g. "2026-11-28 23:40"."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone))


def utc(text: str) -> datetime:
    """The moment `text`, e.g. "2026-03-30 07:00", in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of a month (months 3 and 10 have 31 days)."""
    end = date(year, month, 31)
    return end - timedelta(days=(end.weekday() + 1) % 7)


def eu_clock_changes(year: int) -> list[datetime]:
    """When Europe changes its clocks: 01:00 UTC on the last Sundays of March and October."""
    return [datetime.combine(last_sunday(year, month), time(1), UTC) for month in (3, 10)]


def wall_clock_open(schedule: Schedule, at: datetime) -> bool:
    """Open by reading the local clock and calendar, the way a student would."""
    moment = at.astimezone(schedule.zone)
    if schedule.closure_on(moment.date()) is not None:
        return False
    since_midnight = moment.replace(tzinfo=None) - datetime.combine(moment.date(), time())
    return any(
        timedelta(minutes=start) <= since_midnight < timedelta(minutes=end)
        for start, end in schedule.hours.week[moment.weekday()]
    )


def is_ambiguous(at: datetime, zone: ZoneInfo) -> bool:
    """Whether the local clock shows this time twice (the autumn night's repeated hour)."""
    moment = at.astimezone(zone)
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def boundaries(schedule: Schedule, start: datetime, stop: datetime) -> list[datetime]:
    """Every moment in [start, stop] where openness can change; it is constant in between."""
    zone = schedule.zone
    minutes = {0} | {minute for day in schedule.hours.week for pair in day for minute in pair}
    moments = {start, stop}
    day = start.astimezone(zone).date() - timedelta(days=2)
    while day <= stop.astimezone(zone).date() + timedelta(days=1):
        for minute in minutes:
            wall = datetime.combine(day, time()) + timedelta(minutes=minute)
            for fold in (0, 1):
                moment = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
                if moment.astimezone(zone).replace(tzinfo=None) == wall:
                    moments.add(moment)
        day += timedelta(days=1)
    for year in range(start.year, stop.year + 1):
        moments.update(eu_clock_changes(year))
    return sorted(moment for moment in moments if start <= moment <= stop)


clock_changes = [change for year in range(2025, 2029) for change in eu_clock_changes(year)]
zones = st.sampled_from([ZoneInfo(name) for name in (BRUSSELS, OSLO, "UTC", "America/New_York")])
moments = st.one_of(
    st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31), timezones=zones),
    st.builds(
        lambda change, shift, zone: (change + shift).astimezone(zone),
        st.sampled_from(clock_changes),
        st.one_of(
            st.timedeltas(timedelta(hours=-6), timedelta(hours=6)),
            st.timedeltas(timedelta(days=-3), timedelta(days=3)),
        ),
        zones,
    ),
)
closures = st.lists(
    st.builds(
        lambda start, length: Closure(start, start + timedelta(days=length), "Closed"),
        st.dates(date(2025, 1, 1), date(2028, 12, 31)),
        st.integers(0, 30),
    ),
    max_size=3,
)
schedules = st.builds(
    Schedule,
    hours=st.sampled_from(SPECS).map(WeeklyHours.parse),
    timezone=st.sampled_from([BRUSSELS, OSLO]),
    closures=closures,
    holidays_country=st.sampled_from(["", "BE", "NO"]),
)


def weekdays(timezone: str = BRUSSELS, **options: object) -> Schedule:
    """Monday to Friday, 09:00 to 20:00."""
    return Schedule(WeeklyHours.parse(WEEKDAYS), timezone, **options)  # type: ignore[arg-type]
