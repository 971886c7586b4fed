"""Coordinators: run the service from Telegram."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware, Bot, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from babel.numbers import format_decimal, format_percent
from sqlalchemy.ext.asyncio import AsyncSession

from bot import admin, conversations, keyboards, menus, notify, opening, safety, stats
from bot.hours import describe_hours
from bot.i18n import Translator
from bot.outbox import quietly, try_send
from bot.roles import SUPPORTER, chat_of
from bot.runtime import Runtime
from handlers.filters import in_private_chat, is_coordinator
from storage import admin_queries as queries
from storage import repositories as repo
from storage.models import Conversation, Person, Supporter

router = Router(name="coordinator")
router.message.filter(in_private_chat, is_coordinator())
router.callback_query.filter(is_coordinator())

INVITE_DAYS = 7
MAX_INVITES = 20
AUDIT_ENTRIES = 50
SUBCOMMANDS = {
    "hours": ("", "set"),
    "closed": ("", "list", "add", "remove"),
    "contacts": ("", "list", "add", "remove"),
    "keywords": ("", "list", "add", "remove"),
    "resources": ("", "list", "add", "remove"),
    "supervision": ("record", "due"),
}
CRISIS_MARKS = {"acute": "coord.queue.acute", "concern": "coord.queue.concern"}


class Page(CallbackData, prefix="cpg"):
    """Another page of a long list."""

    view: str
    page: int


class Confirm(CallbackData, prefix="cfm"):
    """Confirm or cancel a destructive action on one target."""

    action: str
    target: int
    yes: bool


class UsageReply(BaseMiddleware):
    """Answers a bad argument with its one-line explanation, and keeps nothing of the attempt."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        """Run the handler; turn admin.Usage into the translated line."""
        try:
            return await handler(event, data)
        except admin.Usage as bad:
            await data["session"].rollback()
            text = data["t"](bad.key, **bad.values)
            if isinstance(event, CallbackQuery):
                await event.answer(text, show_alert=True)
            elif isinstance(event, Message):
                await event.answer(text)
            return None


router.message.middleware(UsageReply())
router.callback_query.middleware(UsageReply())


class Sub(Filter):
    """Passes "/command WORD …" for the given subcommand words ("" for none) and gives `rest`."""

    def __init__(self, *words: str) -> None:
        self.words = words

    async def __call__(self, message: Message, command: CommandObject) -> bool | dict[str, str]:
        """The rest of the arguments when the first word is one of ours."""
        word, rest = admin.split(command.args)
        return {"rest": rest} if word in self.words else False


class UnknownSub(Filter):
    """Passes a command of SUBCOMMANDS whose first word is none of its subcommands."""

    async def __call__(self, message: Message, command: CommandObject) -> bool:
        """Whether the subcommand is unknown."""
        word, _ = admin.split(command.args)
        return word not in SUBCOMMANDS[command.command]


async def not_a_supporter(message: Message, roles: frozenset[str]) -> bool:
    """Bare /resources belongs to the referral picker when the coordinator is also a praatmaat."""
    return SUPPORTER not in roles


def actor(person: Person) -> str:
    """How a coordinator appears in the audit log: their alias, or a pseudonymous number."""
    if person.supporter is not None and person.supporter.alias:
        return person.supporter.alias
    return f"coordinator #{person.id}"


def confirm_keyboard(t: Translator, action: str, target: int, yes_key: str) -> InlineKeyboardMarkup:
    """Do it / cancel."""
    return keyboards.rows(
        [
            keyboards.button(t(yes_key), Confirm(action=action, target=target, yes=True)),
            keyboards.button(
                t("coord.button.cancel"), Confirm(action=action, target=target, yes=False)
            ),
        ]
    )


@router.message(Command("invite"))
async def invite(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """Make n one-time supporter invite links (default 1), valid for 7 days."""
    args = (command.args or "1").strip()
    if not args.isdigit() or not 1 <= int(args) <= MAX_INVITES:
        await message.answer(t("invite.usage", max=MAX_INVITES))
        return
    now = rt.clock.now()
    links = []
    for _ in range(int(args)):
        token = secrets.token_urlsafe(18)
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        await repo.create_invite(
            session, token_hash, person.id, now, now + timedelta(days=INVITE_DAYS)
        )
        links.append(f"https://t.me/{rt.bot_username}?start={token}")
    await repo.audit(session, actor(person), "invite", str(len(links)), now)
    await session.commit()
    await message.answer(t("invite.links", days=INVITE_DAYS, links="\n".join(links)))


# Lists: each view builds its lines afresh, so a page button always shows current data.


async def _supporters_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    lines = await admin.roster(session, rt)
    if not lines:
        return [t("coord.supporters.none")]
    return [t("coord.supporters.header", count=len(lines))] + [
        t(
            "coord.supporters.line",
            alias=line.alias,
            status=t(f"coord.status.{line.status}"),
            duty=t(
                "coord.duty.off"
                if not line.on_duty
                else "coord.duty.on"
                if line.accepting
                else "coord.duty.not-accepting"
            ),
            last=line.last_supervision.isoformat() if line.last_supervision else t("coord.never"),
            week=line.this_week,
        )
        for line in lines
    ]


async def _queue_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    waiting = await repo.waiting_requests(session)
    if not waiting:
        return [t("coord.queue.empty")]
    now = rt.clock.now()
    return [t("coord.queue.header", count=len(waiting))] + [
        t(
            "coord.queue.line",
            place=place,
            pseudonym=request.pseudonym,
            minutes=notify.minutes(now - request.queued_at),
            mark=t(CRISIS_MARKS[request.crisis]) if request.crisis in CRISIS_MARKS else "",
        ).rstrip()
        for place, request in enumerate(waiting, start=1)
    ]


async def _closed_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    rows = await repo.closures(session)
    if not rows:
        return [t("coord.closed.none")]
    return [t("coord.closed.header")] + [admin.describe(row) for row in rows]


async def _contacts_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    country = admin.deployment_country(rt)
    rows = await queries.contacts_of_country(session, country)
    if not rows:
        return [t("coord.contacts.none", country=country or "—")]
    return [t("coord.contacts.header", country=country or "—")] + [
        admin.describe(row) for row in rows
    ]


async def _keywords_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    rows = await repo.crisis_phrases(session)
    if not rows:
        return [t("coord.keywords.none")]
    return [t("coord.keywords.header")] + [admin.describe(row) for row in rows]


async def _resources_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    rows = await queries.all_resources(session)
    if not rows:
        return [t("coord.resources.none")]
    return [t("coord.resources.header")] + [admin.describe(row) for row in rows]


async def _due_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    today = rt.clock.now().astimezone(ZoneInfo(rt.settings.TIMEZONE)).date()
    due = await admin.supervision_due(session, today, rt.settings.SUPERVISION_MAX_DAYS)
    if not due:
        return [t("coord.due.none")]
    return [t("coord.due.header", limit=rt.settings.SUPERVISION_MAX_DAYS)] + [
        t(
            "coord.due.overdue" if item.overdue(today) else "coord.due.soon",
            alias=item.alias,
            last=item.last.isoformat() if item.last else t("coord.never"),
            due=item.due_on.isoformat() if item.due_on else "—",
        )
        for item in due
    ]


async def _audit_view(session: AsyncSession, rt: Runtime, t: Translator) -> list[str]:
    entries = await repo.latest_audit(session, AUDIT_ENTRIES)
    if not entries:
        return [t("coord.audit.none")]
    zone = ZoneInfo(rt.settings.TIMEZONE)
    return [t("coord.audit.header", count=len(entries))] + [
        f"{entry.at.astimezone(zone):%Y-%m-%d %H:%M} · {entry.actor} · {entry.action}"
        + (f" · {entry.target}" if entry.target else "")
        for entry in entries
    ]


View = Callable[[AsyncSession, Runtime, Translator], Awaitable[list[str]]]
VIEWS: dict[str, View] = {
    "supporters": _supporters_view,
    "queue": _queue_view,
    "closed": _closed_view,
    "contacts": _contacts_view,
    "keywords": _keywords_view,
    "resources": _resources_view,
    "due": _due_view,
    "audit": _audit_view,
}


async def _page(
    view: str, page: int, session: AsyncSession, rt: Runtime, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of a view (clamped to the pages there are now) and its page buttons."""
    texts = admin.pages(await VIEWS[view](session, rt, t))
    page = min(max(page, 0), len(texts) - 1)
    if len(texts) == 1:
        return texts[0], None
    buttons = []
    if page > 0:
        buttons.append(keyboards.button("◀", Page(view=view, page=page - 1)))
    if page < len(texts) - 1:
        buttons.append(keyboards.button("▶", Page(view=view, page=page + 1)))
    footer = t("coord.page", page=page + 1, pages=len(texts))
    return f"{texts[page]}\n\n{footer}", keyboards.rows(buttons)


