"""The demo's clock buttons land where they say, and never take time backwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.hours import WeeklyHours
from bot.schedule import Schedule
from demo.clock import CHOICES, DemoClock, target

BRUSSELS = ZoneInfo("Europe/Brussels")
SCHEDULE = Schedule(WeeklyHours.parse("mon-fri 09:00-20:00"), "Europe/Brussels", (), "BE")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BRUSSELS)


def test_open_now_is_now_while_open_and_just_after_the_next_opening_while_closed() -> None:
    monday = local("2026-11-23 10:00")
    assert target("open", SCHEDULE, "BE", monday) == monday
    friday_night = local("2026-11-27 22:00")
    assert target("open", SCHEDULE, "BE", friday_night) == local("2026-11-30 09:01")


def test_evening_is_just_after_the_next_closing() -> None:
    assert target("evening", SCHEDULE, "BE", local("2026-11-23 10:00")) == local("2026-11-23 20:05")


def test_weekend_is_the_coming_saturday_late_morning() -> None:
    assert target("weekend", SCHEDULE, "BE", local("2026-11-23 10:00")) == local("2026-11-28 11:00")


def test_holiday_is_the_next_public_holiday_on_a_weekday() -> None:
    moment = target("holiday", SCHEDULE, "BE", local("2026-11-23 10:00"))
    assert moment == local("2026-12-25 11:00")
    assert not SCHEDULE.is_open(moment)


def test_later_is_half_an_hour_on() -> None:
    monday = local("2026-11-23 10:00")
    assert target("later", SCHEDULE, "BE", monday) == monday + timedelta(minutes=30)


@given(
    moment=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(UTC)
    ),
    choice=st.sampled_from(CHOICES),
)
def test_no_button_goes_back_in_time(moment: datetime, choice: str) -> None:
    assert target(choice, SCHEDULE, "BE", moment) >= moment


def test_the_demo_clock_only_moves_forward() -> None:
    clock = DemoClock(local("2026-11-23 10:00"))
    assert not clock.move_to(local("2026-11-23 09:00"))
    assert clock.move_to(local("2026-11-24 10:00"))
    assert clock.now() >= local("2026-11-24 10:00")
    assert clock.now() - local("2026-11-24 10:00") < timedelta(seconds=5)


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown clock choice"):
        target("yesterday", SCHEDULE, "BE", local("2026-11-23 10:00"))
