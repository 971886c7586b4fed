"""Updates read from Telegram but not yet handled: kept before Telegram is told they arrived."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import InboundUpdate

Sessions = async_sessionmaker[AsyncSession]


async def keep(sessions: Sessions, updates: Iterable[tuple[int, str]]) -> None:
    """Store (update id, encrypted body) rows in one commit; rows already kept are left alone."""
    rows = [{"update_id": update_id, "body": body} for update_id, body in updates]
    if not rows:
        return
    async with sessions() as session, session.begin():
        dialect = session.bind.dialect.name
        insert = postgres_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(InboundUpdate).values(rows).on_conflict_do_nothing()
        await session.execute(statement)


async def forget(sessions: Sessions, update_ids: Iterable[int]) -> None:
    """Drop the rows of handled updates."""
    ids = list(update_ids)
    if not ids:
        return
    async with sessions() as session, session.begin():
        await session.execute(delete(InboundUpdate).where(InboundUpdate.update_id.in_(ids)))


async def unfinished(sessions: Sessions) -> list[tuple[int, str]]:
    """Rows left by a process that stopped before handling them, oldest first."""
    async with sessions() as session:
        rows = await session.execute(
            select(InboundUpdate.update_id, InboundUpdate.body).order_by(InboundUpdate.update_id)
        )
        return [(update_id, body) for update_id, body in rows]