async def show(
    message: Message, view: str, session: AsyncSession, rt: Runtime, t: Translator
) -> None:
    """Send the first page of a list."""
    text, markup = await _page(view, 0, session, rt, t)
    await message.answer(text, reply_markup=markup)


@router.callback_query(Page.filter())
async def turn_page(
    query: CallbackQuery,
    callback_data: Page,
    session: AsyncSession,
    rt: Runtime,
    t: Translator,
) -> None:
    """Show another page of a list in the same message."""
    await query.answer()
    text, markup = await _page(callback_data.view, callback_data.page, session, rt, t)
    if isinstance(query.message, Message):
        message = query.message
        await quietly(lambda: message.edit_text(text, reply_markup=markup))


# Supporters


@router.message(Command("supporters"))
async def supporters(
    message: Message, command: CommandObject, session: AsyncSession, rt: Runtime, t: Translator
) -> None:
    """Every praatmaat: status, duty, last supervision, conversations this week."""
    admin.no_arguments(command.args, "supporters")
    await show(message, "supporters", session, rt, t)


@router.message(Command("supporter"))
async def supporter_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """Pause, resume, remove (after confirmation), set capacity of, or promote one praatmaat."""
    parsed = admin.parse_supporter_command(command.args)
    target = await admin.find_supporter(session, parsed.alias)
    alias = target.alias or parsed.alias
    if parsed.action == "remove":
        await message.answer(
            t("coord.supporter.remove-confirm", alias=alias),
            reply_markup=confirm_keyboard(t, "remove-supporter", target.id, "coord.button.remove"),
        )
        return
    if not admin.apply(target, parsed):
        await message.answer(t("coord.supporter.already-coordinator", alias=alias))
        return
    detail = f" {parsed.capacity}" if parsed.capacity else ""
    await repo.audit(
        session, actor(person), f"supporter.{parsed.action}", f"{alias}{detail}", rt.clock.now()
    )
    await session.commit()
    await message.answer(
        t(f"coord.supporter.{parsed.action}-done", alias=alias, capacity=parsed.capacity)
    )
    if parsed.action == "promote":
        await _refresh_menu(bot, session, rt, target.person)
    await _tell_supporter(bot, rt, target, f"coord.notice.{parsed.action}", parsed.capacity)


