"""A student says where they study: by deep link, by the first-question keyboard, or later."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, requests
from bot.context import Context
from bot.i18n import Translator
from bot.messenger import Piece
from storage.models import Person


async def arrive(session: AsyncSession, ctx: Context, person: Person, slug: str) -> str | None:
    """A deep link `i-SLUG`: the student now belongs there; the institution's name, or None."""
    institution = await institutions.by_slug(session, slug)
    if institution is None:
        return None
    person.institution_id = institution.id
    await session.commit()
    return institution.name


async def change(session: AsyncSession, ctx: Context, person: Person, chat: int) -> None:
    """/institution from a student: where they are now, and the choice (not mid-conversation)."""
    t = Translator(person.language)
    if person.open_conversation is not None:
        await ctx.messenger.send(chat, t("inst.not-now"))
        return
    current = await institutions.of_student(session, person)
    if current is not None:
        await ctx.messenger.send(chat, t("inst.current", name=current.name))
    await requests.ask_where(session, ctx, chat, t)


async def chosen(
    session: AsyncSession,
    ctx: Context,
    person: Person,
    chat: int,
    institution_id: int,
    message_id: int,
    talk: bool = False,
) -> str:
    """Store the choice; a message or /talk before the question opens the request. Answer key."""
    institution = await institutions.get(session, institution_id)
    if institution is None:
        return "inst.gone"
    if person.open_conversation is not None:
        return "inst.not-now"
    person.institution_id = institution.id
    await session.commit()
    t = Translator(person.language)
    await ctx.messenger.send(chat, t("inst.chosen", name=institution.name))
    if message_id or talk:
        first = [Piece(message_id, "text", None)] if message_id else []
        await requests.ask(session, ctx, person, chat, first=first)
    return "inst.chosen-short"
