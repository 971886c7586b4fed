"""One-time supporter invites, kept by the hash of their token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite
from storage.repositories.claims import claim


async def create_invite(
    session: AsyncSession,
    token_hash: str,
    by: int | None,
    at: datetime,
    expires: datetime,
    institution: int | None = None,
) -> None:
    """Store a new invite by its hash (joining the supporter to an institution)."""
    invite = Invite(token_hash=token_hash, created_by=by, created_at=at, expires_at=expires)
    invite.institution_id = institution
    session.add(invite)


async def invite_institution(session: AsyncSession, token_hash: str) -> int | None:
    """The institution an invite joins its supporter to."""
    return await session.scalar(
        select(Invite.institution_id).where(Invite.token_hash == token_hash)
    )


async def redeem_invite(session: AsyncSession, token_hash: str, by: int, at: datetime) -> bool:
    """Use an invite once, if it exists and has not expired."""
    return await claim(
        session,
        Invite,
        Invite.token_hash == token_hash,
        Invite.used_at.is_(None),
        Invite.expired_at.is_(None),
        Invite.expires_at > at,
        used_at=at,
        used_by=by,
    )


async def expire_invites(session: AsyncSession, at: datetime) -> int:
    """Mark unused invites past their date as expired; returns how many."""
    result = await session.execute(
        update(Invite)
        .where(Invite.used_at.is_(None), Invite.expired_at.is_(None), Invite.expires_at <= at)
        .values(expired_at=at)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
