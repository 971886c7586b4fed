"""Request cards: who is shown a waiting request, and what each card says once it is taken."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, keyboards, queue
from bot.context import Context
from bot.i18n import Translator
from bot.roles import chat_of
from bot.schedule import Schedule, load_schedule
from storage import repositories as repo
from storage.models import NO_CARD, Conversation, Institution, Supporter
from storage.status import Severity


def card_text(ctx: Context, t: Translator, conversation: Conversation, schedule: Schedule) -> str:
    """The request card: pseudonym, time waited while open, crisis mark, preview."""
    waited = queue.minutes(queue.waited(conversation, ctx.clock.now(), schedule))
    lines = [t.plural("card.waiting", waited, pseudonym=conversation.pseudonym, minutes=waited)]
    if conversation.crisis == Severity.ACUTE:
        lines.append(t("card.crisis-acute"))
    elif conversation.crisis == Severity.CONCERN:
        lines.append(t("card.crisis-concern"))
    if conversation.transfers:
        lines.append(t("card.transferred"))
    if conversation.left_while_closed:
        lines.append(t("card.left-while-closed"))
    preview = queue.preview_of(ctx, conversation)
    if preview:
        lines.append(t("card.preview", preview=preview))
    return "\n".join(lines)


async def offer(session: AsyncSession, ctx: Context, conversation: Conversation) -> int:
    """Send the request card to every on-duty supporter with room who hasn't got it yet."""
    sent = 0
    institution = await institutions.of_conversation(session, conversation)
    schedule = await load_schedule(session, ctx, institution)
    reach = (institution.id,)
    if conversation.overflowed_at is not None and institution.overflow_to_id is not None:
        reach += (institution.overflow_to_id,)
    for supporter in await repo.supporters_with_room(session, reach):
        if conversation.id in await repo.offered_ids(session, supporter.id):
            continue
        sent += await _send_card(session, ctx, conversation, supporter, schedule)
    await session.commit()
    return sent


async def waiting_for(
    session: AsyncSession, supporter: Supporter
) -> list[tuple[Conversation, Institution]]:
    """The waiting requests a supporter may take (own institutions, or overflowed to them)."""
    every = {row.id: row for row in await institutions.listed(session)}
    fallback = await institutions.default(session)
    mine = []
    for conversation in await repo.waiting_requests(session):
        institution = every.get(conversation.institution_id or 0) or fallback
        if institutions.may_take(conversation, supporter, institution.overflow_to_id):
            mine.append((conversation, institution))
    return mine


async def offer_waiting(session: AsyncSession, ctx: Context, supporter: Supporter) -> int:
    """Show a supporter (just on duty, or with room again) every request already waiting."""
    already = await repo.offered_ids(session, supporter.id)
    schedules: dict[int, Schedule] = {}
    sent = 0
    for conversation, institution in await waiting_for(session, supporter):
        if conversation.id in already:
            continue
        if institution.id not in schedules:
            schedules[institution.id] = await load_schedule(session, ctx, institution)
        sent += await _send_card(session, ctx, conversation, supporter, schedules[institution.id])
    await session.commit()
    return sent


async def offer_excluding(
    session: AsyncSession, ctx: Context, conversation: Conversation, excluded: Supporter | None
) -> None:
    """Offer a request to everyone with room except one supporter (who just handed it over)."""
    if excluded is not None:
        await repo.withhold_offer(session, conversation.id, excluded.id, ctx.clock.now())
    await offer(session, ctx, conversation)


async def _send_card(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    supporter: Supporter,
    schedule: Schedule,
) -> int:
    card = await repo.claim_offer(session, conversation.id, supporter.id, ctx.clock.now())
    await session.commit()
    if card is None:
        return 0
    t = Translator(supporter.person.language)
    sent = await ctx.messenger.send(
        chat_of(ctx, supporter.person),
        card_text(ctx, t, conversation, schedule),
        keyboards.accept(t, conversation.id),
    )
    if sent.first is None:
        await session.delete(card)
    else:
        card.message_id = sent.first
    await session.commit()
    return 0 if sent.first is None else 1


async def close_cards(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    winner: Supporter | None,
    key: str = "card.taken",
) -> None:
    """Edit every card of a request: "taken" (never by whom), or "you accepted" for the winner."""
    cards = await repo.offers_of(session, conversation.id)
    await repo.drop_offers(session, conversation.id)
    await session.commit()
    for card in cards:
        supporter = await session.get(Supporter, card.supporter_id)
        if supporter is None or card.message_id == NO_CARD:
            continue
        t = Translator(supporter.person.language)
        mine = winner is not None and supporter.id == winner.id
        text = t("card.you-accepted" if mine else key, pseudonym=conversation.pseudonym)
        await ctx.messenger.edit(chat_of(ctx, supporter.person), card.message_id, text)


async def mark_cards(session: AsyncSession, ctx: Context, conversation: Conversation) -> None:
    """Redraw every card of a waiting request (its crisis mark rose)."""
    institution = await institutions.of_conversation(session, conversation)
    schedule = await load_schedule(session, ctx, institution)
    for card in await repo.offers_of(session, conversation.id):
        supporter = await session.get(Supporter, card.supporter_id)
        if supporter is None or card.message_id == NO_CARD:
            continue
        t = Translator(supporter.person.language)
        await ctx.messenger.edit(
            chat_of(ctx, supporter.person),
            card.message_id,
            card_text(ctx, t, conversation, schedule),
            keyboards.accept(t, conversation.id),
        )
