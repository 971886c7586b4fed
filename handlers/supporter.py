"""Praatmaten: alias, duty, accepting requests, talking, ending, transferring, escalating."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from bot import actions, conversations, delivery, duty, supporter_messages, supporter_tools
from bot.context import Context
from bot.i18n import Translator
from handlers.filters import Pressed, has_text, in_private_chat, is_supporter, not_a_command
from handlers.pieces import edit_pressed, piece, pieces, replied_id
from storage.lookups import Caller
from storage.models import Person, Supporter


async def choosing_alias(message: Message, caller: Caller) -> bool:
    """A new supporter who hasn't picked an alias yet."""
    return caller.supporter_id is not None and caller.alias is None


async def alias_chosen(
    message: Message,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    supporter: Supporter,
) -> None:
    """Validate and store the alias, then show the short guide."""
    await duty.choose_alias(session, ctx, person, supporter, message.chat.id, message.text or "")


async def alias_needed(message: Message, ctx: Context, t: Translator) -> None:
    """Anything else before the alias is chosen."""
    await ctx.messenger.send(message.chat.id, t("alias.ask"))


async def writes(
    message: Message,
    session: AsyncSession,
    ctx: Context,
    caller: Caller,
    t: Translator,
    album: list[Message] | None = None,
) -> None:
    """Plain supporter messages go to the student (asking which one when there are several)."""
    parts = pieces(message, album)
    if not await delivery.refused(ctx, message.chat.id, t, parts[0]):
        await supporter_messages.writes(
            session, ctx, caller.supporter_id or 0, message.chat.id, t, parts
        )


async def duty_toggled(
    message: Message, session: AsyncSession, ctx: Context, supporter: Supporter, t: Translator
) -> None:
    """Go on or off duty."""
    await duty.toggle_duty(session, ctx, supporter, message.chat.id, t)


async def pause(
    message: Message, session: AsyncSession, ctx: Context, supporter: Supporter, t: Translator
) -> None:
    """Stop or resume getting new requests without going off duty."""
    await duty.toggle_pause(session, ctx, supporter, message.chat.id, t)


async def accept(
    query: CallbackQuery,
    action: actions.Accept,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    t: Translator,
) -> None:
    """The first press wins; every other press gets a polite toast."""

    async def answer(key: str) -> None:
        # The winner's toast comes before the greetings and held messages, not after them.
        callback_answer.disable()
        await query.answer(t(key), show_alert=key != "accept.won")
        if key == "accept.taken":
            await edit_pressed(ctx, query, t("card.taken"))

    await conversations.accept(session, ctx, action.conversation, supporter, answer)


async def end_requested(
    message: Message, session: AsyncSession, ctx: Context, supporter: Supporter, t: Translator
) -> None:
    """Ask to confirm ending (picking the conversation when there are several)."""
    await supporter_tools.end_requested(
        session, ctx, supporter, message.chat.id, t, replied_id(message)
    )


async def end_confirmed(
    query: CallbackQuery,
    action: actions.EndConfirm,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    t: Translator,
) -> None:
    """End for real, or keep talking."""
    key = await conversations.end_pressed(
        session, ctx, action.conversation, action.confirm, by_student=False, own_id=supporter.id
    )
    if key is None:
        callback_answer.text = t("button.stale")
    elif key == "end.already":
        await ctx.messenger.send(query.from_user.id, t(key))
        await edit_pressed(ctx, query, t("end.confirmed"))
    else:
        await edit_pressed(ctx, query, t(key))


async def transfer(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Hand the conversation back to the front of the line with an optional note."""
    note = (command.args or "").strip() or None
    await supporter_tools.transfer(
        session, ctx, supporter, message.chat.id, t, replied_id(message), note
    )


async def escalate(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Alert the person on call (crisis alert chat or coordinators)."""
    note = (command.args or "").strip() or None
    await supporter_tools.escalate(
        session, ctx, supporter, message.chat.id, t, replied_id(message), note
    )


async def resources(
    message: Message, session: AsyncSession, ctx: Context, supporter: Supporter, t: Translator
) -> None:
    """Pick a referral from the catalogue to send to the student."""
    await supporter_tools.pick_resource(
        session, ctx, supporter, message.chat.id, t, replied_id(message)
    )


async def resource_chosen(
    query: CallbackQuery,
    action: actions.Resource,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Send the chosen referral to the student as a message from the bot."""
    key = await supporter_tools.send_resource(
        session, ctx, supporter, action.conversation, action.resource
    )
    callback_answer.text = t(key)


async def tag_pressed(query: CallbackQuery, callback_answer: CallbackAnswer, t: Translator) -> None:
    """The label under a student's message only explains how to answer them."""
    callback_answer.text, callback_answer.show_alert = t("route.reply-hint"), True


async def route_chosen(
    query: CallbackQuery,
    action: actions.Route,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    t: Translator,
) -> None:
    """Send a message the supporter wrote to the conversation they picked."""
    sent = await supporter_messages.route_chosen(
        session, ctx, supporter.id, query.from_user.id, t, action.conversation, action.message
    )
    if sent is None:
        callback_answer.text = t("button.stale")
    else:
        await edit_pressed(ctx, query, sent)


async def edits(
    message: Message, session: AsyncSession, ctx: Context, supporter: Supporter
) -> None:
    """Relay a supporter's edit as an edit."""
    await supporter_messages.edited(session, ctx, supporter.id, piece(message))


def make_router() -> Router:
    """The praatmaat's messages, commands and buttons (the alias step first)."""
    router = Router(name="supporter")
    router.message.filter(in_private_chat, is_supporter())
    router.edited_message.filter(in_private_chat, is_supporter())
    router.callback_query.filter(is_supporter())
    router.message.register(alias_chosen, choosing_alias, has_text)
    router.message.register(alias_needed, choosing_alias)
    router.message.register(writes, not_a_command)
    router.message.register(duty_toggled, Command("duty"))
    router.message.register(pause, Command("pause"))
    router.message.register(end_requested, Command("end"))
    router.message.register(transfer, Command("transfer"))
    router.message.register(escalate, Command("escalate"))
    router.message.register(resources, Command("resources"))
    router.callback_query.register(accept, Pressed(actions.Accept))
    router.callback_query.register(end_confirmed, Pressed(actions.EndConfirm))
    router.callback_query.register(resource_chosen, Pressed(actions.Resource))
    router.callback_query.register(tag_pressed, Pressed(actions.Tag))
    router.callback_query.register(route_chosen, Pressed(actions.Route))
    router.edited_message.register(edits)
    return router
