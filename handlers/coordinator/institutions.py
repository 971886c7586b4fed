"""Coordinators' /institution: list, add, rename, remove, set, overflow, use."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, network
from bot.context import Context
from bot.hours import describe_hours
from bot.i18n import Translator
from bot.usage import Usage
from handlers.coordinator.arguments import split
from storage.models import Institution, Person


def _line(ctx: Context, t: Translator, row: Institution, every: dict[int, Institution]) -> str:
    hours = describe_hours(institutions.hours(ctx.settings, row), t, t.language)
    overflow = every.get(row.overflow_to_id or 0)
    extra = (
        t("inst.list-overflow", to=overflow.slug, minutes=row.overflow_minutes or 0)
        if overflow
        else ""
    )
    return t(
        "inst.list-line",
        slug=row.slug,
        name=row.name,
        zone=institutions.timezone(ctx.settings, row),
        hours=hours,
        holidays=institutions.holidays(ctx.settings, row) or "—",
        overflow=extra,
    ).rstrip()


async def listing(
    message: Message, session: AsyncSession, ctx: Context, person: Person, t: Translator
) -> None:
    """Every institution (an institution coordinator: their own) and the one worked on."""
    rows = await institutions.listed(session)
    every = {row.id: row for row in rows}
    if person.coordinates_id is not None:
        rows = [row for row in rows if row.id == person.coordinates_id]
    lines = [_line(ctx, t, row, every) for row in rows]
    scope = await institutions.scope(session, person)
    lines.append(t("inst.working-on", name=scope.name if scope else t("inst.all")))
    await ctx.messenger.send(message.chat.id, "\n".join(lines))


async def command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """/institution add|rename|remove|set|overflow|use …, for network coordinators."""
    word, rest = split(command.args)
    network.check_network(person)
    parts = rest.split()
    if word == "add" and len(parts) >= 3:
        row = await network.add(session, ctx, person, parts[0], parts[1], " ".join(parts[2:]))
        text = t("inst.added", slug=row.slug, name=row.name)
    elif word == "rename" and len(parts) >= 2:
        await network.rename(session, ctx, person, parts[0], " ".join(parts[1:]))
        text = t("inst.renamed", slug=parts[0].lower(), name=" ".join(parts[1:]))
    elif word == "remove" and len(parts) == 1:
        await network.remove(session, ctx, person, parts[0])
        text = t("inst.removed", slug=parts[0].lower())
    elif word == "set" and len(parts) == 3:
        await network.set_value(session, ctx, person, parts[0], parts[1].lower(), parts[2])
        text = t("inst.set-done", slug=parts[0].lower(), field=parts[1].lower(), value=parts[2])
    elif word == "overflow" and len(parts) in (2, 3):
        text = await _overflow(session, ctx, person, t, parts)
    elif word == "use" and len(parts) == 1:
        chosen = await network.use(session, person, parts[0].lower())
        text = t("inst.using", name=chosen.name if chosen else t("inst.all"))
    else:
        raise Usage("inst.usage")
    await ctx.messenger.send(message.chat.id, text)


async def _overflow(
    session: AsyncSession, ctx: Context, person: Person, t: Translator, parts: list[str]
) -> str:
    if len(parts) == 3 and not parts[2].isdigit():
        raise Usage("inst.overflow-usage")
    minutes = int(parts[2]) if len(parts) == 3 else None
    target = parts[1].lower()
    to = await network.overflow(session, ctx, person, parts[0], target, minutes)
    if to is None:
        return t("inst.overflow-off", slug=parts[0].lower())
    row = await institutions.named(session, parts[0])
    return t("inst.overflow-on", slug=row.slug, to=to.slug, minutes=row.overflow_minutes or 0)
