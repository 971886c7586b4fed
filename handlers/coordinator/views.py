"""The coordinator's lists, in pages: each view builds its lines afresh for every page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import actions, audit, catalogue, institutions, keyboards, queue, roster, supervision
from bot.context import Context
from bot.i18n import Translator
from bot.messenger import Keyboard
from handlers.pieces import edit_pressed
from storage.models import Institution, Person
from storage.status import Severity

# Telegram allows 4096 characters; the margin leaves room for the page counter.
PAGE_CHARS = 3900
CRISIS_MARKS = {Severity.ACUTE: "coord.queue.acute", Severity.CONCERN: "coord.queue.concern"}


Scope = Institution | None


def _id(scope: Scope) -> int | None:
    return scope.id if scope else None


def _zone(ctx: Context, scope: Scope) -> ZoneInfo:
    return ZoneInfo(institutions.timezone(ctx.settings, scope) if scope else ctx.settings.TIMEZONE)


async def _supporters(
    session: AsyncSession, ctx: Context, t: Translator, scope: Scope
) -> list[str]:
    lines = await roster.roster(session, ctx, scope)
    if not lines:
        return [t("coord.supporters.none")]
    return [t.plural("coord.supporters.header", len(lines), count=len(lines))] + [
        t.plural(
            "coord.supporters.line",
            line.this_week,
            alias=line.alias,
            status=t(f"coord.status.{line.status}"),
            duty=t(
                "coord.duty.off"
                if not line.on_duty
                else "coord.duty.on"
                if line.accepting
                else "coord.duty.not-accepting"
            ),
            last=line.last_supervision.isoformat(),
            week=line.this_week,
        )
        for line in lines
    ]


async def _queue(session: AsyncSession, ctx: Context, t: Translator, scope: Scope) -> list[str]:
    waiting = await queue.waiting(session, _id(scope))
    if not waiting:
        return [t("coord.queue.empty")]
    now = ctx.clock.now()
    return [t.plural("coord.queue.header", len(waiting), count=len(waiting))] + [
        t.plural(
            "coord.queue.line",
            queue.minutes(now - request.queued_at),
            place=place,
            pseudonym=request.pseudonym,
            minutes=queue.minutes(now - request.queued_at),
            mark=t(CRISIS_MARKS[request.crisis]) if request.crisis in CRISIS_MARKS else "",
        ).rstrip()
        for place, request in enumerate(waiting, start=1)
    ]


def _catalogue(kind: str, name: str) -> View:
    async def view(session: AsyncSession, ctx: Context, t: Translator, scope: Scope) -> list[str]:
        country = catalogue.deployment_country(ctx) or "—"
        lines = await catalogue.entries(session, ctx, kind, scope)
        if not lines:
            return [t(f"coord.{name}.none", country=country)]
        return [t(f"coord.{name}.header", country=country), *lines]

    return view


async def _due(session: AsyncSession, ctx: Context, t: Translator, scope: Scope) -> list[str]:
    zone = _zone(ctx, scope)
    today = ctx.clock.now().astimezone(zone).date()
    limit = ctx.settings.SUPERVISION_MAX_DAYS
    due = await supervision.due(session, today, limit, zone, _id(scope))
    if not due:
        return [t("coord.due.none")]
    return [t.plural("coord.due.header", limit, limit=limit)] + [
        t(
            "coord.due.overdue" if item.overdue(today) else "coord.due.soon",
            alias=item.alias,
            last=item.last.isoformat() if item.last else t("coord.never"),
            due=item.due_on.isoformat() if item.due_on else "—",
        )
        for item in due
    ]


async def _audit(session: AsyncSession, ctx: Context, t: Translator, scope: Scope) -> list[str]:
    entries = await audit.latest(session, _id(scope))
    if not entries:
        return [t("coord.audit.none")]
    zone = _zone(ctx, scope)
    return [t.plural("coord.audit.header", len(entries), count=len(entries))] + [
        f"{entry.at.astimezone(zone):%Y-%m-%d %H:%M} · {entry.actor} · {entry.action}"
        + (f" · {entry.target}" if entry.target else "")
        for entry in entries
    ]


View = Callable[[AsyncSession, Context, Translator, Scope], Awaitable[list[str]]]
VIEWS: dict[str, View] = {
    "supporters": _supporters,
    "queue": _queue,
    "closed": _catalogue("closure", "closed"),
    "contacts": _catalogue("contact", "contacts"),
    "keywords": _catalogue("keyword", "keywords"),
    "resources": _catalogue("resource", "resources"),
    "due": _due,
    "audit": _audit,
}


def pages(lines: list[str], limit: int = PAGE_CHARS) -> list[str]:
    """Lines joined into as few texts of at most `limit` characters as they fit in."""
    result: list[str] = []
    current = ""
    for line in lines:
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        if current and len(current) + 1 + len(line) > limit:
            result.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*result, current] if current else result


async def page(
    view: str, number: int, session: AsyncSession, ctx: Context, t: Translator, person: Person
) -> tuple[str, Keyboard | None]:
    """One page of a view (clamped to the pages there are now) and its page buttons."""
    scope = await institutions.scope(session, person)
    lines = await VIEWS[view](session, ctx, t, scope)
    if scope is not None and await institutions.only_one(session) is None:
        lines = [t("inst.heading", name=scope.name), *lines]
    texts = pages(lines)
    number = min(max(number, 0), len(texts) - 1)
    if len(texts) == 1:
        return texts[0], None
    footer = t("coord.page", page=number + 1, pages=len(texts))
    return f"{texts[number]}\n\n{footer}", keyboards.pages(view, number, len(texts))


async def show(
    message: Message,
    view: str,
    session: AsyncSession,
    ctx: Context,
    t: Translator,
    person: Person,
) -> None:
    """Send the first page of a list (of the coordinator's institution)."""
    text, keyboard = await page(view, 0, session, ctx, t, person)
    await ctx.messenger.send(message.chat.id, text, keyboard)


async def turn_page(
    query: CallbackQuery,
    action: actions.Page,
    session: AsyncSession,
    ctx: Context,
    t: Translator,
    person: Person,
) -> None:
    """Show another page of a list in the same message."""
    if action.view not in VIEWS:
        return
    text, keyboard = await page(action.view, action.page, session, ctx, t, person)
    await edit_pressed(ctx, query, text, keyboard)
