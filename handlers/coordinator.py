"""Coordinators: run the service from Telegram."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.runtime import Runtime
from handlers.filters import is_coordinator
from storage import repositories as repo
from storage.models import Person

router = Router(name="coordinator")
router.message.filter(F.chat.type == "private", is_coordinator())
router.callback_query.filter(is_coordinator())

INVITE_DAYS = 7
MAX_INVITES = 20


def actor(person: Person) -> str:
    """How a coordinator appears in the audit log: their alias, or a pseudonymous number."""
    if person.supporter is not None and person.supporter.alias:
        return person.supporter.alias
    return f"coordinator #{person.id}"


@router.message(Command("invite"))
async def invite(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    t: Translator,
) -> None:
    """Make n one-time supporter invite links (default 1), valid for 7 days."""
    args = (command.args or "1").strip()
    if not args.isdigit() or not 1 <= int(args) <= MAX_INVITES:
        await message.answer(t("invite.usage", max=MAX_INVITES))
        return
    now = rt.clock.now()
    links = []
    for _ in range(int(args)):
        token = secrets.token_urlsafe(18)
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        await repo.create_invite(
            session, token_hash, person.id, now, now + timedelta(days=INVITE_DAYS)
        )
        links.append(f"https://t.me/{rt.bot_username}?start={token}")
    await repo.audit(session, actor(person), "invite", str(len(links)), now)
    await session.commit()
    await message.answer(t("invite.links", days=INVITE_DAYS, links="\n".join(links)))
