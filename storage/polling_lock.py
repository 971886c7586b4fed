"""One polling process per database: a file lock beside SQLite, an advisory lock on PostgreSQL."""

from __future__ import annotations

import fcntl
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

LOCK_KEY = 0x70726174  # "prat": the advisory lock every polling praatmaat takes
ALREADY = (
    "another praatmaat process is already polling with this database: run one polling process, "
    "or several in webhook mode (WEBHOOK_URL)"
)


class AlreadyPolling(RuntimeError):
    """A second polling process: only webhook mode runs several instances."""


@asynccontextmanager
async def polling_lock(engine: AsyncEngine, url: str) -> AsyncIterator[None]:
    """Hold the database's polling lock while the block runs, or raise AlreadyPolling."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        async with engine.connect() as connection:
            if not await connection.scalar(text(f"SELECT pg_try_advisory_lock({LOCK_KEY})")):
                raise AlreadyPolling(ALREADY)
            try:
                yield
            finally:
                with suppress(DBAPIError):  # a lost connection took the lock with it
                    await connection.execute(text(f"SELECT pg_advisory_unlock({LOCK_KEY})"))
        return
    if parsed.database in (None, "", ":memory:"):
        yield
        return
    descriptor = os.open(f"{parsed.database}.polling", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyPolling(ALREADY) from None
        yield
    finally:
        os.close(descriptor)  # closing releases the lock, as does the process dying
