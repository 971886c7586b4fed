"""Coordinators managing praatmaten: the roster, pause, resume, capacity, promote, remove."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit, conversations, institutions, menus, supervision
from bot.context import Context
from bot.i18n import Translator
from bot.roles import chat_of
from bot.usage import Usage
from storage import repositories as repo
from storage.models import Institution, Person, Supporter
from storage.status import SupporterStatus

MAX_CAPACITY = 20  # a busy evening with short check-ins; the default stays 1


@dataclass(frozen=True)
class RosterLine:
    """One supporter in /supporters."""

    alias: str
    status: str
    on_duty: bool
    accepting: bool
    last_supervision: date
    this_week: int


def week_start(now: datetime, zone: ZoneInfo) -> datetime:
    """Monday 00:00 of the current local week."""
    local = now.astimezone(zone).date()
    return datetime.combine(local - timedelta(days=local.weekday()), time(), tzinfo=zone)


async def roster(
    session: AsyncSession, ctx: Context, institution: Institution | None = None
) -> list[RosterLine]:
    """Every supporter (of one institution) with state, last supervision, this week's count."""
    zone = ZoneInfo(
        institutions.timezone(ctx.settings, institution) if institution else ctx.settings.TIMEZONE
    )
    recorded = await repo.latest_supervisions(session)
    this_week = await repo.accepted_since_by_supporter(session, week_start(ctx.clock.now(), zone))
    return [
        RosterLine(
            alias=supporter.alias or "",
            status=supporter.status,
            on_duty=supporter.on_duty,
            accepting=supporter.accepting,
            last_supervision=supervision.last_supervision(
                supporter, recorded.get(supporter.id), zone
            ),
            this_week=this_week.get(supporter.id, 0),
        )
        for supporter in await repo.all_supporters(session, institution.id if institution else None)
    ]


async def find(session: AsyncSession, alias: str, scope: Institution | None = None) -> Supporter:
    """The (not removed) supporter with this alias, of the coordinator's institution."""
    supporter = await repo.supporter_by_alias(session, alias)
    if supporter is None or supporter.status == SupporterStatus.REMOVED:
        raise Usage("coord.supporter.unknown", alias=alias)
    institutions.check_in_scope(scope, supporter.institution_ids)
    return supporter


def _apply(
    supporter: Supporter, action: str, capacity: int | None, scope: Institution | None
) -> bool:
    """Pause (and take off duty), resume, set capacity of, or promote; False if no change."""
    if action == "pause":
        supporter.status = SupporterStatus.PAUSED
        supporter.on_duty, supporter.duty_since = False, None
    elif action == "resume":
        supporter.status = SupporterStatus.ACTIVE
    elif action == "capacity" and capacity is not None:
        supporter.capacity = capacity
    elif action == "promote":
        if supporter.person.is_coordinator:
            return False
        supporter.person.is_coordinator = True
        supporter.person.coordinates_id = scope.id if scope is not None else None
    return True


async def change(
    session: AsyncSession,
    ctx: Context,
    by: Person,
    target: Supporter,
    action: str,
    capacity: int | None,
) -> str:
    """Carry out a supporter command (not remove); the coordinator's answer key."""
    scope = (
        await institutions.scope(session, by)
        if await institutions.only_one(session) is None
        else None
    )
    if not _apply(target, action, capacity, scope):
        return "coord.supporter.already-coordinator"
    detail = f" {capacity}" if capacity else ""
    await audit.note(session, ctx, by, f"supporter.{action}", f"{target.alias}{detail}")
    await session.commit()
    if action == "promote":
        await _refresh_menu(session, ctx, target.person)
    await _tell(ctx, target, f"coord.notice.{action}", capacity)
    return f"coord.supporter.{action}-done"


async def remove(session: AsyncSession, ctx: Context, by: Person, supporter_id: int) -> str:
    """Take the role away, hand their open conversations back to the queue, tell them."""
    target = await session.get(Supporter, supporter_id)
    if target is None or target.status == SupporterStatus.REMOVED:
        raise Usage("coord.gone")
    institutions.check_in_scope(
        await institutions.get(session, by.coordinates_id), target.institution_ids
    )
    target.status = SupporterStatus.REMOVED
    target.on_duty, target.duty_since = False, None
    await conversations.hand_over_all(session, ctx, target)
    await audit.note(session, ctx, by, "supporter.remove", target.alias or "")
    await session.commit()
    await _refresh_menu(session, ctx, target.person)
    await _tell(ctx, target, "coord.notice.remove")
    return target.alias or ""


async def broadcast(
    session: AsyncSession, ctx: Context, by: Person, text: str, scope: Institution | None = None
) -> int:
    """Send a message to every active praatmaat (of one institution); how many it reached."""
    sent = 0
    for target in await repo.active_supporters(session, scope.id if scope else None):
        words = Translator(target.person.language)("coord.broadcast.message", text=text)
        if (await ctx.messenger.send(chat_of(ctx, target.person), words)).delivered:
            sent += 1
    await audit.note(session, ctx, by, "broadcast", str(sent))
    await session.commit()
    return sent


async def _tell(ctx: Context, target: Supporter, key: str, capacity: int | None = None) -> None:
    text = Translator(target.person.language).plural(key, capacity or 0, capacity=capacity)
    await ctx.messenger.send(chat_of(ctx, target.person), text)


async def _refresh_menu(session: AsyncSession, ctx: Context, person: Person) -> None:
    # Reached through Supporter.person, the person's own `supporter` is not loaded yet.
    await session.refresh(person, attribute_names=["supporter"])
    await menus.refresh(ctx, person)
