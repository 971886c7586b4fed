"""Students: ask for a praatmaat, wait, talk, end, give feedback."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import conversations, delivery, keyboards, notify, opening, relay, safety
from bot import queue as rules
from bot.delivery import Outcome
from bot.hours import Schedule, describe_opening
from bot.i18n import Translator
from bot.outbox import quietly
from bot.roles import chat_of
from bot.runtime import Runtime
from handlers.filters import in_private_chat, is_student, not_a_command
from handlers.refusals import refused
from storage import repositories as repo
from storage.callers import Caller, OpenConversation, open_conversation
from storage.models import Conversation, Person

router = Router(name="student")
router.message.filter(in_private_chat, is_student())
router.edited_message.filter(in_private_chat, is_student())
router.callback_query.filter(is_student())


# Plain messages are by far the most frequent: their handler is tried first.
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
    """Any student message: crisis screening first, then relay, hold, or open a request."""
    messages = album or [message]
    async with conversations.student_lock(rt, caller.person_id):
        talk = caller.conversation
        text = message.text or message.caption
        if (
            talk is not None
            and talk.status == "active"
            and not await safety.alarming(session, rt, caller.language, text)
        ):
            if not await refused(message, t):
                await relay_to_supporter(message, bot, session, rt, talk, t, messages)
            return
        person = await repo.person_by_id(session, caller.person_id)
        if person is None:
            return
        conversation = person.open_conversation
        if conversation is not None and conversation.status == "waiting":
            # An accept may have happened since the person was loaded; a stale "waiting"
            # would hold this message in a request that was already delivered.
            conversation = await repo.open_conversation_of(session, person.id)
        await _writes(message, bot, session, rt, person, t, messages, conversation)


async def _writes(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
    messages: list[Message],
    conversation: Conversation | None,
) -> None:
    text = message.text or message.caption
    await safety.screen(bot, session, rt, person, text, conversation)
    if await refused(message, t):
        return
    if conversation is None:
        await ask(message, bot, session, rt, person, t, first=messages)
    elif conversation.status == "waiting":
        await hold(message, session, rt, conversation, t, messages)
    else:
        supporter = await conversations.supporter_of(session, conversation)
        talk = open_conversation(conversation, supporter)
        await relay_to_supporter(message, bot, session, rt, talk, t, messages)


@router.message(Command("talk"))
async def talk(
    message: Message, bot: Bot, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Ask for a praatmaat."""
    await ask(message, bot, session, rt, person, t, first=[])


