"""Group commit for append-only rows: many updates' inserts share one transaction."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from storage.db import touched_database

Row = tuple[Table, dict[str, Any]]
_STAGED = "staged_rows"


class AppendWriter:
    """Inserts rows handed in by concurrent updates together; each caller awaits its own rows.

    A relayed message only adds rows (its id map and its processed update id). Committing those
    one update at a time costs more than the relay itself, so rows that arrive while a commit is
    running go into the next one. If a shared commit fails, each caller's rows are retried on
    their own, so one bad row fails only its own update.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._waiting: list[tuple[list[Row], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def append(self, rows: list[Row]) -> None:
        """Insert `rows`; they are committed when this returns."""
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((rows, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_all())
        await future

    async def _write_all(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    await self._insert([row for rows, _ in batch for row in rows])
                except Exception:
                    await self._insert_one_by_one(batch)
                else:
                    for _, future in batch:
                        _settle(future)
        finally:
            self._writer = None

    async def _insert_one_by_one(self, batch: list[tuple[list[Row], asyncio.Future[None]]]) -> None:
        for rows, future in batch:
            try:
                await self._insert(rows)
            except Exception as error:
                _settle(future, error)
            else:
                _settle(future)

    async def _insert(self, rows: list[Row]) -> None:
        async with self._engine.begin() as connection:
            for table, values in _by_table(rows).items():
                await connection.execute(insert(table), values)


async def insert_rows(session: AsyncSession, rows: list[Row]) -> None:
    """Insert rows in the session's transaction, one statement per table."""
    for table, values in _by_table(rows).items():
        await session.execute(insert(table), values)


def _by_table(rows: list[Row]) -> dict[Table, list[dict[str, Any]]]:
    by_table: dict[Table, list[dict[str, Any]]] = defaultdict(list)
    for table, values in rows:
        by_table[table].append(values)
    return by_table


def allow_staging(session: AsyncSession) -> None:
    """Let `stage` keep this session's append-only rows for the group commit."""
    session.info[_STAGED] = []


def stage(session: AsyncSession, rows: list[Row]) -> bool:
    """Keep rows for the group commit, if the session allows it and has not used the database."""
    staged = session.info.get(_STAGED)
    if staged is None or touched_database(session):
        return False
    staged.extend(rows)
    return True


def staged(session: AsyncSession) -> list[Row]:
    """The rows `stage` kept (taken: a second call returns none)."""
    return session.info.pop(_STAGED, [])


def _settle(future: asyncio.Future[None], error: BaseException | None = None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
