"""Schedule moments: the opening or closing just passed, the closing ahead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.schedule import Schedule


def latest_opening(schedule: Schedule, now: datetime, window: timedelta) -> datetime | None:
    """When the current open period began, if that was in (now - window, now]."""
    return _latest_start(
        schedule.is_open(now), now, window, schedule.next_closing, schedule.next_opening
    )


def latest_closing(schedule: Schedule, now: datetime, window: timedelta) -> datetime | None:
    """When the current closed period began, if that was in (now - window, now]."""
    return _latest_start(
        not schedule.is_open(now), now, window, schedule.next_opening, schedule.next_closing
    )


def _latest_start(
    in_state: bool,
    now: datetime,
    window: timedelta,
    leave: Callable[[datetime], datetime | None],
    enter: Callable[[datetime], datetime | None],
) -> datetime | None:
    """The last time the current state was entered, walking leave/enter moments from the window."""
    if not in_state:
        return None
    found = None
    moment = now - window
    while True:
        left = leave(moment)
        if left is None or left > now:
            return found
        entered = enter(left)
        if entered is None or entered > now:
            return found
        found = moment = entered


def closing_within(schedule: Schedule, now: datetime, lead: timedelta) -> datetime | None:
    """The coming closing if the service is open now and closes within `lead`."""
    if not schedule.is_open(now):
        return None
    closes = schedule.next_closing(now)
    return closes if closes is not None and closes - now <= lead else None
