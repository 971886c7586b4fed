"""Service numbers for coordinators: waits, unanswered requests, crises, feedback; chart and CSV.

Pure: rows come in, numbers and bytes go out. Nothing here can identify a student: only times,
states, severities and scores are read, and only counts and averages leave.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.status import ConversationStatus, Severity

HOURS = range(24)
CSV_COLUMNS = (
    "day",
    "requests",
    "conversations",
    "unanswered",
    "median_wait_minutes",
    "p90_wait_minutes",
    "crisis_acute",
    "crisis_concern",
    "feedback",
    "heard_average",
    "come_back_share",
)


@dataclass(frozen=True)
class Request:
    """One request as the numbers see it: when it queued, whether and when it was accepted."""

    queued_at: datetime
    accepted_at: datetime | None
    status: str
    transfers: int = 0

    @property
    def answered(self) -> bool:
        """Whether a praatmaat accepted it."""
        return self.accepted_at is not None

    @property
    def unanswered(self) -> bool:
        """Closed without anyone accepting: left the queue, cancelled, or timed out."""
        return self.status == ConversationStatus.CLOSED and self.accepted_at is None

    @property
    def wait(self) -> timedelta | None:
        """Time from asking to being accepted; unknown after a transfer re-accepted it."""
        if self.accepted_at is None or self.transfers:
            return None
        return self.accepted_at - self.queued_at


@dataclass(frozen=True)
class Tap:
    """One conversation's feedback: felt heard (1-5) and would come back."""

    at: datetime
    heard: int | None
    come_back: bool | None


@dataclass(frozen=True)
class Crisis:
    """One recognised crisis message: when, and how severe."""

    at: datetime
    severity: str


@dataclass(frozen=True)
class Summary:
    """The numbers of one period."""

    requests: int
    conversations: int
    unanswered: int
    median_wait: timedelta | None
    p90_wait: timedelta | None
    crisis_acute: int
    crisis_concern: int
    feedback: int
    heard_average: float | None
    come_back_share: float | None
    by_hour: tuple[int, ...]

    def busiest_hours(self, top: int = 3) -> list[tuple[int, int]]:
        """The hours with most requests as (hour, count), most first; empty hours left out."""
        ranked = sorted(
            ((hour, count) for hour, count in enumerate(self.by_hour) if count),
            key=lambda item: (-item[1], item[0]),
        )
        return ranked[:top]


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None if empty."""
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with `share` of all values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _seconds(value: float | None) -> timedelta | None:
    return None if value is None else timedelta(seconds=value)


def summarise(
    requests: Iterable[Request],
    crises: Iterable[Crisis],
    taps: Iterable[Tap],
    zone: ZoneInfo,
) -> Summary:
    """The numbers of the given rows; busiest hours are local hours in `zone`."""
    requests, taps = list(requests), list(taps)
    waits = [wait.total_seconds() for r in requests if (wait := r.wait) is not None]
    severities = Counter(crisis.severity for crisis in crises)
    heard = [tap.heard for tap in taps if tap.heard is not None]
    come_back = [tap.come_back for tap in taps if tap.come_back is not None]
    hours = Counter(r.queued_at.astimezone(zone).hour for r in requests)
    return Summary(
        requests=len(requests),
        conversations=sum(r.answered for r in requests),
        unanswered=sum(r.unanswered for r in requests),
        median_wait=_seconds(median(waits)),
        p90_wait=_seconds(percentile(waits, 0.9)),
        crisis_acute=severities[Severity.ACUTE],
        crisis_concern=severities[Severity.CONCERN],
        feedback=len(taps),
        heard_average=statistics.fmean(heard) if heard else None,
        come_back_share=sum(come_back) / len(come_back) if come_back else None,
        by_hour=tuple(hours[hour] for hour in HOURS),
    )


def daily(
    requests: Iterable[Request],
    crises: Iterable[Crisis],
    taps: Iterable[Tap],
    zone: ZoneInfo,
    first: date,
    last: date,
) -> list[tuple[date, Summary]]:
    """One summary per local day from `first` to `last`, days without activity included."""
    days: dict[date, tuple[list[Request], list[Crisis], list[Tap]]] = {
        first + timedelta(days=offset): ([], [], []) for offset in range((last - first).days + 1)
    }
    for request in requests:
        if (rows := days.get(request.queued_at.astimezone(zone).date())) is not None:
            rows[0].append(request)
    for crisis in crises:
        if (rows := days.get(crisis.at.astimezone(zone).date())) is not None:
            rows[1].append(crisis)
    for tap in taps:
        if (rows := days.get(tap.at.astimezone(zone).date())) is not None:
            rows[2].append(tap)
    return [(day, summarise(*rows, zone)) for day, rows in days.items()]


def _minutes(value: timedelta | None) -> str:
    return "" if value is None else f"{value.total_seconds() / 60:.1f}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def csv_bytes(days: Sequence[tuple[date, Summary]]) -> bytes:
    """The daily aggregates as UTF-8 CSV with a header row; blank cells where nothing is known."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for day, summary in days:
        writer.writerow(
            (
                day.isoformat(),
                summary.requests,
                summary.conversations,
                summary.unanswered,
                _minutes(summary.median_wait),
                _minutes(summary.p90_wait),
                summary.crisis_acute,
                summary.crisis_concern,
                summary.feedback,
                _number(summary.heard_average),
                _number(summary.come_back_share),
            )
        )
    return buffer.getvalue().encode()


def chart_png(by_hour: Sequence[int], title: str, x_label: str, y_label: str) -> bytes:
    """A bar chart of requests per hour of the day, as PNG bytes (Agg, no display needed)."""
    # Imported here: matplotlib costs ~60 MiB of memory, only worth it when a chart is asked for.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.bar(list(HOURS), list(by_hour), color="#3b7dd8")
    axes.set_title(title)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.set_xticks(list(range(0, 24, 2)))
    axes.set_xlim(-0.5, 23.5)
    axes.yaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
