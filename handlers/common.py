"""Everyone: /start (and invite links), /help, /privacy, /forget, language, unknown commands."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from bot import (
    actions,
    conversations,
    enrolment,
    institutions,
    invites,
    keyboards,
    menus,
    requests,
    roles,
    safety,
)
from bot.context import Context
from bot.hours import describe_hours
from bot.i18n import Translator
from bot.roles import COORDINATOR, STUDENT, SUPPORTER
from handlers.filters import Pressed, in_private_chat, is_command
from handlers.pieces import edit_pressed
from storage.models import Person
from storage.status import Severity


async def start(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    roles: frozenset[str],
    t: Translator,
) -> None:
    """Welcome (at the institution of an `i-SLUG` link), or join with an invite token."""
    payload = (command.args or "").strip()
    if payload.startswith(institutions.DEEP_LINK) and STUDENT in roles:
        name = await enrolment.arrive(session, ctx, person, payload[len(institutions.DEEP_LINK) :])
        if name is None:
            await ctx.messenger.send(message.chat.id, t("inst.unknown-link"))
        else:
            await ctx.messenger.send(message.chat.id, t("inst.welcome", name=name))
    elif payload:
        key = await invites.redeem(session, ctx, person, roles, payload)
        await ctx.messenger.send(message.chat.id, t(key))
        return
    chosen = await institutions.of_student(session, person)
    shown = chosen or await institutions.default(session)
    hours = describe_hours(institutions.hours(ctx.settings, shown), t, t.language)
    days = ctx.settings.RETENTION_DAYS
    text = t.plural("start.welcome", days, hours=hours, retention=days)
    await ctx.messenger.send(message.chat.id, text, keyboards.welcome(t))
    if chosen is None and STUDENT in roles:
        await requests.ask_where(session, ctx, message.chat.id, t)


async def help_(message: Message, ctx: Context, roles: frozenset[str], t: Translator) -> None:
    """What the person can do here, by role."""
    parts = [t("help.student")] if STUDENT in roles else []
    if SUPPORTER in roles:
        parts.append(t("help.supporter"))
    if COORDINATOR in roles:
        parts.append(t("help.coordinator"))
    await ctx.messenger.send(message.chat.id, "\n\n".join(parts))


async def privacy(message: Message, ctx: Context, t: Translator) -> None:
    """What is kept, for how long, and how to erase it."""
    days = ctx.settings.RETENTION_DAYS
    text = t.plural("privacy.text", days, retention=days)
    await ctx.messenger.send(message.chat.id, text)


async def forget(message: Message, ctx: Context, roles: frozenset[str], t: Translator) -> None:
    """Ask the student to confirm erasing everything."""
    if STUDENT not in roles:
        await ctx.messenger.send(message.chat.id, t("forget.not-student"))
        return
    await ctx.messenger.send(message.chat.id, t("forget.confirm"), keyboards.forget(t))


async def forget_confirmed(
    query: CallbackQuery,
    action: actions.Forget,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    roles: frozenset[str],
    t: Translator,
) -> None:
    """Erase the student (ending any conversation first) or keep everything."""
    key = "forget.kept"
    if action.confirm and STUDENT in roles:
        await conversations.erase(session, ctx, person)
        key = "forget.done"
    await edit_pressed(ctx, query, t(key))


async def language(message: Message, ctx: Context, t: Translator) -> None:
    """Offer the three languages."""
    await ctx.messenger.send(message.chat.id, t("language.pick"), keyboards.languages())


async def language_set(
    query: CallbackQuery,
    action: actions.Language,
    session: AsyncSession,
    ctx: Context,
    person: Person,
) -> None:
    """Store the chosen language and answer in it."""
    if await roles.set_language(session, person, action.code):
        await edit_pressed(ctx, query, Translator(person.language)("language.set"))
        await menus.refresh(ctx, person)


async def help_now(
    query: CallbackQuery, session: AsyncSession, ctx: Context, person: Person, t: Translator
) -> None:
    """ "I need help right now": the professional contacts, at any hour."""
    institution = await institutions.of_student(session, person)
    await safety.send_contacts(session, ctx, query.from_user.id, t, Severity.ACUTE, institution)


async def language_button(query: CallbackQuery, ctx: Context, t: Translator) -> None:
    """The language button under the welcome."""
    await ctx.messenger.send(query.from_user.id, t("language.pick"), keyboards.languages())


async def blocked(
    event: ChatMemberUpdated, session: AsyncSession, ctx: Context, person: Person
) -> None:
    """Someone blocked the bot: end what they had open and tell the other side kindly."""
    await conversations.blocked(session, ctx, person)


async def unknown_command(message: Message, ctx: Context, t: Translator) -> None:
    """Any command this person can't use is answered like an unknown command."""
    await ctx.messenger.send(message.chat.id, t("unknown.command"))


async def stale_button(
    query: CallbackQuery, callback_answer: CallbackAnswer, t: Translator
) -> None:
    """A button that no longer does anything."""
    callback_answer.text = t("button.stale")


def make_router() -> Router:
    """Commands everyone has (private chats; plain messages pass through)."""
    router = Router(name="common")
    router.message.filter(in_private_chat, is_command)
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    router.message.register(privacy, Command("privacy"))
    router.message.register(forget, Command("forget"))
    router.message.register(language, Command("language"))
    router.callback_query.register(forget_confirmed, Pressed(actions.Forget))
    router.callback_query.register(language_set, Pressed(actions.Language))
    router.callback_query.register(help_now, Pressed(actions.Welcome, action="help"))
    router.callback_query.register(language_button, Pressed(actions.Welcome, action="language"))
    # Only the private chat: someone removing the bot from a group has not blocked it.
    router.my_chat_member.register(
        blocked, F.chat.type == "private", F.new_chat_member.status == "kicked"
    )
    return router


def make_unknown_router() -> Router:
    """The last router: unknown commands and stale buttons."""
    router = Router(name="unknown")
    router.message.filter(in_private_chat)
    router.message.register(unknown_command, is_command)
    router.callback_query.register(stale_button)
    return router
