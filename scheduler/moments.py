"""Schedule moments a tick reacts to: the opening or closing just passed, the closing ahead."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.hours import Schedule


def latest_opening(schedule: Schedule, now: datetime, window: timedelta) -> datetime | None:
    """When the current open period began, if that was in (now - window, now]."""
    if not schedule.is_open(now):
        return None
    found = None
    moment = now - window
    while True:
        closes = schedule.next_closing(moment)
        if closes is None or closes > now:
            return found
        opens = schedule.next_opening(closes)
        if opens is None or opens > now:
            return found
        found = moment = opens


def latest_closing(schedule: Schedule, now: datetime, window: timedelta) -> datetime | None:
    """When the current closed period began, if that was in (now - window, now]."""
    if schedule.is_open(now):
        return None
    found = None
    moment = now - window
    while True:
        opens = schedule.next_opening(moment)
        if opens is None or opens > now:
            return found
        closes = schedule.next_closing(opens)
        if closes is None or closes > now:
            return found
        found = moment = closes


def closing_within(schedule: Schedule, now: datetime, lead: timedelta) -> datetime | None:
    """The coming closing if the service is open now and closes within `lead`."""
    if not schedule.is_open(now):
        return None
    closes = schedule.next_closing(now)
    return closes if closes is not None and closes - now <= lead else None
