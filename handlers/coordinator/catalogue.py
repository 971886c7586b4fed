"""Coordinators' lists: hours, closures, contacts, crisis phrases, referrals; add and remove."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import catalogue, institutions, keyboards
from bot.context import Context
from bot.hours import describe_hours
from bot.i18n import Translator
from bot.usage import Usage
from handlers.coordinator import arguments
from handlers.coordinator.views import show
from storage.models import Person

REMOVE_KINDS = {
    "closed": "closure",
    "contacts": "contact",
    "keywords": "keyword",
    "resources": "resource",
}


async def hours(
    message: Message, session: AsyncSession, ctx: Context, person: Person, t: Translator
) -> None:
    """The weekly hours (of the coordinator's institution), in words and as typed."""
    at = await institutions.one_for(session, person)
    weekly = institutions.hours(ctx.settings, at)
    text = t("coord.hours.show", hours=describe_hours(weekly, t, t.language), spec=str(weekly))
    await ctx.messenger.send(message.chat.id, text)


async def hours_set(
    message: Message, rest: str, session: AsyncSession, ctx: Context, person: Person, t: Translator
) -> None:
    """Validate and store new weekly hours."""
    weekly = arguments.parse_hours(rest)
    at = await institutions.one_for(session, person)
    await catalogue.set_hours(session, ctx, person, weekly, at)
    text = t("coord.hours.set", hours=describe_hours(weekly, t, t.language))
    await ctx.messenger.send(message.chat.id, text)


async def listed(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """/closed, /contacts, /keywords or /resources list: the entries, in pages."""
    await show(message, command.command, session, ctx, t, person)


async def added(
    message: Message,
    command: CommandObject,
    rest: str,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Add a closure (dates inclusive), a contact (a language or "*"), a phrase or a referral."""
    name = command.command
    scope = await institutions.scope(session, person)
    if name == "closed":
        closure = arguments.parse_closure(rest)
        entry = await catalogue.add_closure(session, ctx, person, closure, scope)
    elif name == "contacts":
        parsed = arguments.parse_entry(
            rest, arguments.CONTACT_LANGUAGES, "coord.contacts.usage", limit=120
        )
        entry = await catalogue.add_contact(session, ctx, person, parsed, scope)
    elif name == "keywords":
        entry = await catalogue.add_phrase(session, ctx, person, arguments.parse_phrase(rest))
    else:
        parsed = arguments.parse_entry(
            rest, arguments.LANGUAGES, "coord.resources.usage", limit=120
        )
        entry = await catalogue.add_resource(session, ctx, person, parsed, scope)
    await ctx.messenger.send(message.chat.id, t("coord.added", entry=entry))


async def remove_entry(
    message: Message,
    command: CommandObject,
    rest: str,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """Ask to confirm removing a closure, contact, phrase or referral by its number."""
    kind = REMOVE_KINDS[command.command]
    entry_id = arguments.parse_id(rest, f"coord.{command.command}.usage")
    entry = await catalogue.removable(session, person, kind, entry_id)
    keyboard = keyboards.confirm(t, f"remove-{kind}", entry_id, "coord.button.remove")
    await ctx.messenger.send(message.chat.id, t("coord.remove-confirm", entry=entry), keyboard)


async def subcommand_usage(message: Message, command: CommandObject) -> None:
    """An unknown subcommand gets the command's usage line."""
    raise Usage(f"coord.{command.command}.usage")
