"""Who someone is to the bot: resolve a Telegram user to a person and their roles."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import LANGUAGES, pick_language
from storage import lookups
from storage import repositories as repo
from storage.lookups import Caller
from storage.models import Person, Supporter
from storage.status import SupporterStatus

if TYPE_CHECKING:
    from bot.context import Context


class Role(StrEnum):
    """What someone can do here; someone with no other role is a student."""

    STUDENT = "student"
    SUPPORTER = "supporter"
    COORDINATOR = "coordinator"


STUDENT, SUPPORTER, COORDINATOR = Role.STUDENT, Role.SUPPORTER, Role.COORDINATOR


async def resolve(
    session: AsyncSession, ctx: Context, telegram_id: int, language_code: str | None
) -> Person:
    """The person behind a Telegram user, created on first contact (private chat id = user id)."""
    hashes = ctx.cipher.lookup_hashes(telegram_id)
    person = await repo.person_by_hashes(session, hashes)
    if person is None:
        person = Person(
            id_hash=hashes[0],
            chat_id_enc=ctx.cipher.encrypt(str(telegram_id)),
            language=pick_language(language_code, ctx.settings.DEFAULT_LANGUAGE),
            created_at=ctx.clock.now(),
        )
        session.add(person)
        await session.flush()
        await session.refresh(person, attribute_names=["supporter", "open_conversation"])
    elif person.id_hash != hashes[0]:
        person.id_hash = hashes[0]
    if telegram_id in ctx.settings.COORDINATOR_IDS and not person.is_coordinator:
        person.is_coordinator = True
    return person


async def identify(
    session: AsyncSession, ctx: Context, telegram_id: int, language_code: str | None, update_id: int
) -> Caller | None:
    """Who sent an update (created on first contact); None if the update was already handled."""
    hashes = ctx.cipher.lookup_hashes(telegram_id)
    caller, seen = await lookups.caller_for_update(session, ctx.reader, hashes, update_id)
    if seen:
        return None
    promote = telegram_id in ctx.settings.COORDINATOR_IDS
    if caller is None or caller.id_hash != hashes[0] or (promote and not caller.is_coordinator):
        try:
            await resolve(session, ctx, telegram_id, language_code)
            await session.commit()
        except IntegrityError:  # another of their first updates (another chat) created them
            await session.rollback()
        caller, _ = await lookups.caller_for_update(session, ctx.reader, hashes, update_id)
    return caller


def roles_of(person: Person | Caller) -> frozenset[str]:
    """The person's roles; someone with no other role is a student."""
    if isinstance(person, Person):
        status = person.supporter.status if person.supporter is not None else None
    else:
        status = person.supporter_status
    roles = set()
    if person.is_coordinator:
        roles.add(COORDINATOR)
    if status is not None and status != SupporterStatus.REMOVED:
        roles.add(SUPPORTER)
    return frozenset(roles or {STUDENT})


def active_supporter(person: Person) -> Supporter | None:
    """The person's supporter record if they are a (not removed) supporter."""
    supporter = person.supporter
    return (
        supporter if supporter is not None and supporter.status != SupporterStatus.REMOVED else None
    )


def chat_of(ctx: Context, person: Person) -> int:
    """The person's private chat id, decrypted."""
    return ctx.cipher.chat_id(person.chat_id_enc)


async def set_language(session: AsyncSession, person: Person, code: str) -> bool:
    """Store a person's language; False for a language we don't speak."""
    if code not in LANGUAGES:
        return False
    person.language = code
    await session.commit()
    return True


async def person(session: AsyncSession, person_id: int) -> Person | None:
    """A person with their supporter record and open conversation loaded."""
    return await repo.person_by_id(session, person_id)
