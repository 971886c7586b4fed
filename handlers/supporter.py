"""Praatmaten: alias, duty, accepting requests, talking, ending, transferring, escalating."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import TypeVar

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import conversations, delivery, keyboards, menus, notify, opening, relay
from bot import queue as rules
from bot.delivery import Outcome
from bot.hours import describe_opening
from bot.i18n import Translator
from bot.outbox import quietly, try_send
from bot.roles import chat_of
from bot.runtime import Runtime
from handlers.filters import has_text, in_private_chat, is_supporter, not_a_command
from handlers.refusals import refused
from storage import callers
from storage import repositories as repo
from storage.callers import Caller, StudentTalk
from storage.models import Conversation, Person, ReferralResource, Supporter

router = Router(name="supporter")
router.message.filter(in_private_chat, is_supporter())
router.edited_message.filter(in_private_chat, is_supporter())
router.callback_query.filter(is_supporter())

Talk = TypeVar("Talk", Conversation, StudentTalk)
ALIAS = re.compile(r"[^\W\d_]{2,24}")


async def choosing_alias(message: Message, caller: Caller) -> bool:
    """A new supporter who hasn't picked an alias yet."""
    return caller.supporter_id is not None and caller.alias is None


@router.message(choosing_alias, has_text)
async def alias_chosen(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Validate and store the alias, then show the short guide."""
    alias = (message.text or "").strip()
    if alias.startswith("/") or not ALIAS.fullmatch(alias):
        await message.answer(t("alias.invalid"))
        return
    if await repo.alias_taken(session, alias):
        await message.answer(t("alias.taken"))
        return
    supporter.alias, supporter.alias_key = alias, alias.casefold()
    await session.commit()
    await message.answer(t("alias.welcome", alias=alias))
    await message.answer(t("guide.text"))
    await menus.refresh(bot, rt, person)


@router.message(choosing_alias)
async def alias_needed(message: Message, t: Translator) -> None:
    """Anything else before the alias is chosen."""
    await message.answer(t("alias.ask"))


# Plain messages are by far the most frequent: their handler comes right after the alias step.
@router.message(not_a_command)
async def writes(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    caller: Caller,
    t: Translator,
    album: list[Message] | None = None,
) -> None:
    """Plain supporter messages go to the student (asking which one when there are several)."""
    if await refused(message, t):
        return
    supporter_id = caller.supporter_id or 0
    talks = await callers.active_talks(session, rt.reader, supporter_id)
    if not talks:
        await message.answer(t("relay.no-conversation"))
        return
    target = await _target(session, rt, supporter_id, message, talks)
    if target is None:
        pairs = [(t("route.to", pseudonym=talk.pseudonym), talk.id) for talk in talks]
        await message.answer(
            t("route.which"), reply_markup=keyboards.route(pairs, message.message_id)
        )
        return
    student_chat = rt.cipher.chat_id(target.student_chat_enc) if target.student_chat_enc else None
    await _copy_to_student(
        bot,
        session,
        rt,
        target,
        t,
        source_chat=message.chat.id,
        student_chat=student_chat,
        messages=album or [message],
    )


@router.message(Command("duty"))
async def duty(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Toggle duty; going on needs the service open, recent supervision and an active status."""
    if supporter.on_duty:
        if await repo.active_conversations_of(session, supporter.id):
            await message.answer(t("duty.finish-first"))
            return
        shift = await repo.conversations_since(session, supporter.id, supporter.duty_since)
        supporter.on_duty, supporter.duty_since = False, None
        await session.commit()
        await message.answer(t("duty.off-summary", conversations=shift))
        return
    if supporter.status != "active":
        await message.answer(t("duty.paused-by-coordinator"))
        return
    now = rt.clock.now()
    known = [supporter.last_supervision_on, await repo.supervised_on(session, supporter.id)]
    last = max((day for day in known if day is not None), default=None)
    if last is None or now.date() - last > timedelta(days=rt.settings.SUPERVISION_MAX_DAYS):
        await message.answer(
            t(
                "duty.supervision-due",
                days=(now.date() - last).days if last else "—",
                limit=rt.settings.SUPERVISION_MAX_DAYS,
            )
        )
        return
    schedule = await opening.schedule(session, rt)
    if not schedule.is_open(now):
        next_open = schedule.next_opening(now)
        when = (
            describe_opening(next_open, now, rt.settings.TIMEZONE, t, t.language)
            if next_open
            else "—"
        )
        await message.answer(t("duty.closed", when=when))
        return
    supporter.on_duty, supporter.accepting, supporter.duty_since = True, True, now
    await session.commit()
    waiting = await repo.waiting_requests(session)
    await message.answer(t("duty.on", waiting=len(waiting)))
    await notify.offer_waiting(bot, session, rt, supporter)


@router.message(Command("pause"))
async def pause(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Stop or resume getting new requests without going off duty."""
    if not supporter.on_duty:
        await message.answer(t("pause.not-on-duty"))
        return
    supporter.accepting = not supporter.accepting
    await session.commit()
    if supporter.accepting:
        await message.answer(t("pause.resumed"))
        await notify.offer_waiting(bot, session, rt, supporter)
    else:
        await message.answer(t("pause.paused"))


@router.callback_query(keyboards.Accept.filter())
async def accept(
    query: CallbackQuery,
    callback_data: keyboards.Accept,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """The first press wins; every other press gets a polite toast."""
    if not supporter.on_duty or supporter.alias is None:
        await query.answer(t("accept.not-on-duty"), show_alert=True)
        return
    request = await session.get(Conversation, callback_data.conversation)
    async with conversations.student_lock(rt, request.student_id if request else None):
        conversation = await rules.accept(session, rt, callback_data.conversation, supporter)
        if conversation is not None:
            await query.answer(t("accept.won"))
            await conversations.accepted(bot, session, rt, conversation, supporter)
            return
    full = len(await repo.active_conversations_of(session, supporter.id)) >= supporter.capacity
    await query.answer(t("accept.full" if full else "accept.taken"), show_alert=True)
    if not full and isinstance(query.message, Message):
        message = query.message
        await quietly(lambda: message.edit_text(t("card.taken"), reply_markup=None))


@router.message(Command("end"))
async def end_requested(
    message: Message, session: AsyncSession, rt: Runtime, supporter: Supporter, t: Translator
) -> None:
    """Ask to confirm ending (picking the conversation when there are several)."""
    active = await repo.active_conversations_of(session, supporter.id)
    target = await _target(session, rt, supporter.id, message, active)
    if not active:
        await message.answer(t("end.nothing-open"))
    elif target is not None:
        await message.answer(
            t("end.confirm-supporter", pseudonym=target.pseudonym),
            reply_markup=keyboards.confirm_end(t, target.id),
        )
    else:
        buttons = [
            [
                keyboards.button(
                    t("end.pick", pseudonym=c.pseudonym),
                    keyboards.EndConfirm(conversation=c.id, confirm=True),
                )
            ]
            for c in active
        ]
        await message.answer(t("end.which"), reply_markup=keyboards.rows(*buttons))


@router.callback_query(keyboards.EndConfirm.filter())
async def end_confirmed(
    query: CallbackQuery,
    callback_data: keyboards.EndConfirm,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """End for real, or keep talking."""
    conversation = await session.get(Conversation, callback_data.conversation)
    if conversation is None or conversation.supporter_id != supporter.id:
        await query.answer(t("button.stale"))
        return
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    if not callback_data.confirm:
        if message:
            await quietly(lambda: message.edit_text(t("end.kept"), reply_markup=None))
        return
    if message:
        await quietly(lambda: message.edit_text(t("end.confirmed"), reply_markup=None))
    if not await conversations.finish(bot, session, rt, conversation, "ended", by_student=False):
        await try_send(bot, query.from_user.id, t("end.already"))


@router.message(Command("transfer"))
async def transfer(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Hand the conversation back to the front of the line with an optional note."""
    active = await repo.active_conversations_of(session, supporter.id)
    target = await _target(session, rt, supporter.id, message, active)
    if not active:
        await message.answer(t("transfer.nothing-open"))
        return
    if target is None:
        await message.answer(t("transfer.which"))
        return
    note = (command.args or "").strip() or None
    await conversations.transfer(bot, session, rt, target, note)
    await message.answer(t("transfer.done", pseudonym=target.pseudonym))
    await notify.offer_waiting(bot, session, rt, supporter)


@router.message(Command("escalate"))
async def escalate(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Alert the person on call (crisis alert chat or coordinators)."""
    active = await repo.active_conversations_of(session, supporter.id)
    target = await _target(session, rt, supporter.id, message, active)
    pseudonym = target.pseudonym if target else "—"
    sent = await notify.alert_humans(
        bot,
        session,
        rt,
        "alert.escalation",
        alias=supporter.alias,
        pseudonym=pseudonym,
        note=(command.args or "").strip() or "—",
    )
    await message.answer(t("escalate.sent" if sent else "escalate.nobody"))


@router.message(Command("resources"))
async def resources(
    message: Message, session: AsyncSession, rt: Runtime, supporter: Supporter, t: Translator
) -> None:
    """Pick a referral from the catalogue to send to the student."""
    active = await repo.active_conversations_of(session, supporter.id)
    target = await _target(session, rt, supporter.id, message, active)
    if target is None:
        await message.answer(t("resources.no-conversation" if not active else "resources.which"))
        return
    catalogue = await repo.resources_for(session, target.language)
    if not catalogue:
        await message.answer(t("resources.empty"))
        return
    pairs = [(entry.title, entry.id) for entry in catalogue]
    await message.answer(
        t("resources.pick", pseudonym=target.pseudonym),
        reply_markup=keyboards.resources(pairs, target.id),
    )


@router.callback_query(keyboards.Resource.filter())
async def resource_chosen(
    query: CallbackQuery,
    callback_data: keyboards.Resource,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Send the chosen referral to the student as a message from the bot."""
    conversation = await session.get(Conversation, callback_data.conversation)
    entry = await session.get(ReferralResource, callback_data.resource)
    if conversation is None or conversation.supporter_id != supporter.id or entry is None:
        await query.answer(t("button.stale"))
        return
    if conversation.status != "active":
        await query.answer(t("button.stale"))
        return
    student = await conversations.student_of(session, conversation)
    if student is None:
        await query.answer(t("button.stale"))
        return
    t_student = notify.translator(student)
    sent = await try_send(
        bot,
        chat_of(rt, student),
        t_student("resources.sent-student", title=entry.title, body=entry.body),
    )
    await query.answer(t("resources.sent" if sent else "relay.not-delivered"))


@router.callback_query(keyboards.Tag.filter())
async def tag_pressed(query: CallbackQuery, t: Translator) -> None:
    """The label under a student's message only explains how to answer them."""
    await query.answer(t("route.reply-hint"), show_alert=True)


@router.callback_query(keyboards.Route.filter())
async def route_chosen(
    query: CallbackQuery,
    callback_data: keyboards.Route,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Send a message the supporter wrote to the conversation they picked."""
    conversation = await session.get(Conversation, callback_data.conversation)
    if (
        conversation is None
        or conversation.supporter_id != supporter.id
        or conversation.status != "active"
    ):
        await query.answer(t("button.stale"))
        return
    await query.answer()
    original = query.message
    if isinstance(original, Message):
        await quietly(
            lambda: original.edit_text(
                t("route.sent", pseudonym=conversation.pseudonym), reply_markup=None
            )
        )
    student = await conversations.student_of(session, conversation)
    await _copy_to_student(
        bot,
        session,
        rt,
        conversation,
        t,
        source_chat=query.from_user.id,
        student_chat=chat_of(rt, student) if student is not None else None,
        ids=[callback_data.message],
    )


@router.edited_message()
async def edits(
    message: Message, bot: Bot, session: AsyncSession, rt: Runtime, supporter: Supporter
) -> None:
    """Relay a supporter's edit as an edit."""
    found = await relay.student_side_of(session, rt, supporter.id, message.message_id)
    if found is None:
        return
    conversation = await session.get(Conversation, found[0])
    if conversation is None or conversation.status != "active":
        return
    student = await conversations.student_of(session, conversation)
    if student is not None:
        await delivery.relay_edit(
            bot,
            session,
            rt,
            conversation,
            message,
            from_student=False,
            target_chat=chat_of(rt, student),
        )


async def _target(
    session: AsyncSession,
    rt: Runtime,
    supporter_id: int,
    message: Message,
    active: Sequence[Talk],
) -> Talk | None:
    """The conversation a message is for: the one replied to, or the only open one."""
    replied = message.reply_to_message
    if replied is not None:
        found = await relay.student_side_of(session, rt, supporter_id, replied.message_id)
        if found is not None:
            for conversation in active:
                if conversation.id == found[0]:
                    return conversation
    return active[0] if len(active) == 1 else None


async def _copy_to_student(
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    conversation: relay.Relayed,
    t: Translator,
    *,
    source_chat: int,
    student_chat: int | None,
    messages: Sequence[Message] = (),
    ids: Sequence[int] = (),
) -> None:
    """Copy `messages` (or, when only their ids are known, `ids`) to the student."""
    outcome = Outcome.UNREACHABLE
    if student_chat is not None and messages:
        outcome = await delivery.copy_across(
            bot,
            session,
            rt,
            conversation,
            messages,
            from_student=False,
            source_chat=source_chat,
            target_chat=student_chat,
        )
    elif student_chat is not None:
        outcome = await delivery.copy_ids(
            bot,
            session,
            rt,
            conversation,
            ids,
            from_student=False,
            source_chat=source_chat,
            target_chat=student_chat,
        )
    if outcome is Outcome.UNREACHABLE:
        stored = await session.get(Conversation, conversation.id)
        if stored is not None:
            await conversations.student_unreachable(bot, session, rt, stored)
    elif outcome is Outcome.FAILED:
        await try_send(bot, source_chat, t("relay.failed"))
