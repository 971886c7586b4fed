"""The schedule: open or not at any moment, next opening and closing, clock changes, holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings

from bot.hours import Closure, HoursError, WeeklyHours
from bot.schedule import Schedule
from tests.hours_cases import (
    BRUSSELS,
    OSLO,
    SPECS,
    boundaries,
    eu_clock_changes,
    is_ambiguous,
    local,
    moments,
    schedules,
    utc,
    wall_clock_open,
    weekdays,
)


@settings(max_examples=300, deadline=None)
@given(schedule=schedules, moment=moments)
def test_is_open_agrees_with_the_wall_clock_outside_the_repeated_hour(
    schedule: Schedule, moment: datetime
) -> None:
    if not is_ambiguous(moment, schedule.zone):
        assert schedule.is_open(moment) == wall_clock_open(schedule, moment)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("timezone", [BRUSSELS, OSLO])
@pytest.mark.parametrize("change", eu_clock_changes(2026), ids=["spring", "autumn"])
def test_is_open_agrees_with_the_wall_clock_around_each_boundary_on_clock_change_days(
    spec: str, timezone: str, change: datetime
) -> None:
    schedule = Schedule(WeeklyHours.parse(spec), timezone)
    moments = boundaries(schedule, change - timedelta(days=1), change + timedelta(days=1))
    halfway = [early + (late - early) / 2 for early, late in pairwise(moments)]
    nearby = [at + nudge for at in moments for nudge in (-timedelta(seconds=1), timedelta())]
    for at in sorted(nearby + halfway):
        if not is_ambiguous(at, schedule.zone):
            assert schedule.is_open(at) == wall_clock_open(schedule, at), at


@settings(max_examples=150, deadline=None)
@given(schedule=schedules, moment=moments)
def test_next_opening_is_open_and_nothing_earlier_is(schedule: Schedule, moment: datetime) -> None:
    opening = schedule.next_opening(moment)
    if opening is None:
        assert schedule.hours.is_closed
        return
    start = moment.astimezone(UTC)  # PEP 495: a repeated-hour time never equals another zone's
    assert opening.tzinfo is UTC
    assert opening >= start
    assert schedule.is_open(opening)
    assert (opening == start) == schedule.is_open(moment)
    earlier = [at for at in boundaries(schedule, start, opening) if at < opening]
    assert not any(schedule.is_open(at) for at in earlier)


@settings(max_examples=150, deadline=None)
@given(schedule=schedules, moment=moments)
def test_next_closing_is_closed_and_nothing_earlier_is(
    schedule: Schedule, moment: datetime
) -> None:
    closing = schedule.next_closing(moment)
    if closing is None:
        assert str(schedule.hours) == "mon-sun 00:00-24:00"
        return
    start = moment.astimezone(UTC)  # PEP 495: a repeated-hour time never equals another zone's
    assert closing.tzinfo is UTC
    assert closing >= start
    assert not schedule.is_open(closing)
    assert (closing == start) == (not schedule.is_open(moment))
    earlier = [at for at in boundaries(schedule, start, closing) if at < closing]
    assert all(schedule.is_open(at) for at in earlier)


@pytest.mark.parametrize("timezone", [BRUSSELS, OSLO])
def test_weekend_before_spring_forward_reopens_monday_at_nine_summer_time(timezone: str) -> None:
    friday_evening = local("2026-03-27 20:00", timezone)
    assert weekdays(timezone).next_opening(friday_evening) == utc("2026-03-30 07:00")


@pytest.mark.parametrize("timezone", [BRUSSELS, OSLO])
def test_weekend_before_fall_back_reopens_monday_at_nine_winter_time(timezone: str) -> None:
    friday_evening = local("2026-10-23 20:30", timezone)
    schedule = weekdays(timezone)
    assert schedule.next_opening(friday_evening) == utc("2026-10-26 08:00")
    assert schedule.next_closing(utc("2026-10-26 08:00")) == utc("2026-10-26 19:00")


def test_range_starting_in_the_skipped_hour_opens_when_the_clock_jumps() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 02:30-05:00"), BRUSSELS)
    assert schedule.next_opening(local("2026-03-28 12:00")) == utc("2026-03-29 01:00")
    assert not schedule.is_open(utc("2026-03-29 00:59:59"))
    assert schedule.next_closing(utc("2026-03-29 01:00")) == local("2026-03-29 05:00")


def test_range_wholly_inside_the_skipped_hour_does_not_open_that_day() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 02:10-02:50"), BRUSSELS)
    assert schedule.next_opening(local("2026-03-28 12:00")) == local("2026-04-05 02:10")


def test_range_over_the_repeated_hour_stays_open_through_both_passes() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 00:00-02:30"), BRUSSELS)
    first_pass_0245 = utc("2026-10-25 00:45")
    assert schedule.is_open(first_pass_0245)
    assert schedule.next_closing(local("2026-10-25 00:00")) == utc("2026-10-25 01:30")


def test_range_starting_in_the_repeated_hour_opens_at_its_first_pass() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 02:30-04:00"), BRUSSELS)
    assert schedule.next_opening(local("2026-10-24 12:00")) == utc("2026-10-25 00:30")
    assert schedule.next_closing(utc("2026-10-25 00:30")) == utc("2026-10-25 03:00")


def test_christmas_break_reopens_on_the_first_monday_of_january() -> None:
    winter_break = Closure(date(2026, 12, 21), date(2027, 1, 3), "Winter break")
    schedule = weekdays(closures=[winter_break], holidays_country="BE")
    opening = schedule.next_opening(local("2026-12-18 20:00"))
    assert opening == local("2027-01-04 09:00")
    assert schedule.closure_on(date(2026, 12, 25)) == winter_break
    assert not schedule.is_open(local("2026-12-22 10:00"))


def test_easter_monday_is_a_belgian_holiday() -> None:
    schedule = weekdays(holidays_country="BE")
    assert schedule.next_opening(local("2026-04-03 20:00")) == local("2026-04-07 09:00")
    easter_monday = date(2026, 4, 6)
    assert schedule.closure_on(easter_monday) == Closure(
        easter_monday, easter_monday, "Easter Monday"
    )


def test_ascension_day_is_a_norwegian_holiday_named_in_english() -> None:
    schedule = weekdays(OSLO, holidays_country="no")
    assert not schedule.is_open(local("2026-05-14 12:00", OSLO))
    closure = schedule.closure_on(date(2026, 5, 14))
    assert closure is not None
    assert closure.label == "Ascension Day"


def test_subdivision_holidays_apply() -> None:
    bavaria = weekdays("Europe/Berlin", holidays_country="DE-BY")
    assert bavaria.closure_on(date(2026, 1, 6)) is not None
    assert weekdays("Europe/Berlin", holidays_country="DE").closure_on(date(2026, 1, 6)) is None


def test_ordinary_days_have_no_closure() -> None:
    assert weekdays(holidays_country="BE").closure_on(date(2026, 11, 30)) is None
    assert weekdays().closure_on(date(2026, 12, 25)) is None


def test_unknown_holidays_country_is_named() -> None:
    with pytest.raises(HoursError, match='unknown holidays country "XX"'):
        weekdays(holidays_country="XX")


def test_open_now_means_next_opening_is_now_in_utc() -> None:
    now = local("2026-11-30 10:15")
    opening = weekdays().next_opening(now)
    assert opening == now
    assert opening is not None
    assert opening.tzinfo is UTC


def test_closed_now_means_next_closing_is_now() -> None:
    saturday = local("2026-11-28 12:00")
    assert weekdays().next_closing(saturday) == saturday


def test_never_open_has_no_next_opening() -> None:
    schedule = Schedule(WeeklyHours.parse("closed"), BRUSSELS)
    assert schedule.next_opening(local("2026-11-28 12:00")) is None
    assert not schedule.is_open(local("2026-11-30 12:00"))


def test_always_open_has_no_next_closing() -> None:
    schedule = Schedule(WeeklyHours.parse("mon-sun 00:00-24:00"), BRUSSELS)
    assert schedule.next_closing(local("2026-11-28 12:00")) is None


def test_opening_hours_run_on_past_midnight_without_closing() -> None:
    schedule = Schedule(WeeklyHours.parse("fri 20:00-24:00; sat 00:00-02:00"), BRUSSELS)
    assert schedule.next_closing(local("2026-11-27 21:00")) == local("2026-11-28 02:00")


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        weekdays().is_open(datetime(2026, 11, 30, 10))
