"""One update is one unit of work: who sent it, and its changes committed with its id."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import roles
from bot.context import Context
from storage import appends
from storage import repositories as repo
from storage.db import touched_database
from storage.lookups import Caller


async def begin(
    session: AsyncSession, ctx: Context, user_id: int, language_code: str | None, update_id: int
) -> Caller | None:
    """The caller of an update (created on first contact); None if it was already handled."""
    appends.allow_staging(session)
    return await roles.identify(session, ctx, user_id, language_code, update_id)


async def finish(session: AsyncSession, ctx: Context, update_id: int) -> None:
    """Commit the handler's work with the update id; untouched sessions share a group commit."""
    rows = [*appends.staged(session), repo.processed_row(update_id, ctx.clock.now())]
    if touched_database(session) or session.new or session.dirty or session.deleted:
        await appends.insert_rows(session, rows)
        await session.commit()
    else:
        await session.close()
        await ctx.appends.append(rows)
