"""Messages that fan out to several people: request cards, "taken", alerts to the humans on call."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards
from bot import queue as rules
from bot.i18n import Translator
from bot.outbox import quietly, try_send
from bot.roles import chat_of
from bot.runtime import Runtime
from storage import repositories as repo
from storage.models import NO_CARD, Conversation, Person, Supporter

log = logging.getLogger(__name__)


def translator(person: Person) -> Translator:
    """The translator in a person's language."""
    return Translator(person.language)


def minutes(delta: timedelta) -> int:
    """Whole minutes, at least 1 (no one wants to read "0 minutes")."""
    return max(1, round(delta.total_seconds() / 60))


def card_text(rt: Runtime, t: Translator, conversation: Conversation) -> str:
    """The request card: pseudonym, waiting time, crisis mark, preview."""
    lines = [
        t(
            "card.waiting",
            pseudonym=conversation.pseudonym,
            minutes=minutes(rules.waited(conversation, rt.clock.now())),
        )
    ]
    if conversation.crisis == "acute":
        lines.append(t("card.crisis-acute"))
    elif conversation.crisis == "concern":
        lines.append(t("card.crisis-concern"))
    if conversation.transfers:
        lines.append(t("card.transferred"))
    if conversation.left_while_closed:
        lines.append(t("card.left-while-closed"))
    preview = rules.preview_of(rt, conversation)
    if preview:
        lines.append(t("card.preview", preview=preview))
    return "\n".join(lines)


async def offer(bot: Bot, session: AsyncSession, rt: Runtime, conversation: Conversation) -> int:
    """Send the request card to every on-duty supporter with room who hasn't got it yet."""
    sent = 0
    for supporter in await repo.supporters_with_room(session):
        if conversation.id in await repo.offered_ids(session, supporter.id):
            continue
        sent += await _send_card(bot, session, rt, conversation, supporter)
    await session.commit()
    return sent


async def offer_waiting(bot: Bot, session: AsyncSession, rt: Runtime, supporter: Supporter) -> int:
    """Show a supporter (just on duty, or with room again) every request already waiting."""
    already = await repo.offered_ids(session, supporter.id)
    sent = 0
    for conversation in await repo.waiting_requests(session):
        if conversation.id not in already:
            sent += await _send_card(bot, session, rt, conversation, supporter)
    await session.commit()
    return sent


async def _send_card(
    bot: Bot, session: AsyncSession, rt: Runtime, conversation: Conversation, supporter: Supporter
) -> int:
    card = await repo.claim_offer(session, conversation.id, supporter.id, rt.clock.now())
    await session.commit()
    if card is None:
        return 0
    t = translator(supporter.person)
    message_id = await try_send(
        bot,
        chat_of(rt, supporter.person),
        card_text(rt, t, conversation),
        reply_markup=keyboards.accept(t, conversation.id),
    )
    if message_id is None:
        await session.delete(card)
    else:
        card.message_id = message_id
    await session.commit()
    return 0 if message_id is None else 1


async def close_cards(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: Conversation,
    winner: Supporter | None,
    key: str = "card.taken",
) -> None:
    """Edit every card of a request: "taken" (never by whom), or "you accepted" for the winner."""
    offers = await repo.offers_of(session, conversation.id)
    await repo.drop_offers(session, conversation.id)
    await session.commit()
    for card in offers:
        supporter = await session.get(Supporter, card.supporter_id)
        if supporter is None or card.message_id == NO_CARD:
            continue
        t = translator(supporter.person)
        mine = winner is not None and supporter.id == winner.id
        text = (
            t("card.you-accepted", pseudonym=conversation.pseudonym)
            if mine
            else t(key, pseudonym=conversation.pseudonym)
        )
        chat = chat_of(rt, supporter.person)
        await quietly(
            lambda chat=chat, card=card, text=text: bot.edit_message_text(
                text=text, chat_id=chat, message_id=card.message_id, reply_markup=None
            )
        )


async def alert_humans(
    bot: Bot, session: AsyncSession, rt: Runtime, key: str, **values: object
) -> int:
    """Tell the crisis alert chat, or else every coordinator; never includes message text."""
    if rt.settings.CRISIS_ALERT_CHAT_ID is not None:
        t = Translator(rt.settings.DEFAULT_LANGUAGE)
        sent = await try_send(bot, rt.settings.CRISIS_ALERT_CHAT_ID, t(key, **values))
        if sent is not None:
            return 1
    return await alert_coordinators(bot, session, rt, key, **values)


async def alert_coordinators(
    bot: Bot, session: AsyncSession, rt: Runtime, key: str, **values: object
) -> int:
    """Tell every coordinator, each in their own language."""
    sent = 0
    for person in await repo.coordinators(session):
        if await try_send(bot, chat_of(rt, person), translator(person)(key, **values)):
            sent += 1
    if not sent:
        log.warning("alert %s reached no coordinator", key)
    return sent
