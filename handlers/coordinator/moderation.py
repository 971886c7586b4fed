"""Coordinators' moderation: bans, supervision records, the audit log, confirmed actions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import actions, bans, catalogue, institutions, keyboards, roster, supervision
from bot.context import Context
from bot.i18n import Translator
from bot.usage import Usage
from handlers.coordinator import arguments
from handlers.coordinator.views import show
from handlers.pieces import edit_pressed
from storage.models import Person


async def ban(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Ask to confirm banning the student behind a pseudonym a praatmaat saw."""
    pseudonym, _ = arguments.parse_pseudonym(command.args, "coord.ban.usage")
    conversation, student = await bans.student_behind(session, pseudonym)
    own = await institutions.get(session, person.coordinates_id)
    institutions.check_in_scope(own, [conversation.institution_id])
    if student.banned_at is not None:
        await ctx.messenger.send(message.chat.id, t("coord.ban.already", pseudonym=pseudonym))
        return
    # The confirmation replies to the command, so the reason is read back from it on confirm
    # instead of being squeezed into 64 bytes of callback data.
    keyboard = keyboards.confirm(t, "ban", conversation.id, "coord.button.ban")
    text = t("coord.ban.confirm", pseudonym=pseudonym)
    await ctx.messenger.send(message.chat.id, text, keyboard, reply_to=message.message_id)


def _reason_of(query: CallbackQuery) -> str:
    """The reason typed after the pseudonym in the /ban command the confirmation replies to."""
    command = query.message.reply_to_message if isinstance(query.message, Message) else None
    if command is None or not command.text:
        return ""
    return arguments.parse_pseudonym(command.text.partition(" ")[2], "coord.ban.usage")[1]


async def unban(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Let the student behind a pseudonym open requests again."""
    pseudonym, extra = arguments.parse_pseudonym(command.args, "coord.unban.usage")
    if extra:
        raise Usage("coord.unban.usage")
    done = await bans.unban(session, ctx, person, pseudonym)
    key = "coord.unban.done" if done else "coord.unban.not-banned"
    await ctx.messenger.send(message.chat.id, t(key, pseudonym=pseudonym))


async def audit_log(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """The latest admin actions, oldest first."""
    arguments.no_arguments(command.args, "audit")
    await show(message, "audit", session, ctx, t, person)


async def supervision_record(
    message: Message, rest: str, session: AsyncSession, ctx: Context, person: Person, t: Translator
) -> None:
    """Record who attended a supervision session; that keeps them able to go on duty."""
    today = ctx.clock.now().astimezone(ZoneInfo(ctx.settings.TIMEZONE)).date()
    held_on, aliases = arguments.parse_supervision(rest, today)
    scope = await institutions.get(session, person.coordinates_id)
    for alias in aliases:
        await roster.find(session, alias, scope)
    try:
        recorded = await supervision.record(session, ctx, held_on, aliases, person)
    except supervision.UnknownAliases as error:
        raise Usage("coord.supporter.unknown", alias=str(error)) from None
    names = ", ".join(supporter.alias or "" for supporter in recorded)
    text = t("coord.supervision.recorded", date=held_on.isoformat(), aliases=names)
    await ctx.messenger.send(message.chat.id, text)


async def supervision_due(
    message: Message, rest: str, session: AsyncSession, ctx: Context, person: Person, t: Translator
) -> None:
    """Praatmaten whose supervision is overdue or due within a week."""
    arguments.no_arguments(rest, "supervision due")
    await show(message, "due", session, ctx, t, person)


async def confirmed(
    query: CallbackQuery,
    action: actions.Confirm,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Carry out a confirmed removal or ban, or leave everything as it was."""
    if not action.yes:
        text = t("coord.cancelled")
    elif action.action == "ban":
        pseudonym = await bans.ban(session, ctx, person, action.target, _reason_of(query))
        text = t("coord.ban.done", pseudonym=pseudonym)
    elif action.action == "remove-supporter":
        alias = await roster.remove(session, ctx, person, action.target)
        text = t("coord.supporter.remove-done", alias=alias)
    else:
        kind = action.action.removeprefix("remove-")
        if kind not in catalogue.KINDS:
            raise Usage("coord.gone")
        entry = await catalogue.remove(session, ctx, person, kind, action.target)
        text = t("coord.removed", entry=entry)
    await edit_pressed(ctx, query, text)
