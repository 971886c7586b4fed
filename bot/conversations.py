"""Conversation moments that involve both sides: accept, end, transfer, someone unreachable."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from bot import delivery, keyboards, offers, queue
from bot.context import Context
from bot.i18n import Translator
from bot.roles import chat_of
from storage import repositories as repo
from storage.models import Conversation, Person, Supporter
from storage.status import CloseReason, ConversationStatus, Severity

log = logging.getLogger(__name__)


async def student_of(session: AsyncSession, conversation: Conversation) -> Person | None:
    """The student of a conversation (None once they erased their data)."""
    if conversation.student_id is None:
        return None
    return await session.get(Person, conversation.student_id)


async def supporter_of(session: AsyncSession, conversation: Conversation) -> Supporter | None:
    """The praatmaat of a conversation, if any."""
    if conversation.supporter_id is None:
        return None
    if "supporter" not in inspect(conversation).unloaded:
        loaded = conversation.supporter
        if (
            loaded is not None
            and loaded.id == conversation.supporter_id
            and "person" not in inspect(loaded).unloaded
        ):
            return loaded
    return await session.get(Supporter, conversation.supporter_id)


async def accept(
    session: AsyncSession,
    ctx: Context,
    conversation_id: int,
    supporter: Supporter,
    answer: Callable[[str], Awaitable[None]],
) -> None:
    """A praatmaat pressed Accept: the first press wins; `answer` gets the toast key at once."""
    if not supporter.on_duty or supporter.alias is None:
        await answer("accept.not-on-duty")
        return
    request = await session.get(Conversation, conversation_id)
    async with ctx.student_lock(request.student_id if request else None):
        conversation = await queue.claim(session, ctx, conversation_id, supporter)
        if conversation is not None:
            await answer("accept.won")
            await _accepted(session, ctx, conversation, supporter)
            return
    active = await repo.active_conversations_of(session, supporter.id)
    await answer("accept.full" if len(active) >= supporter.capacity else "accept.taken")


async def _accepted(
    session: AsyncSession, ctx: Context, conversation: Conversation, supporter: Supporter
) -> None:
    """After a winning press: close the cards, greet both sides, deliver the held messages."""
    await offers.close_cards(session, ctx, conversation, supporter)
    student = await student_of(session, conversation)
    t_sup = Translator(supporter.person.language)
    supporter_chat = chat_of(ctx, supporter.person)
    if student is None:
        await queue.close(session, ctx, conversation, CloseReason.FORGOTTEN)
        await ctx.messenger.send(supporter_chat, t_sup("accept.student-gone"))
        return
    t_stu = Translator(student.language)
    student_chat = chat_of(ctx, student)
    lines = [t_sup("accept.supporter-intro", pseudonym=conversation.pseudonym)]
    if conversation.crisis in (Severity.ACUTE, Severity.CONCERN):
        lines.append(t_sup(f"banner.{conversation.crisis}", pseudonym=conversation.pseudonym))
    note = queue.handover_note(ctx, conversation)
    if note:
        lines.append(t_sup("accept.handover", note=note))
    await ctx.messenger.send(supporter_chat, "\n\n".join(lines))
    greeting = t_stu("accept.student", alias=supporter.alias)
    if not (await ctx.messenger.send(student_chat, greeting)).delivered:
        await student_unreachable(session, ctx, conversation)
        return
    held = await queue.take_held(session, ctx, conversation.id)
    delivered, failed, reachable = await delivery.deliver_held(
        session, ctx, conversation, held, student_chat=student_chat, supporter_chat=supporter_chat
    )
    if not reachable:
        # Undo taking the held messages (some may arrive twice rather than never) and hand over.
        await session.rollback()
        await transfer(session, ctx, conversation, None, "transfer.supporter-gone")
        return
    await session.commit()
    if failed:
        await ctx.messenger.send(
            student_chat, t_stu.plural("relay.held-failed", failed, count=failed)
        )
    log.info("conversation %s accepted, %s held messages delivered", conversation.id, delivered)


async def finish(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    reason: CloseReason,
    *,
    by_student: bool,
) -> bool:
    """End a conversation once, tell both sides, ask the student for feedback."""
    was_active = conversation.status == ConversationStatus.ACTIVE
    if not await queue.close(session, ctx, conversation, reason):
        return False
    student = await student_of(session, conversation)
    supporter = await supporter_of(session, conversation)
    if not was_active:
        await offers.close_cards(session, ctx, conversation, None, key="card.withdrawn")
        return True
    if student is not None and reason != CloseReason.FORGOTTEN:
        t = Translator(student.language)
        key = "end.student-ended" if by_student else f"end.{reason}-student"
        await ctx.messenger.send(chat_of(ctx, student), t(key))
        await ctx.messenger.send(
            chat_of(ctx, student), t("feedback.heard"), keyboards.heard(conversation.id)
        )
    if supporter is not None:
        t = Translator(supporter.person.language)
        own = not by_student and reason == CloseReason.ENDED
        key = "end.you-ended" if own else f"end.{reason}-supporter"
        chat = chat_of(ctx, supporter.person)
        await ctx.messenger.send(chat, t(key, pseudonym=conversation.pseudonym))
        if conversation.crisis == Severity.ACUTE:
            await ctx.messenger.send(chat, t("care.debrief"))
        if not supporter.off_duty_at_close:
            await offers.offer_waiting(session, ctx, supporter)
    return True


async def end_pressed(
    session: AsyncSession,
    ctx: Context,
    conversation_id: int,
    confirm: bool,
    *,
    by_student: bool,
    own_id: int,
) -> str | None:
    """End / keep pressed by the student or the praatmaat (`own_id`: their person or supporter id).

    The key the pressed message becomes; None for a button that is not theirs.
    """
    conversation = await session.get(Conversation, conversation_id)
    owner = None
    if conversation is not None:
        owner = conversation.student_id if by_student else conversation.supporter_id
    if conversation is None or owner != own_id:
        return None
    if not confirm:
        return "end.kept"
    if not await finish(session, ctx, conversation, CloseReason.ENDED, by_student=by_student):
        return "end.already"
    return "end.confirmed"


async def student_unreachable(
    session: AsyncSession, ctx: Context, conversation: Conversation
) -> None:
    """The student blocked the bot or left: close kindly and tell the praatmaat."""
    supporter = await supporter_of(session, conversation)
    was_active = conversation.status == ConversationStatus.ACTIVE
    if not await queue.close(session, ctx, conversation, CloseReason.BLOCKED):
        return
    if not was_active:
        await offers.close_cards(session, ctx, conversation, None, key="card.withdrawn")
        return
    if supporter is not None:
        t = Translator(supporter.person.language)
        text = t("end.blocked-supporter", pseudonym=conversation.pseudonym)
        await ctx.messenger.send(chat_of(ctx, supporter.person), text)
        if not supporter.off_duty_at_close:
            await offers.offer_waiting(session, ctx, supporter)


async def transfer(
    session: AsyncSession,
    ctx: Context,
    conversation: Conversation,
    note: str | None,
    reason_key: str = "transfer.student",
) -> bool:
    """Back to the front of the queue with a handover note; the student is told."""
    supporter = await supporter_of(session, conversation)
    if not await queue.requeue(session, ctx, conversation, note):
        return False
    student = await student_of(session, conversation)
    if student is not None:
        await ctx.messenger.send(chat_of(ctx, student), Translator(student.language)(reason_key))
    fresh = await session.get(Conversation, conversation.id, populate_existing=True)
    if fresh is not None:
        await offers.offer_excluding(session, ctx, fresh, supporter)
    return True


async def hand_over_all(session: AsyncSession, ctx: Context, supporter: Supporter) -> None:
    """A praatmaat is gone (removed, blocked the bot): each conversation goes back in line."""
    for conversation in await repo.active_conversations_of(session, supporter.id):
        await transfer(session, ctx, conversation, None, reason_key="transfer.supporter-gone")


async def blocked(session: AsyncSession, ctx: Context, person: Person) -> None:
    """Someone blocked the bot: end what they had open and tell the other side kindly."""
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is not None:
        await student_unreachable(session, ctx, conversation)
    if person.supporter is not None:
        await hand_over_all(session, ctx, person.supporter)
        person.supporter.on_duty = False
        await session.commit()


async def erase(session: AsyncSession, ctx: Context, person: Person) -> None:
    """A student's /forget: end any conversation first, then erase everything about them."""
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is not None:
        await finish(session, ctx, conversation, CloseReason.FORGOTTEN, by_student=True)
    await repo.erase_student(session, person.id)
    await session.commit()
