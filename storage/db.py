"""Async engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Executable, Row, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATE_URL = "PRAATMAAT_MIGRATE_URL"  # how storage.upgrade is told the database
HEAD = "0004"  # the newest migration (tests/test_storage.py keeps it in step with Alembic)


def make_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    """An engine tuned per backend: WAL and foreign keys on SQLite, a pool on PostgreSQL."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


class Reader:
    """A synchronous read-only SQLite connection for the per-update look-up.

    A one-row read takes microseconds in SQLite but ~0.5 ms through the async pool's worker
    thread. WAL readers never wait for writers, so reading on the event loop does not stall it;
    a short busy timeout bounds the rare wait (a checkpoint), and callers fall back to the pool.
    Each read ends its transaction, so no snapshot is held between reads.
    """

    def __init__(self, url: URL) -> None:
        self._engine = create_engine(url, poolclass=StaticPool)
        event.listen(self._engine, "connect", _read_only_pragmas)
        self._connection: Connection | None = None

    def all(self, statement: Executable, parameters: dict[str, object]) -> Sequence[Row[Any]]:
        """Every row of a query, ending its transaction; reconnects after a failed read."""
        if self._connection is None:
            self._connection = self._engine.connect()
        try:
            return self._connection.execute(statement, parameters).all()
        except DBAPIError:
            self._connection.close()
            self._connection = None
            raise
        finally:
            if self._connection is not None:
                self._connection.rollback()

    def dispose(self) -> None:
        """Close the connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._engine.dispose()


def make_reader(url: str) -> Reader | None:
    """A `Reader` on a SQLite file; None for other databases (and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Reader(parsed.set(drivername="sqlite"))


def _read_only_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA busy_timeout=100")
    cursor.close()


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class _Session(Session):
    """A session that notes when it first uses a connection (see `touched_database`)."""


@event.listens_for(_Session, "after_begin")
def _note_connection(session: Session, _transaction: object, _connection: object) -> None:
    session.info["connected"] = True


def make_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory whose objects stay usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=_Session)


def touched_database(session: AsyncSession) -> bool:
    """Whether the session has read or written through a connection (not just added objects)."""
    return bool(session.info.get("connected"))


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at the packaged migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def migrate(url: str, *, apart: bool = False) -> bool:
    """Apply every pending migration, saying whether there was one (only then is Alembic loaded).

    `apart` runs Alembic in a child process, so its ~10 MiB never count in this process's peak.
    """
    if await _revision(url) == HEAD:
        return False
    if apart:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "storage.upgrade", env={**os.environ, MIGRATE_URL: url}
        )
        if await child.wait() != 0:
            raise RuntimeError("migrating the database failed (the reason is logged above)")
        return True
    from alembic import command

    # Alembic's async env runs its own event loop, so it gets a thread.
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")
    return True


async def not_ready(engine: AsyncEngine, timeout: float) -> str | None:
    """Why the database can't serve the bot now (unreachable, migrations not current), or None."""

    async def revision() -> object:
        async with engine.connect() as connection:
            try:
                return await connection.scalar(text("SELECT version_num FROM alembic_version"))
            except DBAPIError:  # connected, but never migrated
                return None

    try:
        found = await asyncio.wait_for(revision(), timeout)
    except TimeoutError:
        return "database unreachable (no answer)"
    except (DBAPIError, OSError) as error:
        return f"database unreachable ({type(getattr(error, 'orig', error)).__name__})"
    if found != HEAD:
        return f"migrations not current (database at {found}, code at {HEAD})"
    return None


async def _revision(url: str) -> str | None:
    """The database's migration revision, or None before the first migration."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return None
    finally:
        await engine.dispose()
    return str(found) if found is not None else None
