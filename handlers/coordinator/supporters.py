"""Coordinators and praatmaten: invites, the roster, one supporter's state, the queue, broadcast."""

from __future__ import annotations

from aiogram import Bot
from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram.utils.deep_linking import create_start_link
from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, invites, keyboards, roster
from bot.context import Context
from bot.i18n import Translator
from handlers.coordinator import arguments
from handlers.coordinator.views import show
from storage.models import Person


async def invite(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Make n one-time supporter invite links (default 1), valid for 7 days."""
    args = (command.args or "1").strip()
    if not args.isdigit() or not 1 <= int(args) <= invites.MAX_AT_ONCE:
        await ctx.messenger.send(message.chat.id, t("invite.usage", max=invites.MAX_AT_ONCE))
        return
    tokens = await invites.create(session, ctx, person, int(args))
    links = [await create_start_link(bot, token) for token in tokens]
    text = t.plural(
        "invite.links", invites.VALID_DAYS, days=invites.VALID_DAYS, links="\n".join(links)
    )
    await ctx.messenger.send(message.chat.id, text)


async def supporters(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Every praatmaat: status, duty, last supervision, conversations this week."""
    arguments.no_arguments(command.args, "supporters")
    await show(message, "supporters", session, ctx, t, person)


async def supporter_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Pause, resume, remove (after confirmation), set capacity of, or promote one praatmaat."""
    parsed = arguments.parse_supporter_command(command.args)
    scope = await institutions.get(session, person.coordinates_id)
    target = await roster.find(session, parsed.alias, scope)
    alias = target.alias or parsed.alias
    if parsed.action == "remove":
        keyboard = keyboards.confirm(t, "remove-supporter", target.id, "coord.button.remove")
        text = t("coord.supporter.remove-confirm", alias=alias)
        await ctx.messenger.send(message.chat.id, text, keyboard)
        return
    key = await roster.change(session, ctx, person, target, parsed.action, parsed.capacity)
    capacity = parsed.capacity or 0
    await ctx.messenger.send(
        message.chat.id, t.plural(key, capacity, alias=alias, capacity=capacity)
    )


async def queue(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Waiting requests in the order they are offered: pseudonym, wait, crisis mark."""
    arguments.no_arguments(command.args, "queue")
    await show(message, "queue", session, ctx, t, person)


async def broadcast(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Send a message to every active praatmaat."""
    text = arguments.parse_text(command.args, "coord.broadcast.usage")
    scope = await institutions.scope(session, person)
    sent = await roster.broadcast(session, ctx, person, text, scope)
    await ctx.messenger.send(message.chat.id, t.plural("coord.broadcast.sent", sent, count=sent))
