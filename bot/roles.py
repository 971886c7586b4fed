"""Who someone is to the bot: resolve a Telegram user to a person and their roles."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import pick_language
from bot.runtime import Runtime
from storage import callers
from storage import repositories as repo
from storage.callers import Caller
from storage.models import Person, Supporter

STUDENT, SUPPORTER, COORDINATOR = "student", "supporter", "coordinator"


async def resolve(
    session: AsyncSession, rt: Runtime, telegram_id: int, language_code: str | None
) -> Person:
    """The person behind a Telegram user, created on first contact (private chat id = user id)."""
    hashes = rt.cipher.lookup_hashes(telegram_id)
    person = await repo.person_by_hashes(session, hashes)
    if person is None:
        person = Person(
            id_hash=hashes[0],
            chat_id_enc=rt.cipher.encrypt(str(telegram_id)),
            language=pick_language(language_code, rt.settings.DEFAULT_LANGUAGE),
            created_at=rt.clock.now(),
        )
        session.add(person)
        await session.flush()
        await session.refresh(person, attribute_names=["supporter", "open_conversation"])
    elif person.id_hash != hashes[0]:
        person.id_hash = hashes[0]
    if telegram_id in rt.settings.COORDINATOR_IDS and not person.is_coordinator:
        person.is_coordinator = True
    return person


async def identify(
    session: AsyncSession, rt: Runtime, telegram_id: int, language_code: str | None, update_id: int
) -> Caller | None:
    """Who sent an update (created on first contact); None if the update was already handled."""
    hashes = rt.cipher.lookup_hashes(telegram_id)
    caller, seen = await callers.caller_for_update(session, rt.reader, hashes, update_id)
    if seen:
        return None
    promote = telegram_id in rt.settings.COORDINATOR_IDS
    if caller is None or caller.id_hash != hashes[0] or (promote and not caller.is_coordinator):
        await resolve(session, rt, telegram_id, language_code)
        await session.commit()
        caller, _ = await callers.caller_for_update(session, rt.reader, hashes, update_id)
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
    if status is not None and status != "removed":
        roles.add(SUPPORTER)
    return frozenset(roles or {STUDENT})


def active_supporter(person: Person) -> Supporter | None:
    """The person's supporter record if they are a (not removed) supporter."""
    supporter = person.supporter
    return supporter if supporter is not None and supporter.status != "removed" else None


def chat_of(rt: Runtime, person: Person) -> int:
    """The person's private chat id, decrypted."""
    return rt.cipher.chat_id(person.chat_id_enc)
