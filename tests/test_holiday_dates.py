"""Public holidays come from a child process, so the bot never holds the holidays package."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from bot import holiday_dates


def test_a_years_holidays_have_english_names_where_the_package_has_them() -> None:
    found = holiday_dates.holidays_in("BE", "", 2026)
    assert found[date(2026, 12, 25)] == "Christmas Day"
    assert all(day.year == 2026 for day in found)


def test_a_subdivision_adds_its_own_days() -> None:
    assert len(holiday_dates.holidays_in("DE", "BY", 2026)) > len(
        holiday_dates.holidays_in("DE", "", 2026)
    )


@pytest.mark.parametrize(("country", "subdivision"), [("XX", ""), ("BE", "NOPE")])
def test_an_unknown_country_or_subdivision_is_refused(country: str, subdivision: str) -> None:
    with pytest.raises(holiday_dates.UnknownCountry, match="unknown holidays country"):
        holiday_dates.check(country, subdivision)


def test_the_bot_reads_holidays_without_importing_the_package() -> None:
    probe = (
        "import sys, datetime\n"
        "from bot.hours import WeeklyHours\n"
        "from bot.schedule import Schedule\n"
        "s = Schedule(WeeklyHours.parse('mon-fri 09:00-20:00'), 'Europe/Oslo', (), 'NO')\n"
        "assert s.closure_on(datetime.date(2026, 5, 17)) is not None\n"
        "print('holidays' in sys.modules)\n"
    )
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.strip() == "False"
