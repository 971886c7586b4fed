"""Students: write (relayed, held, or asking), /talk, /cancel, /end, feedback, leave a message."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from bot import actions, conversations, enrolment, feedback, keyboards, requests, student_messages
from bot.context import Context
from bot.i18n import Translator
from handlers.filters import Pressed, in_private_chat, is_student, not_a_command
from handlers.pieces import edit_pressed, piece, pieces
from storage.lookups import Caller
from storage.models import Person


async def writes(
    message: Message,
    session: AsyncSession,
    ctx: Context,
    caller: Caller,
    t: Translator,
    album: list[Message] | None = None,
) -> None:
    """Any student message: crisis screening first, then relay, hold, or open a request."""
    parts = pieces(message, album)
    await student_messages.writes(session, ctx, caller, message.chat.id, t, parts)


async def talk(message: Message, session: AsyncSession, ctx: Context, person: Person) -> None:
    """Ask for a praatmaat."""
    await requests.ask(session, ctx, person, message.chat.id)


async def talk_button(
    query: CallbackQuery, session: AsyncSession, ctx: Context, person: Person
) -> None:
    """The "Talk to a praatmaat" button."""
    await requests.ask(session, ctx, person, query.from_user.id)


async def cancel(
    message: Message, session: AsyncSession, ctx: Context, person: Person, t: Translator
) -> None:
    """Leave the queue."""
    key = await requests.cancel(session, ctx, person)
    await ctx.messenger.send(message.chat.id, t(key))


async def end_requested(
    message: Message, session: AsyncSession, ctx: Context, person: Person
) -> None:
    """Ask the student to confirm ending the conversation."""
    await student_messages.end_requested(session, ctx, person, message.chat.id)


async def end_confirmed(
    query: CallbackQuery,
    action: actions.EndConfirm,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """End for real, or keep talking."""
    key = await conversations.end_pressed(
        session, ctx, action.conversation, action.confirm, by_student=True, own_id=person.id
    )
    if key == "end.already":
        callback_answer.text = t(key)
        key = "end.confirmed"
    if key is not None:
        await edit_pressed(ctx, query, t(key))


async def feedback_heard(
    query: CallbackQuery,
    action: actions.Heard,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """First tap: did you feel heard."""
    if not await feedback.give(session, ctx, person, action.conversation, heard=action.score):
        callback_answer.text = t("button.stale")
        return
    callback_answer.text = t("feedback.thanks")
    keyboard = keyboards.come_back(t, action.conversation)
    await edit_pressed(ctx, query, t("feedback.come-back"), keyboard)


async def feedback_come_back(
    query: CallbackQuery,
    action: actions.ComeBack,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Second tap: would you come back."""
    if not await feedback.give(session, ctx, person, action.conversation, come_back=action.yes):
        callback_answer.text = t("button.stale")
        return
    await edit_pressed(ctx, query, t("feedback.done"))


async def leave_message(
    query: CallbackQuery,
    action: actions.LeaveMessage,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """While closed: queue a request that is picked up when we open."""
    key = await requests.leave_message(session, ctx, person, action.message, action.yes)
    await edit_pressed(ctx, query, t(key))


async def institution(
    message: Message, session: AsyncSession, ctx: Context, person: Person
) -> None:
    """Where do you study: the current choice and the keyboard to change it."""
    await enrolment.change(session, ctx, person, message.chat.id)


async def institution_chosen(
    query: CallbackQuery,
    action: actions.Choose,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """The student picked their institution; a message written first goes on from here."""
    key = await enrolment.chosen(
        session, ctx, person, query.from_user.id, action.institution, action.message, action.talk
    )
    callback_answer.text = t(key)
    if key == "inst.gone":
        await requests.ask_where(
            session, ctx, query.from_user.id, t, action.message, talk=action.talk
        )


async def edits(message: Message, session: AsyncSession, ctx: Context, person: Person) -> None:
    """Relay an edit as an edit."""
    await student_messages.edited(session, ctx, person, piece(message))


def make_router() -> Router:
    """The student's messages, commands and buttons (plain messages are tried first)."""
    router = Router(name="student")
    router.message.filter(in_private_chat, is_student())
    router.edited_message.filter(in_private_chat, is_student())
    router.callback_query.filter(is_student())
    router.message.register(writes, not_a_command)
    router.message.register(talk, Command("talk"))
    router.message.register(cancel, Command("cancel"))
    router.message.register(end_requested, Command("end"))
    router.message.register(institution, Command("institution"))
    router.callback_query.register(talk_button, Pressed(actions.Welcome, action="talk"))
    router.callback_query.register(end_confirmed, Pressed(actions.EndConfirm))
    router.callback_query.register(feedback_heard, Pressed(actions.Heard))
    router.callback_query.register(feedback_come_back, Pressed(actions.ComeBack))
    router.callback_query.register(leave_message, Pressed(actions.LeaveMessage))
    router.callback_query.register(institution_chosen, Pressed(actions.Choose))
    router.edited_message.register(edits)
    return router