async def _tell_supporter(
    bot: Bot, rt: Runtime, target: Supporter, key: str, capacity: int | None = None
) -> None:
    await try_send(
        bot, chat_of(rt, target.person), notify.translator(target.person)(key, capacity=capacity)
    )


async def _refresh_menu(bot: Bot, session: AsyncSession, rt: Runtime, person: Person) -> None:
    # Reached through Supporter.person, the person's own `supporter` is not loaded yet.
    await session.refresh(person, attribute_names=["supporter"])
    await menus.refresh(bot, rt, person)


async def _remove_supporter(
    supporter_id: int, bot: Bot, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> str:
    """Take the role away, hand their open conversations back to the queue, tell them."""
    target = await session.get(Supporter, supporter_id)
    if target is None or target.status == "removed":
        raise admin.Usage("coord.gone")
    admin.remove(target)
    for conversation in await repo.active_conversations_of(session, target.id):
        await conversations.transfer(
            bot, session, rt, conversation, None, reason_key="transfer.supporter-gone"
        )
    await repo.audit(session, actor(person), "supporter.remove", target.alias or "", rt.clock.now())
    await session.commit()
    await _refresh_menu(bot, session, rt, target.person)
    await _tell_supporter(bot, rt, target, "coord.notice.remove")
    return t("coord.supporter.remove-done", alias=target.alias)


# Queue and hours


@router.message(Command("queue"))
async def queue(
    message: Message, command: CommandObject, session: AsyncSession, rt: Runtime, t: Translator
) -> None:
    """Waiting requests in the order they are offered: pseudonym, wait, crisis mark."""
    admin.no_arguments(command.args, "queue")
    await show(message, "queue", session, rt, t)


@router.message(Command("hours"), Sub(""))
async def hours(message: Message, session: AsyncSession, rt: Runtime, t: Translator) -> None:
    """The weekly hours, in words and as typed."""
    weekly = await opening.weekly_hours(session, rt)
    await message.answer(
        t("coord.hours.show", hours=describe_hours(weekly, t, t.language), spec=str(weekly))
    )


@router.message(Command("hours"), Sub("set"))
async def hours_set(
    message: Message, rest: str, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Validate and store new weekly hours."""
    weekly = admin.parse_hours(rest)
    now = rt.clock.now()
    await repo.set_setting(session, opening.HOURS_KEY, str(weekly), now)
    await repo.audit(session, actor(person), "hours.set", str(weekly), now)
    await session.commit()
    await message.answer(t("coord.hours.set", hours=describe_hours(weekly, t, t.language)))


# Closures and catalogues


async def _added(
    message: Message,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
    action: str,
    row: admin.Listed,
) -> None:
    """Audit and confirm a catalogue entry the coordinator just added."""
    await session.flush()
    entry = admin.describe(row)
    await repo.audit(session, actor(person), action, entry, rt.clock.now())
    await session.commit()
    await message.answer(t("coord.added", entry=entry))


@router.message(Command("closed"), Sub("", "list"))
async def closed(message: Message, session: AsyncSession, rt: Runtime, t: Translator) -> None:
    """Closure periods, by start date."""
    await show(message, "closed", session, rt, t)


@router.message(Command("closed"), Sub("add"))
async def closed_add(
    message: Message, rest: str, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Add a closure period (both dates inclusive)."""
    row = admin.add_closure(session, admin.parse_closure(rest), rt.clock.now())
    await _added(message, session, rt, person, t, "closure.add", row)


@router.message(Command("contacts"), Sub("", "list"))
async def contacts(message: Message, session: AsyncSession, rt: Runtime, t: Translator) -> None:
    """The professional contacts students in crisis get."""
    await show(message, "contacts", session, rt, t)


@router.message(Command("contacts"), Sub("add"))
async def contacts_add(
    message: Message, rest: str, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Add a professional contact for one language or all ("*")."""
    entry = admin.parse_entry(rest, admin.CONTACT_LANGUAGES, "coord.contacts.usage", limit=120)
    row = await admin.add_contact(session, rt, entry)
    await _added(message, session, rt, person, t, "contact.add", row)


@router.message(Command("keywords"), Sub("", "list"))
async def keywords(message: Message, session: AsyncSession, rt: Runtime, t: Translator) -> None:
    """The crisis phrases coordinators added on top of the built-in ones."""
    await show(message, "keywords", session, rt, t)


@router.message(Command("keywords"), Sub("add"))
async def keywords_add(
    message: Message, rest: str, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Add a crisis phrase; screening uses it from the next message on."""
    row = await admin.add_phrase(session, admin.parse_phrase(rest), rt.clock.now())
    await _added(message, session, rt, person, t, "keyword.add", row)
    safety.forget_detector(rt)


@router.message(Command("resources"), Sub("list"))
@router.message(Command("resources"), Sub(""), not_a_supporter)
async def resources(message: Message, session: AsyncSession, rt: Runtime, t: Translator) -> None:
    """The referral catalogue, every language."""
    await show(message, "resources", session, rt, t)


@router.message(Command("resources"), Sub("add"))
async def resources_add(
    message: Message, rest: str, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Add a referral to the catalogue."""
    entry = admin.parse_entry(rest, admin.LANGUAGES, "coord.resources.usage", limit=120)
    row = await admin.add_resource(session, entry)
    await _added(message, session, rt, person, t, "resource.add", row)


REMOVE_KINDS = {
    "closed": "closure",
    "contacts": "contact",
    "keywords": "keyword",
    "resources": "resource",
}


@router.message(Command(*REMOVE_KINDS), Sub("remove"))
async def remove_entry(
    message: Message,
    command: CommandObject,
    rest: str,
    session: AsyncSession,
    t: Translator,
) -> None:
    """Ask to confirm removing a closure, contact, phrase or referral by its number."""
    kind = REMOVE_KINDS[command.command]
    row = await admin.removable(
        session, kind, admin.parse_id(rest, f"coord.{command.command}.usage")
    )
    await message.answer(
        t("coord.remove-confirm", entry=admin.describe(row)),
        reply_markup=confirm_keyboard(t, f"remove-{kind}", row.id, "coord.button.remove"),
    )


async def _remove_entry(
    kind: str, entry_id: int, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> str:
    row = await admin.removable(session, kind, entry_id)
    entry = admin.describe(row)
    await session.delete(row)
    await repo.audit(session, actor(person), f"{kind}.remove", entry, rt.clock.now())
    await session.commit()
    if kind == "keyword":
        safety.forget_detector(rt)
    return t("coord.removed", entry=entry)


@router.message(Command(*SUBCOMMANDS), UnknownSub())
async def subcommand_usage(message: Message, command: CommandObject) -> None:
    """An unknown subcommand gets the command's usage line."""
    raise admin.Usage(f"coord.{command.command}.usage")


# Supervision


@router.message(Command("supervision"), Sub("record"))
async def supervision_record(
    message: Message, rest: str, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Record who attended a supervision session; that keeps them able to go on duty."""
    now = rt.clock.now()
    today = now.astimezone(ZoneInfo(rt.settings.TIMEZONE)).date()
    held_on, aliases = admin.parse_supervision(rest, today)
    recorded = await admin.record_supervision(session, held_on, aliases, person, now)
    names = ", ".join(supporter.alias or "" for supporter in recorded)
    await repo.audit(
        session, actor(person), "supervision.record", f"{held_on.isoformat()}: {names}", now
    )
    await session.commit()
    await message.answer(t("coord.supervision.recorded", date=held_on.isoformat(), aliases=names))


@router.message(Command("supervision"), Sub("due"))
async def supervision_due(
    message: Message, rest: str, session: AsyncSession, rt: Runtime, t: Translator
) -> None:
    """Praatmaten whose supervision is overdue or due within a week."""
    admin.no_arguments(rest, "supervision due")
    await show(message, "due", session, rt, t)


# Numbers


def _minutes(value: timedelta | None) -> str:
    return "—" if value is None else f"{round(value.total_seconds() / 60)} min"


def _stats_text(
    summary: stats.Summary, period: str, start: datetime, end: datetime, t: Translator
) -> str:
    heard = (
        format_decimal(summary.heard_average, format="0.0", locale=t.language)
        if summary.heard_average is not None
        else "—"
    )
    come_back = (
        format_percent(summary.come_back_share, locale=t.language)
        if summary.come_back_share is not None
        else "—"
    )
    busiest = ", ".join(f"{hour:02d}:00 ({count})" for hour, count in summary.busiest_hours())
    return "\n".join(
        [
            t(
                f"coord.stats.header-{period}",
                start=start.date().isoformat(),
                end=end.date().isoformat(),
            ),
            t(
                "coord.stats.requests",
                requests=summary.requests,
                conversations=summary.conversations,
                unanswered=summary.unanswered,
            ),
            t(
                "coord.stats.waits",
                median=_minutes(summary.median_wait),
                p90=_minutes(summary.p90_wait),
            ),
            t("coord.stats.crisis", acute=summary.crisis_acute, concern=summary.crisis_concern),
            t("coord.stats.feedback", count=summary.feedback, heard=heard, come_back=come_back),
            t("coord.stats.busiest", hours=busiest or "—"),
        ]
    )


@router.message(Command("stats"))
async def stats_command(
    message: Message, command: CommandObject, session: AsyncSession, rt: Runtime, t: Translator
) -> None:
    """The week's or month's numbers as text, and requests per hour as a chart."""
    period = admin.parse_period(command.args)
    end = rt.clock.now()
    start = admin.period_start(period, end)
    zone = ZoneInfo(rt.settings.TIMEZONE)
    summary = stats.summarise(*await admin.numbers(session, start, end), zone)
    await message.answer(
        _stats_text(summary, period, start.astimezone(zone), end.astimezone(zone), t)
    )
    png = await asyncio.to_thread(
        stats.chart_png,
        summary.by_hour,
        t(f"coord.chart.title-{period}"),
        t("coord.chart.hour"),
        t("coord.chart.requests"),
    )
    await message.answer_photo(BufferedInputFile(png, "praatmaat-stats.png"))


@router.message(Command("export"))
async def export(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """A CSV of daily anonymous numbers since the first request."""
    admin.no_arguments(command.args, "export")
    now = rt.clock.now()
    zone = ZoneInfo(rt.settings.TIMEZONE)
    first = await queries.first_activity(session) or now
    days = stats.daily(
        *await admin.numbers(session, first, now),
        zone,
        first.astimezone(zone).date(),
        now.astimezone(zone).date(),
    )
    await repo.audit(session, actor(person), "export", f"{days[0][0]} → {days[-1][0]}", now)
    await session.commit()
    await message.answer_document(
        BufferedInputFile(stats.csv_bytes(days), f"praatmaat-{days[-1][0].isoformat()}.csv"),
        caption=t(
            "coord.export.caption", first=days[0][0].isoformat(), last=days[-1][0].isoformat()
        ),
    )


# Messages to supporters, bans, audit


@router.message(Command("broadcast"))
async def broadcast(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """Send a message to every active praatmaat."""
    text = admin.parse_text(command.args, "coord.broadcast.usage")
    sent = 0
    for target in await repo.active_supporters(session):
        words = notify.translator(target.person)("coord.broadcast.message", text=text)
        if await try_send(bot, chat_of(rt, target.person), words) is not None:
            sent += 1
    await repo.audit(session, actor(person), "broadcast", str(sent), rt.clock.now())
    await session.commit()
    await message.answer(t("coord.broadcast.sent", count=sent))


@router.message(Command("ban"))
async def ban(
    message: Message, command: CommandObject, session: AsyncSession, t: Translator
) -> None:
    """Ask to confirm banning the student behind a pseudonym a praatmaat saw."""
    pseudonym, _ = admin.parse_pseudonym(command.args, "coord.ban.usage")
    conversation, student = await admin.student_behind(session, pseudonym)
    if student.banned_at is not None:
        await message.answer(t("coord.ban.already", pseudonym=pseudonym))
        return
    # The confirmation replies to the command, so the reason is read back from it on confirm
    # instead of being squeezed into 64 bytes of callback data.
    await message.reply(
        t("coord.ban.confirm", pseudonym=pseudonym),
        reply_markup=confirm_keyboard(t, "ban", conversation.id, "coord.button.ban"),
    )


def _reason_of(query: CallbackQuery) -> str:
    """The reason typed after the pseudonym in the /ban command the confirmation replies to."""
    command = query.message.reply_to_message if isinstance(query.message, Message) else None
    if command is None or not command.text:
        return ""
    return admin.parse_pseudonym(command.text.partition(" ")[2], "coord.ban.usage")[1]


async def _ban(
    query: CallbackQuery,
    conversation_id: int,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> str:
    """Ban the student, withdraw a request they have waiting, and log it."""
    conversation = await session.get(Conversation, conversation_id)
    student = await conversations.student_of(session, conversation) if conversation else None
    if conversation is None or student is None:
        raise admin.Usage("coord.gone")
    reason = _reason_of(query)
    admin.ban(student, rt, reason, rt.clock.now())
    waiting = await repo.open_conversation_of(session, student.id)
    if waiting is not None and waiting.status == "waiting":
        await conversations.finish(bot, session, rt, waiting, "banned", by_student=False)
    await repo.audit(
        session, actor(person), "ban", f"Student {conversation.pseudonym}", rt.clock.now()
    )
    await session.commit()
    return t("coord.ban.done", pseudonym=conversation.pseudonym)


@router.message(Command("unban"))
async def unban(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """Let the student behind a pseudonym open requests again."""
    pseudonym, extra = admin.parse_pseudonym(command.args, "coord.unban.usage")
    if extra:
        raise admin.Usage("coord.unban.usage")
    _, student = await admin.student_behind(session, pseudonym)
    if not admin.unban(student):
        await message.answer(t("coord.unban.not-banned", pseudonym=pseudonym))
        return
    await repo.audit(session, actor(person), "unban", f"Student {pseudonym}", rt.clock.now())
    await session.commit()
    await message.answer(t("coord.unban.done", pseudonym=pseudonym))


@router.message(Command("audit"))
async def audit(
    message: Message, command: CommandObject, session: AsyncSession, rt: Runtime, t: Translator
) -> None:
    """The latest admin actions, oldest first."""
    admin.no_arguments(command.args, "audit")
    await show(message, "audit", session, rt, t)


# Confirmations


@router.callback_query(Confirm.filter())
async def confirmed(
    query: CallbackQuery,
    callback_data: Confirm,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """Carry out a confirmed removal or ban, or leave everything as it was."""
    action, target = callback_data.action, callback_data.target
    if not callback_data.yes:
        text = t("coord.cancelled")
    elif action == "ban":
        text = await _ban(query, target, bot, session, rt, person, t)
    elif action == "remove-supporter":
        text = await _remove_supporter(target, bot, session, rt, person, t)
    else:
        text = await _remove_entry(action.removeprefix("remove-"), target, session, rt, person, t)
    await query.answer()
    if isinstance(query.message, Message):
        message = query.message
        await quietly(lambda: message.edit_text(text, reply_markup=None))
