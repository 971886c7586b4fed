"""Conversation moments that involve both sides: accept, end, transfer, someone unreachable."""

from __future__ import annotations

import asyncio
import logging
import weakref

from aiogram import Bot
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from bot import delivery, keyboards, notify
from bot import queue as rules
from bot.outbox import try_send
from bot.roles import chat_of
from bot.runtime import Runtime
from storage import repositories as repo
from storage.models import Conversation, Person, Supporter

log = logging.getLogger(__name__)


def student_lock(rt: Runtime, student_id: int | None) -> asyncio.Lock:
    """Serialises what happens to one student's request in this process.

    An accept delivers the held messages while the student may be writing; without this a new
    message could be relayed live before the held ones and arrive out of order.
    """
    locks = rt.extras.setdefault("student_locks", weakref.WeakValueDictionary())
    lock = locks.get(student_id)  # type: ignore[union-attr]
    if lock is None:
        lock = asyncio.Lock()
        locks[student_id] = lock  # type: ignore[index]
    return lock


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


async def accepted(
    bot: Bot, session: AsyncSession, rt: Runtime, conversation: Conversation, supporter: Supporter
) -> None:
    """After a winning press: close the cards, greet both sides, deliver the held messages."""
    await notify.close_cards(bot, session, rt, conversation, supporter)
    student = await student_of(session, conversation)
    t_sup = notify.translator(supporter.person)
    supporter_chat = chat_of(rt, supporter.person)
    if student is None:
        await rules.end(session, rt, conversation, "forgotten")
        await try_send(bot, supporter_chat, t_sup("accept.student-gone"))
        return
    t_stu = notify.translator(student)
    student_chat = chat_of(rt, student)
    lines = [t_sup("accept.supporter-intro", pseudonym=conversation.pseudonym)]
    if conversation.crisis in ("acute", "concern"):
        lines.append(t_sup(f"banner.{conversation.crisis}", pseudonym=conversation.pseudonym))
    note = rules.handover_note(rt, conversation)
    if note:
        lines.append(t_sup("accept.handover", note=note))
    await try_send(bot, supporter_chat, "\n\n".join(lines))
    if await try_send(bot, student_chat, t_stu("accept.student", alias=supporter.alias)) is None:
        await student_unreachable(bot, session, rt, conversation)
        return
    held = await rules.take_held(session, rt, conversation.id)
    delivered, failed = await delivery.deliver_held(
        bot,
        session,
        rt,
        conversation,
        held,
        student_chat=student_chat,
        supporter_chat=supporter_chat,
    )
    await session.commit()
    if failed:
        await try_send(bot, student_chat, t_stu("relay.held-failed", count=failed))
    log.info("conversation %s accepted, %s held messages delivered", conversation.id, delivered)


async def finish(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: Conversation,
    reason: str,
    *,
    by_student: bool,
) -> bool:
    """End a conversation once, tell both sides, ask the student for feedback."""
    was_active = conversation.status == "active"
    if not await rules.end(session, rt, conversation, reason):
        return False
    student = await student_of(session, conversation)
    supporter = await supporter_of(session, conversation)
    if not was_active:
        await notify.close_cards(bot, session, rt, conversation, None, key="card.withdrawn")
        return True
    if student is not None and reason != "forgotten":
        t = notify.translator(student)
        key = "end.student-ended" if by_student else f"end.{reason}-student"
        await try_send(bot, chat_of(rt, student), t(key))
        await try_send(
            bot,
            chat_of(rt, student),
            t("feedback.heard"),
            reply_markup=keyboards.heard(conversation.id),
        )
    if supporter is not None:
        t = notify.translator(supporter.person)
        key = f"end.{reason}-supporter" if by_student or reason != "ended" else "end.you-ended"
        await try_send(bot, chat_of(rt, supporter.person), t(key, pseudonym=conversation.pseudonym))
        if conversation.crisis == "acute":
            await try_send(bot, chat_of(rt, supporter.person), t("care.debrief"))
        if not supporter.off_duty_at_close:
            await notify.offer_waiting(bot, session, rt, supporter)
    return True


async def student_unreachable(
    bot: Bot, session: AsyncSession, rt: Runtime, conversation: Conversation
) -> None:
    """The student blocked the bot or left: close kindly and tell the praatmaat."""
    supporter = await supporter_of(session, conversation)
    was_active = conversation.status == "active"
    if not await rules.end(session, rt, conversation, "blocked"):
        return
    if not was_active:
        await notify.close_cards(bot, session, rt, conversation, None, key="card.withdrawn")
        return
    if supporter is not None:
        t = notify.translator(supporter.person)
        await try_send(
            bot,
            chat_of(rt, supporter.person),
            t("end.blocked-supporter", pseudonym=conversation.pseudonym),
        )
        if not supporter.off_duty_at_close:
            await notify.offer_waiting(bot, session, rt, supporter)


async def transfer(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: Conversation,
    note: str | None,
    reason_key: str = "transfer.student",
) -> bool:
    """Back to the front of the queue with a handover note; the student is told."""
    supporter = await supporter_of(session, conversation)
    if not await rules.transfer(session, rt, conversation, note):
        return False
    student = await student_of(session, conversation)
    if student is not None:
        await try_send(bot, chat_of(rt, student), notify.translator(student)(reason_key))
    fresh = await session.get(Conversation, conversation.id, populate_existing=True)
    if fresh is not None:
        await offer_excluding(bot, session, rt, fresh, supporter)
    return True


async def offer_excluding(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: Conversation,
    excluded: Supporter | None,
) -> None:
    """Offer a request to everyone with room except one supporter (who just handed it over)."""
    if excluded is not None:
        await repo.withhold_offer(session, conversation.id, excluded.id, rt.clock.now())
    await notify.offer(bot, session, rt, conversation)
