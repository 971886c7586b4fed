"""What a student writes: screened first, then relayed, held, or opening a request."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot import conversations, delivery, keyboards, requests, safety
from bot.context import Context
from bot.i18n import Translator
from bot.messenger import Outcome, Piece
from bot.roles import chat_of
from storage import repositories as repo
from storage.lookups import Caller, ConversationForStudent, for_student
from storage.models import Conversation, Person
from storage.status import ConversationStatus


async def writes(
    session: AsyncSession,
    ctx: Context,
    caller: Caller,
    chat: int,
    t: Translator,
    pieces: Sequence[Piece],
) -> None:
    """Any student message: crisis screening first, then relay, hold, or open a request."""
    async with ctx.student_lock(caller.person_id):
        current = caller.conversation
        first = pieces[0]
        if (
            current is not None
            and current.status == ConversationStatus.ACTIVE
            and not await safety.alarming(session, ctx, caller.language, first.words)
        ):
            if not await delivery.refused(ctx, chat, t, first):
                await relay_to_supporter(session, ctx, current, chat, t, pieces)
            return
        person = await repo.person_by_id(session, caller.person_id)
        if person is None:
            return
        conversation = person.open_conversation
        if conversation is not None and conversation.status == ConversationStatus.WAITING:
            # An accept may have happened since the person was loaded; a stale "waiting"
            # would hold this message in a request that was already delivered.
            conversation = await repo.open_conversation_of(session, person.id)
        await _writes(session, ctx, person, chat, t, pieces, conversation)


async def _writes(
    session: AsyncSession,
    ctx: Context,
    person: Person,
    chat: int,
    t: Translator,
    pieces: Sequence[Piece],
    conversation: Conversation | None,
) -> None:
    await safety.screen(session, ctx, person, pieces[0].words, conversation)
    if await delivery.refused(ctx, chat, t, pieces[0]):
        return
    if conversation is None:
        await requests.ask(session, ctx, person, chat, first=pieces)
    elif conversation.status == ConversationStatus.WAITING:
        await requests.hold(session, ctx, conversation, chat, t, pieces)
    else:
        supporter = await conversations.supporter_of(session, conversation)
        current = for_student(conversation, supporter)
        await relay_to_supporter(session, ctx, current, chat, t, pieces)


async def relay_to_supporter(
    session: AsyncSession,
    ctx: Context,
    current: ConversationForStudent,
    chat: int,
    t: Translator,
    pieces: Sequence[Piece],
) -> None:
    """Copy to the praatmaat; if they can't be reached, back to the front of the line."""
    outcome = Outcome.UNREACHABLE
    if current.supporter_id is not None and current.supporter_chat_enc is not None:
        keyboard = None
        if (current.supporter_capacity or 1) > 1 and await _several(session, current):
            t_supporter = Translator(current.supporter_language or ctx.settings.DEFAULT_LANGUAGE)
            keyboard = keyboards.tag(t_supporter, current.id, current.pseudonym)
        outcome = await delivery.copy_across(
            session,
            ctx,
            current,
            pieces,
            from_student=True,
            source_chat=chat,
            target_chat=ctx.cipher.chat_id(current.supporter_chat_enc),
            keyboard=keyboard,
        )
    if outcome is Outcome.FAILED:
        await ctx.messenger.send(chat, t("relay.failed"))
    elif outcome is Outcome.UNREACHABLE:
        conversation = await session.get(Conversation, current.id)
        if conversation is None:
            return
        await conversations.transfer(
            session, ctx, conversation, None, reason_key="transfer.supporter-gone"
        )
        await requests.hold_all(session, ctx, conversation, pieces)
        await session.commit()


async def edited(session: AsyncSession, ctx: Context, person: Person, piece: Piece) -> None:
    """Relay an edit as an edit (held messages are copied as they are when accepted)."""
    conversation = await repo.open_conversation_of(session, person.id)
    await safety.screen(session, ctx, person, piece.words, conversation)
    if conversation is None or conversation.status != ConversationStatus.ACTIVE:
        return
    supporter = await conversations.supporter_of(session, conversation)
    if supporter is not None:
        await delivery.relay_edit(
            session,
            ctx,
            conversation,
            piece,
            from_student=True,
            target_chat=chat_of(ctx, supporter.person),
        )


async def end_requested(session: AsyncSession, ctx: Context, person: Person, chat: int) -> None:
    """Ask the student to confirm ending the conversation."""
    t = Translator(person.language)
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is None:
        await ctx.messenger.send(chat, t("end.nothing-open"))
    elif conversation.status == ConversationStatus.WAITING:
        await ctx.messenger.send(chat, t("end.still-waiting"))
    else:
        await ctx.messenger.send(chat, t("end.confirm"), keyboards.confirm_end(t, conversation.id))


async def _several(session: AsyncSession, current: ConversationForStudent) -> bool:
    """Whether the praatmaat has other conversations open (read with the caller when known)."""
    if current.supporter_open is not None:
        return current.supporter_open > 1
    return len(await repo.active_conversations_of(session, current.supporter_id or 0)) > 1
