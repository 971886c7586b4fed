"""Crisis routing: every student message is screened first; contacts and alerts go out at once."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards, notify
from bot import queue as rules
from bot.crisis import Detector
from bot.i18n import Translator
from bot.outbox import quietly, try_send
from bot.roles import chat_of
from bot.runtime import Runtime
from storage import repositories as repo
from storage.models import Conversation, Person, Supporter

log = logging.getLogger(__name__)
REPEAT_AFTER = timedelta(minutes=10)
DETECTOR_TTL = timedelta(seconds=60)


async def detector(session: AsyncSession, rt: Runtime) -> Detector:
    """The built-in phrases plus the coordinators', rebuilt at most once a minute."""
    cached = rt.extras.get("detector")
    now = rt.clock.now()
    if isinstance(cached, tuple) and now - cached[1] < DETECTOR_TTL:
        return cached[0]
    extra = [(row.phrase, row.severity, row.language) for row in await repo.crisis_phrases(session)]
    built = Detector(extra=extra)
    rt.extras["detector"] = (built, now)
    return built


def forget_detector(rt: Runtime) -> None:
    """Drop the cached detector after the phrases changed."""
    rt.extras.pop("detector", None)


async def contacts_text(session: AsyncSession, rt: Runtime, t: Translator, severity: str) -> str:
    """The professional contacts for this deployment and language, in a short human message."""
    contacts = await repo.contacts_for(session, t.language, rt.settings.HOLIDAYS_COUNTRY)
    lines = [f"• {contact.name}: {contact.detail}" for contact in contacts]
    if rt.settings.COUNSELLING_CONTACT:
        lines.append(f"• {rt.settings.COUNSELLING_CONTACT}")
    key = "crisis.contacts-acute" if severity == "acute" else "crisis.contacts-concern"
    return t(key, contacts="\n".join(lines))


async def alarming(session: AsyncSession, rt: Runtime, language: str, text: str | None) -> bool:
    """Whether a student's text raises any concern (then `screen` takes over)."""
    if not text:
        return False
    return (await detector(session, rt)).assess(text, language).severity != "none"


def _due(person: Person, severity: str, rt: Runtime) -> bool:
    last = person.crisis_contacts_at
    if last is None or rt.clock.now() - last >= REPEAT_AFTER:
        return True
    rank = rules.SEVERITY_RANK
    return rank[severity] > rank.get(person.crisis_contacts_severity or "none", 0)


async def screen(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    text: str | None,
    conversation: Conversation | None,
) -> str:
    """Assess a student's text; send contacts, mark the request and alert when needed."""
    if not text:
        return "none"
    result = (await detector(session, rt)).assess(text, person.language)
    if result.severity == "none":
        return "none"
    now = rt.clock.now()
    await repo.record_crisis(
        session, result.severity, conversation.id if conversation else None, now
    )
    t = Translator(person.language)
    if _due(person, result.severity, rt):
        person.crisis_contacts_at = now
        person.crisis_contacts_severity = result.severity
        await session.commit()
        await try_send(
            bot, chat_of(rt, person), await contacts_text(session, rt, t, result.severity)
        )
    rose = conversation is not None and rules.raise_crisis(conversation, result.severity)
    await session.commit()
    if result.severity == "acute" and (rose or conversation is None):
        await notify.alert_humans(
            bot,
            session,
            rt,
            "alert.crisis",
            pseudonym=conversation.pseudonym if conversation else "—",
            state=Translator(rt.settings.DEFAULT_LANGUAGE)(
                f"state.{conversation.status if conversation else 'none'}"
            ),
        )
    if rose and conversation is not None:
        await _flag_to_supporters(bot, session, rt, conversation)
    return result.severity


async def _flag_to_supporters(
    bot: Bot, session: AsyncSession, rt: Runtime, conversation: Conversation
) -> None:
    if conversation.status == "active" and conversation.supporter_id is not None:
        supporter = await session.get(Supporter, conversation.supporter_id)
        if supporter is not None:
            t = notify.translator(supporter.person)
            await try_send(
                bot,
                chat_of(rt, supporter.person),
                t(f"banner.{conversation.crisis}", pseudonym=conversation.pseudonym),
            )
        return
    for card in await repo.offers_of(session, conversation.id):
        supporter = await session.get(Supporter, card.supporter_id)
        if supporter is None:
            continue
        t = notify.translator(supporter.person)
        chat = chat_of(rt, supporter.person)
        await quietly(
            lambda chat=chat, card=card, t=t: bot.edit_message_text(
                text=notify.card_text(rt, t, conversation),
                chat_id=chat,
                message_id=card.message_id,
                reply_markup=keyboards.accept(t, conversation.id),
            )
        )
