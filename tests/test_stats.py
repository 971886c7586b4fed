"""The service numbers: medians, percentiles, unanswered requests, daily rows, CSV and chart."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot import stats
from bot.stats import Crisis, Request, Tap

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Brussels


def accepted(queued: datetime, minutes: float, transfers: int = 0) -> Request:
    """A request a praatmaat accepted after `minutes`."""
    return Request(queued, queued + timedelta(minutes=minutes), "closed", transfers)


def test_median_of_odd_and_even_counts() -> None:
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.median([]) is None


def test_percentile_is_nearest_rank() -> None:
    assert stats.percentile(list(range(1, 11)), 0.9) == 9
    assert stats.percentile([2, 4, 6, 8, 30], 0.9) == 30
    assert stats.percentile([2, 4, 6, 8, 30], 0.5) == 6
    assert stats.percentile([7], 0.9) == 7
    assert stats.percentile([], 0.9) is None


@given(
    values=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60),
    share=st.floats(min_value=0.01, max_value=1.0),
)
def test_percentile_is_a_value_with_that_share_at_or_below(values: list[int], share: float) -> None:
    result = stats.percentile(values, share)
    assert result in values
    assert sum(value <= result for value in values) >= share * len(values)
    assert sum(value < result for value in values) < share * len(values)


def test_a_wait_is_known_only_for_first_acceptances() -> None:
    assert accepted(MONDAY, 5).wait == timedelta(minutes=5)
    assert accepted(MONDAY, 5, transfers=1).wait is None
    assert Request(MONDAY, None, "waiting").wait is None


def test_unanswered_means_closed_without_anyone_accepting() -> None:
    assert Request(MONDAY, None, "closed").unanswered
    assert not Request(MONDAY, None, "waiting").unanswered
    assert not accepted(MONDAY, 3).unanswered


def test_summary_of_a_known_scenario() -> None:
    at_14 = MONDAY.replace(hour=13)  # 14:00 in Brussels
    requests = [
        accepted(at_14, 2),
        accepted(at_14 + timedelta(minutes=10), 4),
        accepted(at_14 + timedelta(minutes=20), 6),
        accepted(MONDAY, 8),
        accepted(MONDAY + timedelta(minutes=5), 30),
        Request(MONDAY.replace(hour=19), None, "closed"),
        Request(MONDAY.replace(hour=19), None, "waiting"),
    ]
    crises = [Crisis(MONDAY, "acute"), Crisis(MONDAY, "acute"), Crisis(MONDAY, "concern")]
    taps = [
        Tap(MONDAY, 5, True),
        Tap(MONDAY, 4, True),
        Tap(MONDAY, 3, False),
        Tap(MONDAY, None, None),
    ]

    summary = stats.summarise(requests, crises, taps, BRUSSELS)

    assert (summary.requests, summary.conversations, summary.unanswered) == (7, 5, 1)
    assert summary.median_wait == timedelta(minutes=6)
    assert summary.p90_wait == timedelta(minutes=30)
    assert (summary.crisis_acute, summary.crisis_concern) == (2, 1)
    assert summary.feedback == 4
    assert summary.heard_average == 4.0
    assert summary.come_back_share == 2 / 3
    assert summary.busiest_hours() == [(14, 3), (10, 2), (20, 2)]
    assert sum(summary.by_hour) == 7


def test_an_empty_period_has_no_averages() -> None:
    summary = stats.summarise([], [], [], BRUSSELS)
    assert summary.requests == 0
    assert summary.median_wait is None and summary.p90_wait is None
    assert summary.heard_average is None and summary.come_back_share is None
    assert summary.busiest_hours() == []


def test_daily_rows_cover_every_local_day_and_nothing_outside() -> None:
    late_sunday = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # already Monday in Brussels
    requests = [accepted(late_sunday, 3), accepted(MONDAY - timedelta(days=10), 1)]
    days = stats.daily(requests, [], [], BRUSSELS, date(2026, 11, 21), date(2026, 11, 23))
    assert [day for day, _ in days] == [date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]
    assert [summary.requests for _, summary in days] == [0, 0, 1]


def test_csv_has_a_header_numbers_and_blank_unknowns() -> None:
    days = stats.daily(
        [accepted(MONDAY, 4.5)],
        [],
        [Tap(MONDAY, 4, True)],
        BRUSSELS,
        date(2026, 11, 22),
        MONDAY.date(),
    )
    rows = list(csv.DictReader(io.StringIO(stats.csv_bytes(days).decode())))
    assert list(rows[0]) == list(stats.CSV_COLUMNS)
    assert rows[0]["day"] == "2026-11-22" and rows[0]["median_wait_minutes"] == ""
    assert rows[1]["requests"] == "1"
    assert rows[1]["median_wait_minutes"] == "4.5"
    assert rows[1]["heard_average"] == "4.00"
    assert rows[1]["come_back_share"] == "1.00"


def test_chart_is_a_png() -> None:
    png = stats.chart_png([0] * 10 + [3, 5] + [1] * 12, "Requests per hour", "Hour", "Requests")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
