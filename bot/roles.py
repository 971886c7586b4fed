"""Who someone is to the bot: resolve a Telegram user to a person and their roles."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import pick_language
from bot.runtime import Runtime
from storage import repositories as repo
from storage.models import Person, Supporter

STUDENT, SUPPORTER, COORDINATOR = "student", "supporter", "coordinator"


async def resolve(
    session: AsyncSession, rt: Runtime, telegram_id: int, language_code: str | None
) -> Person:
    """The person behind a Telegram user, created on first contact (private chat id = user id)."""
    hashes = rt.cipher.lookup_hashes(telegram_id)
    found = await repo.person_by_hashes(session, hashes)
    return await _prepared(session, rt, telegram_id, language_code, hashes, found)


async def resolve_update(
    session: AsyncSession, rt: Runtime, telegram_id: int, language_code: str | None, update_id: int
) -> Person | None:
    """`resolve` for an update, or None if that update was already handled (one query)."""
    hashes = rt.cipher.lookup_hashes(telegram_id)
    found, seen = await repo.person_and_update_seen(session, hashes, update_id)
    if seen:
        return None
    return await _prepared(session, rt, telegram_id, language_code, hashes, found)


async def _prepared(
    session: AsyncSession,
    rt: Runtime,
    telegram_id: int,
    language_code: str | None,
    hashes: Sequence[str],
    person: Person | None,
) -> Person:
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


def roles_of(person: Person) -> frozenset[str]:
    """The person's roles; someone with no other role is a student."""
    roles = set()
    if person.is_coordinator:
        roles.add(COORDINATOR)
    supporter = person.supporter
    if supporter is not None and supporter.status != "removed":
        roles.add(SUPPORTER)
    return frozenset(roles or {STUDENT})


def active_supporter(person: Person) -> Supporter | None:
    """The person's supporter record if they are a (not removed) supporter."""
    supporter = person.supporter
    return supporter if supporter is not None and supporter.status != "removed" else None


def chat_of(rt: Runtime, person: Person) -> int:
    """The person's private chat id, decrypted."""
    return rt.cipher.chat_id(person.chat_id_enc)
