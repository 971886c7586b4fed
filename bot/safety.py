"""Crisis routing: every student message is screened first; contacts and alerts go out at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, metrics, offers, queue
from bot.alerts import alert_humans
from bot.context import Context
from bot.crisis import Detector
from bot.i18n import Translator
from bot.roles import chat_of
from storage import repositories as repo
from storage.models import Conversation, Institution, Person, Supporter
from storage.status import SEVERITY_RANK, ConversationStatus, Severity

REPEAT_AFTER = timedelta(minutes=10)
DETECTOR_TTL = timedelta(seconds=60)


async def detector(session: AsyncSession, ctx: Context) -> Detector:
    """The built-in phrases plus the coordinators', rebuilt at most once a minute."""
    now = ctx.clock.now()
    built_at = ctx.detector_built_at
    if ctx.detector is not None and built_at is not None and now - built_at < DETECTOR_TTL:
        return ctx.detector
    extra = [(row.phrase, row.severity, row.language) for row in await repo.crisis_phrases(session)]
    ctx.detector, ctx.detector_built_at = Detector(extra=extra), now
    return ctx.detector


def forget_detector(ctx: Context) -> None:
    """Drop the cached detector after the phrases changed."""
    ctx.detector, ctx.detector_built_at = None, None


async def contacts_text(
    session: AsyncSession,
    ctx: Context,
    t: Translator,
    severity: str,
    institution: Institution | None = None,
) -> str:
    """The institution's contacts in this language (the deployment's before a choice)."""
    country = institutions.holidays(ctx.settings, institution) if institution else None
    contacts = await repo.contacts_for(
        session,
        t.language,
        ctx.settings.HOLIDAYS_COUNTRY if country is None else country,
        institution.id if institution else None,
    )
    lines = [f"• {contact.name}: {contact.detail}" for contact in contacts]
    if ctx.settings.COUNSELLING_CONTACT:
        lines.append(f"• {ctx.settings.COUNSELLING_CONTACT}")
    key = "crisis.contacts-acute" if severity == Severity.ACUTE else "crisis.contacts-concern"
    return t(key, contacts="\n".join(lines))


async def send_contacts(
    session: AsyncSession,
    ctx: Context,
    chat: int,
    t: Translator,
    severity: str,
    institution: Institution | None = None,
) -> None:
    """ "I need help right now": the contacts, at any hour."""
    await ctx.messenger.send(chat, await contacts_text(session, ctx, t, severity, institution))


async def alarming(session: AsyncSession, ctx: Context, language: str, text: str | None) -> bool:
    """Whether a student's text raises any concern (then `screen` takes over)."""
    if not text:
        return False
    return (await detector(session, ctx)).assess(text, language).severity != Severity.NONE


def _due(person: Person, severity: str, ctx: Context) -> bool:
    last = person.crisis_contacts_at
    if last is None or ctx.clock.now() - last >= REPEAT_AFTER:
        return True
    return SEVERITY_RANK[severity] > SEVERITY_RANK.get(
        person.crisis_contacts_severity or Severity.NONE, 0
    )


def recent_severity(ctx: Context, person: Person) -> str:
    """The severity of the contacts the student got within the last minutes, else none."""
    at = person.crisis_contacts_at
    if at is None or ctx.clock.now() - at >= REPEAT_AFTER:
        return Severity.NONE
    return person.crisis_contacts_severity or Severity.NONE


async def screen(
    session: AsyncSession,
    ctx: Context,
    person: Person,
    text: str | None,
    conversation: Conversation | None,
) -> str:
    """Assess a student's text; send contacts, mark the request and alert when needed."""
    if not text:
        return Severity.NONE
    result = (await detector(session, ctx)).assess(text, person.language)
    if result.severity == Severity.NONE:
        return Severity.NONE
    metrics.CRISIS.labels(result.severity).inc()
    now = ctx.clock.now()
    await repo.record_crisis(
        session, result.severity, conversation.id if conversation else None, now
    )
    t = Translator(person.language)
    institution = await institutions.of_student(session, person)
    if _due(person, result.severity, ctx):
        person.crisis_contacts_at = now
        person.crisis_contacts_severity = result.severity
        await session.commit()
        await send_contacts(session, ctx, chat_of(ctx, person), t, result.severity, institution)
    rose = conversation is not None and queue.raise_crisis(conversation, result.severity)
    await session.commit()
    if result.severity == Severity.ACUTE and (rose or conversation is None):
        state = f"state.{conversation.status}" if conversation else "state.none"
        await alert_humans(
            session,
            ctx,
            "alert.crisis",
            institution,
            pseudonym=conversation.pseudonym if conversation else "—",
            state=Translator(institutions.language(ctx.settings, institution))(state),
        )
    if rose and conversation is not None:
        await _flag_to_supporters(session, ctx, conversation)
    return result.severity


async def _flag_to_supporters(
    session: AsyncSession, ctx: Context, conversation: Conversation
) -> None:
    if conversation.status == ConversationStatus.ACTIVE and conversation.supporter_id is not None:
        supporter = await session.get(Supporter, conversation.supporter_id)
        if supporter is not None:
            t = Translator(supporter.person.language)
            banner = t(f"banner.{conversation.crisis}", pseudonym=conversation.pseudonym)
            await ctx.messenger.send(chat_of(ctx, supporter.person), banner)
        return
    await offers.mark_cards(session, ctx, conversation)
