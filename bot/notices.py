"""Scheduled notices, through the messenger: both sides of a conversation, closing, supervision."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from bot import conversations, institutions, safety
from bot.context import Context
from bot.i18n import Translator
from bot.roles import chat_of
from bot.schedule import describe_opening
from storage.models import Conversation, Institution, Person, Supporter
from storage.status import Severity


async def send_both(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    keys: tuple[str, str],
    **values: object,
) -> None:
    """Tell the student and the praatmaat of a conversation, each in their own words."""
    student = await conversations.student_of(session, conversation)
    if student is not None:
        await ctx.messenger.send(
            chat_of(ctx, student), Translator(student.language)(keys[0], **values)
        )
    supporter = await conversations.supporter_of(session, conversation)
    if supporter is not None:
        t = Translator(supporter.person.language)
        text = t(keys[1], pseudonym=conversation.pseudonym, **values)
        await ctx.messenger.send(chat_of(ctx, supporter.person), text)


async def tell_closed(
    session: AsyncSession,
    ctx: Context,
    student: Person,
    now: datetime,
    reopens: datetime | None,
    institution: Institution,
) -> None:
    """We closed while the student waited: their request stays, when we're back, who helps now."""
    t = Translator(student.language)
    if reopens is None:
        first = t("job.closed-waiting-unplanned")
    else:
        zone = institutions.timezone(ctx.settings, institution)
        when = describe_opening(reopens, now, zone, t, t.language)
        first = t("job.closed-waiting", when=when)
    contacts = await safety.contacts_text(session, ctx, t, Severity.CONCERN, institution)
    await ctx.messenger.send(chat_of(ctx, student), f"{first}\n\n{contacts}")


async def remind_supervision(
    ctx: Context, supporter: Supporter, last: date, limit: int, today: date
) -> None:
    """A reminder before the supervision falls due, or a notice that it is overdue."""
    t = Translator(supporter.person.language)
    due = last + timedelta(days=limit)
    if today <= due:
        text = t("job.supervision-soon", last=in_words(t, last), due=in_words(t, due))
    else:
        text = t.plural("job.supervision-overdue", limit, last=in_words(t, last), limit=limit)
    await ctx.messenger.send(chat_of(ctx, supporter.person), text)


def in_words(t: Translator, when: date) -> str:
    """A date in words, e.g. "Monday 21 December"."""
    return format_date(when, t("hours.date-pattern"), locale=t.language)