@router.callback_query(keyboards.Welcome.filter(F.action == "talk"))
async def talk_button(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """The "Talk to a praatmaat" button."""
    await query.answer()
    if isinstance(query.message, Message):
        await ask(query.message, bot, session, rt, person, t, first=[])


@router.message(Command("cancel"))
async def cancel(
    message: Message, bot: Bot, session: AsyncSession, rt: Runtime, person: Person, t: Translator
) -> None:
    """Leave the queue."""
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is None:
        await message.answer(t("cancel.nothing"))
    elif conversation.status == "active":
        await message.answer(t("cancel.use-end"))
    else:
        await conversations.finish(bot, session, rt, conversation, "cancelled", by_student=True)
        await message.answer(t("cancel.done"))


@router.message(Command("end"))
async def end_requested(
    message: Message, session: AsyncSession, person: Person, t: Translator
) -> None:
    """Ask the student to confirm ending the conversation."""
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is None:
        await message.answer(t("end.nothing-open"))
    elif conversation.status == "waiting":
        await message.answer(t("end.still-waiting"))
    else:
        await message.answer(
            t("end.confirm"), reply_markup=keyboards.confirm_end(t, conversation.id)
        )


@router.callback_query(keyboards.EndConfirm.filter())
async def end_confirmed(
    query: CallbackQuery,
    callback_data: keyboards.EndConfirm,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """End for real, or keep talking."""
    conversation = await session.get(Conversation, callback_data.conversation)
    await query.answer()
    if conversation is None or conversation.student_id != person.id:
        return
    if not callback_data.confirm:
        await _edit(query, t("end.kept"))
        return
    await _edit(query, t("end.confirmed"))
    if not await conversations.finish(bot, session, rt, conversation, "ended", by_student=True):
        await query.answer(t("end.already"))


@router.callback_query(keyboards.Heard.filter())
async def feedback_heard(
    query: CallbackQuery,
    callback_data: keyboards.Heard,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """First tap: did you feel heard."""
    if not await _own_closed(session, person, callback_data.conversation):
        await query.answer(t("button.stale"))
        return
    await repo.save_feedback(
        session, callback_data.conversation, rt.clock.now(), heard=callback_data.score
    )
    await session.commit()
    await query.answer(t("feedback.thanks"))
    await _edit(query, t("feedback.come-back"), keyboards.come_back(t, callback_data.conversation))


@router.callback_query(keyboards.ComeBack.filter())
async def feedback_come_back(
    query: CallbackQuery,
    callback_data: keyboards.ComeBack,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """Second tap: would you come back."""
    if not await _own_closed(session, person, callback_data.conversation):
        await query.answer(t("button.stale"))
        return
    await repo.save_feedback(
        session, callback_data.conversation, rt.clock.now(), come_back=callback_data.yes
    )
    await session.commit()
    await query.answer()
    await _edit(query, t("feedback.done"))


@router.callback_query(keyboards.LeaveMessage.filter())
async def leave_message(
    query: CallbackQuery,
    callback_data: keyboards.LeaveMessage,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """While closed: queue a request that is picked up when we open."""
    await query.answer()
    if not callback_data.yes:
        await _edit(query, t("closed.no-message"))
        return
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is None:
        conversation = await rules.open_request(session, rt, person, left_while_closed=True)
        if callback_data.message:
            await rules.hold_message(
                session, rt, conversation, rules.Held(callback_data.message), preview=None
            )
        await session.commit()
    await _edit(query, t("closed.message-left"))


@router.edited_message()
async def edits(
    message: Message, bot: Bot, session: AsyncSession, rt: Runtime, person: Person
) -> None:
    """Relay an edit as an edit (held messages are copied as they are when accepted)."""
    conversation = await repo.open_conversation_of(session, person.id)
    await safety.screen(bot, session, rt, person, message.text or message.caption, conversation)
    if conversation is None or conversation.status != "active":
        return
    supporter = await conversations.supporter_of(session, conversation)
    if supporter is not None:
        await delivery.relay_edit(
            bot,
            session,
            rt,
            conversation,
            message,
            from_student=True,
            target_chat=chat_of(rt, supporter.person),
        )


async def ask(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
    first: list[Message],
) -> None:
    """Open a request: queue it when open, or explain when we are closed."""
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is not None:
        if conversation.status == "waiting":
            place = await rules.position_of(session, conversation)
            await message.answer(t("talk.already-waiting", place=place))
        else:
            await message.answer(t("talk.already-talking"))
        return
    if person.banned_at is not None:
        await message.answer(t("talk.refused"))
        return
    schedule = await opening.schedule(session, rt)
    now = rt.clock.now()
    if not schedule.is_open(now):
        await closed_info(message, session, rt, t, schedule, first)
        return
    crisis = person.crisis_contacts_severity or "none"
    recent = (
        person.crisis_contacts_at is not None
        and (now - person.crisis_contacts_at) < safety.REPEAT_AFTER
    )
    conversation = await rules.open_request(
        session, rt, person, crisis=crisis if recent else "none"
    )
    await _hold_all(session, rt, conversation, first)
    await session.commit()
    offered = await notify.offer(bot, session, rt, conversation)
    place = await rules.position_of(session, conversation)
    if not offered and not await repo.supporters_on_duty(session):
        await message.answer(t("talk.queued-nobody", place=place))
        await notify.alert_coordinators(
            bot, session, rt, "alert.nobody-on-duty", pseudonym=conversation.pseudonym
        )
        return
    wait = rules.wait_for_place(await rules.typical_wait(session), place)
    if wait is None:
        await message.answer(t("talk.queued", place=place))
    else:
        await message.answer(t("talk.queued-wait", place=place, minutes=notify.minutes(wait)))


async def closed_info(
    message: Message,
    session: AsyncSession,
    rt: Runtime,
    t: Translator,
    schedule: Schedule,
    first: list[Message],
) -> None:
    """We're closed: when we're back, the alternatives, and the offer to leave a message."""
    now = rt.clock.now()
    next_open = schedule.next_opening(now)
    closure = schedule.closure_on(now.astimezone(ZoneInfo(rt.settings.TIMEZONE)).date())
    lines = []
    if closure is not None:
        lines.append(t("closed.closure", label=closure.label))
    if next_open is None:
        lines.append(t("closed.no-opening"))
    else:
        when = describe_opening(next_open, now, rt.settings.TIMEZONE, t, t.language)
        lines.append(t("closed.back", when=when))
    lines.append(await safety.contacts_text(session, rt, t, "concern"))
    markup = None
    if rt.settings.LEAVE_MESSAGE_WHEN_CLOSED:
        lines.append(t("closed.leave-offer"))
        held_id = first[0].message_id if first else 0
        markup = keyboards.leave_message(t, held_id)
    await message.answer("\n\n".join(lines), reply_markup=markup)


async def hold(
    message: Message,
    session: AsyncSession,
    rt: Runtime,
    conversation: Conversation,
    t: Translator,
    messages: list[Message],
) -> None:
    """Keep what the student writes while waiting; stickers and GIFs can wait for the talk."""
    if relay.kind_of(message) not in relay.HELD_WHILE_WAITING:
        await message.answer(t("hold.not-kept"))
        return
    first_held = not await repo.held_messages(session, conversation.id)
    await _hold_all(session, rt, conversation, messages)
    await session.commit()
    if first_held:
        await message.answer(t("hold.kept"))


async def _hold_all(
    session: AsyncSession, rt: Runtime, conversation: Conversation, messages: list[Message]
) -> None:
    for part in messages:
        if relay.kind_of(part) not in relay.HELD_WHILE_WAITING:
            continue
        held = rules.Held(part.message_id, part.media_group_id)
        await rules.hold_message(session, rt, conversation, held, part.text or part.caption)


async def relay_to_supporter(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    talk: OpenConversation,
    t: Translator,
    messages: list[Message],
) -> None:
    """Copy to the praatmaat; if they can't be reached, back to the front of the line."""
    outcome = Outcome.UNREACHABLE
    if talk.supporter_id is not None and talk.supporter_chat_enc is not None:
        markup = None
        if (talk.supporter_capacity or 1) > 1 and (
            len(await repo.active_conversations_of(session, talk.supporter_id)) > 1
        ):
            t_supporter = Translator(talk.supporter_language or rt.settings.DEFAULT_LANGUAGE)
            markup = keyboards.tag(t_supporter, talk.id, talk.pseudonym)
        outcome = await delivery.copy_across(
            bot,
            session,
            rt,
            talk,
            messages,
            from_student=True,
            source_chat=message.chat.id,
            target_chat=rt.cipher.chat_id(talk.supporter_chat_enc),
            markup=markup,
        )
    if outcome is Outcome.FAILED:
        await message.answer(t("relay.failed"))
    elif outcome is Outcome.UNREACHABLE:
        conversation = await session.get(Conversation, talk.id)
        if conversation is None:
            return
        await conversations.transfer(
            bot, session, rt, conversation, None, reason_key="transfer.supporter-gone"
        )
        await _hold_all(session, rt, conversation, messages)


async def _own_closed(session: AsyncSession, person: Person, conversation_id: int) -> bool:
    conversation = await session.get(Conversation, conversation_id)
    return (
        conversation is not None
        and conversation.student_id == person.id
        and conversation.status == "closed"
    )


async def _edit(query: CallbackQuery, text: str, markup: object = None) -> None:
    message = query.message
    if isinstance(message, Message):
        await quietly(lambda: message.edit_text(text, reply_markup=markup))
