"""A student asks to talk: queued when open, told when we are back when closed, messages held."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, keyboards, offers, queue, relay, safety
from bot.alerts import alert_coordinators
from bot.context import Context
from bot.conversations import finish
from bot.i18n import Translator
from bot.messenger import Piece
from bot.schedule import Schedule, describe_opening, load_schedule
from storage import repositories as repo
from storage.models import Conversation, Institution, Person
from storage.status import CloseReason, ConversationStatus, Severity


async def ask(
    session: AsyncSession, ctx: Context, person: Person, chat: int, first: Sequence[Piece] = ()
) -> None:
    """Open a request: queue it when open, or explain when we are closed."""
    t = Translator(person.language)
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is not None:
        if conversation.status == ConversationStatus.WAITING:
            place = await queue.position_of(session, conversation)
            await ctx.messenger.send(chat, t("talk.already-waiting", place=place))
        else:
            await ctx.messenger.send(chat, t("talk.already-talking"))
        return
    if person.banned_at is not None:
        await ctx.messenger.send(chat, t("talk.refused"))
        return
    institution = await institutions.of_student(session, person)
    if institution is None:
        await ask_where(session, ctx, chat, t, first[0].message_id if first else 0, talk=True)
        return
    schedule = await load_schedule(session, ctx, institution)
    if not schedule.is_open(ctx.clock.now()):
        await closed_info(session, ctx, chat, t, schedule, first, institution)
        return
    crisis = safety.recent_severity(ctx, person)
    conversation = await queue.open_request(
        session, ctx, person, crisis=crisis, institution=institution.id
    )
    await hold_all(session, ctx, conversation, first)
    await session.commit()
    offered = await offers.offer(session, ctx, conversation)
    place = await queue.position_of(session, conversation)
    if not offered and not await repo.supporters_on_duty(session, institution.id):
        await ctx.messenger.send(chat, t("talk.queued-nobody", place=place))
        await alert_coordinators(
            session, ctx, "alert.nobody-on-duty", institution, pseudonym=conversation.pseudonym
        )
        return
    wait = queue.wait_for_place(await queue.typical_wait(session), place)
    if wait is None:
        await ctx.messenger.send(chat, t("talk.queued", place=place))
    else:
        minutes = queue.minutes(wait)
        await ctx.messenger.send(
            chat, t.plural("talk.queued-wait", minutes, place=place, minutes=minutes)
        )


async def ask_where(
    session: AsyncSession,
    ctx: Context,
    chat: int,
    t: Translator,
    message_id: int = 0,
    *,
    talk: bool = False,
) -> None:
    """Where do you study? One button per institution; a message or /talk before it is kept."""
    choices = [(row.name, row.id) for row in await institutions.listed(session)]
    keyboard = keyboards.institutions(choices, message_id, talk or bool(message_id))
    await ctx.messenger.send(chat, t("inst.where"), keyboard)


async def closed_info(
    session: AsyncSession,
    ctx: Context,
    chat: int,
    t: Translator,
    schedule: Schedule,
    first: Sequence[Piece],
    institution: Institution,
) -> None:
    """We're closed: when we're back, the alternatives, and the offer to leave a message."""
    now = ctx.clock.now()
    next_open = schedule.next_opening(now)
    closure = schedule.closure_on(now.astimezone(schedule.zone).date())
    lines = []
    if closure is not None:
        lines.append(t("closed.closure", label=closure.label))
    if next_open is None:
        lines.append(t("closed.no-opening"))
    else:
        zone = institutions.timezone(ctx.settings, institution)
        when = describe_opening(next_open, now, zone, t, t.language)
        lines.append(t("closed.back", when=when))
    lines.append(await safety.contacts_text(session, ctx, t, Severity.CONCERN, institution))
    keyboard = None
    if ctx.settings.LEAVE_MESSAGE_WHEN_CLOSED:
        lines.append(t("closed.leave-offer"))
        keyboard = keyboards.leave_message(t, first[0].message_id if first else 0)
    await ctx.messenger.send(chat, "\n\n".join(lines), keyboard)


async def leave_message(
    session: AsyncSession, ctx: Context, person: Person, message_id: int, yes: bool
) -> str:
    """While closed: queue a request that is picked up when we open; the key of the answer."""
    if not yes:
        return "closed.no-message"
    if await repo.open_conversation_of(session, person.id) is None:
        institution = await institutions.of_student(session, person)
        conversation = await queue.open_request(
            session,
            ctx,
            person,
            left_while_closed=True,
            institution=institution.id if institution else None,
        )
        if message_id:
            held = queue.Held(message_id)
            await queue.hold_message(session, ctx, conversation, held, preview=None)
        await session.commit()
    return "closed.message-left"


async def hold(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    chat: int,
    t: Translator,
    pieces: Sequence[Piece],
) -> None:
    """Keep what the student writes while waiting; stickers and GIFs can wait for the talk."""
    if pieces[0].kind not in relay.HELD_WHILE_WAITING:
        await ctx.messenger.send(chat, t("hold.not-kept"))
        return
    first_held = not await repo.held_messages(session, conversation.id)
    await hold_all(session, ctx, conversation, pieces)
    await session.commit()
    if first_held:
        await ctx.messenger.send(chat, t("hold.kept"))


async def hold_all(
    session: AsyncSession, ctx: Context, conversation: Conversation, pieces: Sequence[Piece]
) -> None:
    """Keep every message that can wait (albums too); the caller commits."""
    for piece in pieces:
        if piece.kind in relay.HELD_WHILE_WAITING:
            held = queue.Held(piece.message_id, piece.media_group_id)
            await queue.hold_message(session, ctx, conversation, held, piece.words)


async def cancel(session: AsyncSession, ctx: Context, person: Person) -> str:
    """Leave the queue; the key of the answer."""
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is None:
        return "cancel.nothing"
    if conversation.status == ConversationStatus.ACTIVE:
        return "cancel.use-end"
    await finish(session, ctx, conversation, CloseReason.CANCELLED, by_student=True)
    return "cancel.done"
