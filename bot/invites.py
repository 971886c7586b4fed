"""Supporter invites: one-time links a coordinator makes, redeemed through /start."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit, institutions, menus
from bot.context import Context
from bot.roles import SUPPORTER
from storage import repositories as repo
from storage.models import Person, Supporter, SupporterInstitution
from storage.status import SupporterStatus

VALID_DAYS = 7
MAX_AT_ONCE = 20


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create(session: AsyncSession, ctx: Context, by: Person, count: int) -> list[str]:
    """`count` fresh tokens (only their hashes are stored), valid for VALID_DAYS."""
    at = await institutions.one_for(session, by)
    now = ctx.clock.now()
    tokens = [secrets.token_urlsafe(18) for _ in range(count)]
    for token in tokens:
        expires = now + timedelta(days=VALID_DAYS)
        await repo.create_invite(session, _hash(token), by.id, now, expires, at.id)
    await audit.note(session, ctx, by, "invite", str(count), at.id)
    await session.commit()
    return tokens


async def redeem(
    session: AsyncSession, ctx: Context, person: Person, roles: frozenset[str], token: str
) -> str:
    """Make the person a praatmaat if the invite is valid and unused; the key of the answer."""
    joins = await repo.invite_institution(session, _hash(token))
    if SUPPORTER in roles:
        return await _join(session, ctx, person, token, joins)
    if await repo.open_conversation_of(session, person.id) is not None:
        return "invite.finish-conversation-first"
    now = ctx.clock.now()
    if not await repo.redeem_invite(session, _hash(token), person.id, now):
        return "invite.invalid"
    existing = person.supporter
    if existing is not None:
        existing.status, existing.alias, existing.alias_key = SupporterStatus.ACTIVE, None, None
        existing.joined_at, existing.last_supervision_on = now, now.date()
        existing.memberships.clear()
    else:
        existing = Supporter(person_id=person.id, joined_at=now, last_supervision_on=now.date())
        existing.memberships = []
        session.add(existing)
    joins = joins or (await institutions.default(session)).id
    existing.memberships.append(SupporterInstitution(institution_id=joins))
    await session.commit()
    await session.refresh(person)
    await menus.refresh(ctx, person)
    return "invite.welcome"


async def _join(
    session: AsyncSession, ctx: Context, person: Person, token: str, joins: int | None
) -> str:
    """A praatmaat redeeming another institution's invite also serves that institution."""
    supporter = person.supporter
    if supporter is None or joins is None or joins in supporter.institution_ids:
        return "invite.already-supporter"
    if not await repo.redeem_invite(session, _hash(token), person.id, ctx.clock.now()):
        return "invite.invalid"
    supporter.memberships.append(SupporterInstitution(institution_id=joins))
    await session.commit()
    return "inst.joined"
