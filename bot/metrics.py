"""The service's Prometheus metrics: counts and latencies only, never text or ids."""

from __future__ import annotations

import asyncio
import time
from contextvars import ContextVar

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import repositories as repo
from storage.status import ConversationStatus

UPDATES = Counter(
    "praatmaat_updates", "Updates from Telegram, by type and how they ended", ["type", "result"]
)
RELAY_SECONDS = Histogram(
    "praatmaat_relay_seconds",
    "From a message's arrival at the bot to its copy on the other side, by direction",
    ["direction"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
WAITING = Gauge("praatmaat_waiting_requests", "Requests waiting for a praatmaat")
OPEN = Gauge("praatmaat_open_conversations", "Conversations a praatmaat accepted, not yet closed")
RATE_LIMITED = Counter(
    "praatmaat_telegram_rate_limited", "429 answers from Telegram, by Bot API method", ["method"]
)
UNDELIVERED = Counter(
    "praatmaat_delivery_failures", "Messages Telegram did not deliver, by outcome", ["outcome"]
)
CRISIS = Counter(
    "praatmaat_crisis_alerts",
    "Student messages the crisis screen flagged, by severity",
    ["severity"],
)
WEBHOOK_REFUSED = Counter(
    "praatmaat_webhook_refused", "Webhook requests refused: no or a wrong secret token"
)
COUNT_TIMEOUT = 2.0  # a scrape must not hang on a database that does not answer

_arrived: ContextVar[float | None] = ContextVar("arrived", default=None)


def arrived() -> None:
    """Mark the moment the update being handled reached the bot."""
    _arrived.set(time.perf_counter())


def relayed(*, from_student: bool) -> None:
    """A message of the update being handled reached the other side."""
    start = _arrived.get()
    if start is not None:
        direction = "to_supporter" if from_student else "to_student"
        RELAY_SECONDS.labels(direction).observe(time.perf_counter() - start)


def skipped_update(kind: str) -> None:
    """An update that could not be handled at all ("unreadable", "unknown")."""
    UPDATES.labels(kind, "skipped").inc()


async def count_open(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Set the waiting and open gauges from the database (unchanged if it does not answer)."""

    async def count() -> dict[str, int]:
        async with sessions() as session:
            return await repo.open_by_status(session)

    try:
        counts = await asyncio.wait_for(count(), COUNT_TIMEOUT)
    except Exception:  # unreachable or slow: the last counts stay (readiness tells the rest)
        return
    WAITING.set(counts.get(ConversationStatus.WAITING, 0))
    OPEN.set(counts.get(ConversationStatus.ACTIVE, 0))
