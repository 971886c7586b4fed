"""Supervision: the one rule for when a praatmaat last had it, who is due, and recording it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit
from bot.context import Context
from storage import repositories as repo
from storage.models import Person, SupervisionRecord, Supporter
from storage.status import SupporterStatus

DUE_SOON = timedelta(days=7)


class UnknownAliases(ValueError):
    """Some aliases name no praatmaat."""


@dataclass(frozen=True)
class Due:
    """A supporter who needs supervision soon (or already): /supervision due."""

    alias: str
    last: date | None
    due_on: date | None

    def overdue(self, today: date) -> bool:
        """Whether they can no longer go on duty."""
        return self.due_on is None or self.due_on < today


def last_supervision(supporter: Supporter, recorded: date | None, zone: ZoneInfo) -> date:
    """The latest session; the joining day counts as one (they come straight from training)."""
    joined = supporter.joined_at.astimezone(zone).date()
    known = (supporter.last_supervision_on, recorded, joined)
    return max(day for day in known if day is not None)


def may_go_on_duty(last: date, today: date, max_days: int) -> bool:
    """Whether the last supervision is recent enough to go on duty."""
    return (today - last).days <= max_days


async def last_of(session: AsyncSession, supporter: Supporter, zone: ZoneInfo) -> date:
    """One praatmaat's latest supervision."""
    return last_supervision(supporter, await repo.supervised_on(session, supporter.id), zone)


async def due(
    session: AsyncSession,
    today: date,
    max_days: int,
    zone: ZoneInfo,
    institution: int | None = None,
) -> list[Due]:
    """Supporters who are overdue or due within a week, the most overdue first."""
    recorded = await repo.latest_supervisions(session)
    found = []
    for supporter in await repo.all_supporters(session, institution):
        last = last_supervision(supporter, recorded.get(supporter.id), zone)
        due_on = last + timedelta(days=max_days)
        if due_on <= today + DUE_SOON:
            found.append(Due(supporter.alias or "", last, due_on))
    return sorted(found, key=lambda item: item.due_on or date.min)


async def record(
    session: AsyncSession, ctx: Context, held_on: date, aliases: list[str], by: Person
) -> list[Supporter]:
    """Record attendance for every alias (all must exist); recording a day twice is harmless."""
    supporters, unknown = [], []
    for alias in aliases:
        supporter = await repo.supporter_by_alias(session, alias)
        if supporter is None or supporter.status == SupporterStatus.REMOVED:
            unknown.append(alias)
        else:
            supporters.append(supporter)
    if unknown:
        raise UnknownAliases(", ".join(unknown))
    for supporter in supporters:
        if not await repo.supervision_recorded(session, supporter.id, held_on):
            session.add(
                SupervisionRecord(
                    supporter_id=supporter.id,
                    held_on=held_on,
                    recorded_by=by.id,
                    created_at=ctx.clock.now(),
                )
            )
        if supporter.last_supervision_on is None or supporter.last_supervision_on < held_on:
            supporter.last_supervision_on = held_on
    names = ", ".join(supporter.alias or "" for supporter in supporters)
    await audit.note(session, ctx, by, "supervision.record", f"{held_on.isoformat()}: {names}")
    await session.commit()
    return supporters
