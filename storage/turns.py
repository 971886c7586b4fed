"""Per-chat turns of webhook updates, shared by every instance on one PostgreSQL database.

Each arriving update gets a row (update id, a keyed hash of its chat, the instance that has
it). An update may start when no earlier update of its chat is still undone, and runs on one
instance at a time (`started`). An instance is alive while it holds its advisory lock:
PostgreSQL drops the lock the moment the instance's connection dies (e.g. on SIGKILL), and the
rows it had are then anyone's.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

NAMESPACE = 0x7475726E  # "turn": first key of every instance's advisory lock
CHANNEL = "update_turns"  # NOTIFY channel: an update of the chat (payload: chat key) is done
KEEP = 5000  # rows of this many update ids before the newest are kept
PURGE_EVERY = 500


def _alive(holder: str) -> str:
    """SQL: the instance named in column `holder` still holds its advisory lock."""
    return (
        "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
        f" AND l.classid = {NAMESPACE} AND l.objsubid = 2 AND l.objid = {holder}::oid)"
    )


_UNOWNED = "(t.holder IS NULL OR NOT {alive})"  # nobody alive has the update
_ARRIVE = (
    "INSERT INTO update_turns AS t (update_id, chat_key, holder, started, done)"
    " VALUES (:u, :k, :me, false, false) ON CONFLICT (update_id) DO UPDATE"
    " SET chat_key = EXCLUDED.chat_key, holder = :me, started = false, done = false"
    # a gap filled too early (the update came after all), or one whose instance died
    f" WHERE t.chat_key IS NULL OR (NOT t.done AND {_UNOWNED.format(alive=_alive('t.holder'))})"
)
_PRESENT = (
    "SELECT (SELECT min(update_id) FROM update_turns),"
    " array(SELECT update_id FROM update_turns WHERE update_id >= :lo AND update_id < :u)"
)
_ARRIVE_AND_LOOK = text(f"WITH arrived AS ({_ARRIVE}) {_PRESENT}")
_FILL = text(
    "INSERT INTO update_turns (update_id, chat_key, holder, started, done)"
    " SELECT unnest(CAST(:ids AS bigint[])), NULL, NULL, false, true ON CONFLICT DO NOTHING"
)
# An earlier update of the chat that is not done holds this one back; after PATIENCE, only
# while a live instance has it (waiting or running): one nobody has may never come again.
_EARLIER = (
    "NOT EXISTS (SELECT 1 FROM update_turns e WHERE e.chat_key = t.chat_key"
    " AND e.update_id < t.update_id AND NOT e.done{abandoned})"
)
_TAKE = (
    "WITH taken AS (UPDATE update_turns t SET holder = :me, started = true"
    " WHERE t.update_id = :u AND NOT t.done AND ((t.holder = :me AND NOT t.started)"
    f" OR {_UNOWNED.format(alive=_alive('t.holder'))}) AND {{earlier}} RETURNING 1)"
    " SELECT (SELECT count(*) FROM taken), (SELECT done FROM update_turns WHERE update_id = :u)"
)
_TAKE_IN_ORDER = text(_TAKE.format(earlier=_EARLIER.format(abandoned="")))
_TAKE_ANYWAY = text(
    _TAKE.format(
        earlier=_EARLIER.format(abandoned=f" AND e.holder IS NOT NULL AND {_alive('e.holder')}")
    )
)
_RELEASE = text(
    "WITH released AS (UPDATE update_turns SET started = false, done = :done,"
    " holder = CASE WHEN :done THEN holder END WHERE update_id = :u AND holder = :me"
    f" RETURNING 1) SELECT pg_notify('{CHANNEL}', :key) FROM released"
)
_PURGE = text("DELETE FROM update_turns WHERE update_id < :below")


class Turn(StrEnum):
    """What asking for an update's turn found."""

    TAKEN = "taken"  # handle it now
    DONE = "done"  # another instance (or an earlier delivery) handled it
    WAIT = "wait"  # an earlier update of the chat is undone, or it is running elsewhere


class Turns:
    """One instance's view of the shared turns: its liveness lock and the statements."""

    def __init__(self, engine: AsyncEngine) -> None:
        # One statement each, committed on its own: a round trip instead of three.
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._alive: AsyncConnection | None = None
        self.me = 0

    async def start(self, on_done: Callable[[int], None]) -> None:
        """Take this instance's liveness lock; `on_done(chat_key)` hears of finished updates."""
        self._alive = await self._engine.connect()
        while not self.me:
            candidate = secrets.randbelow(2**31 - 2) + 1
            locked = await self._alive.scalar(
                text(f"SELECT pg_try_advisory_lock({NAMESPACE}, {candidate})")
            )
            await self._alive.commit()
            self.me = candidate if locked else 0
        raw = await self._alive.get_raw_connection()
        await raw.driver_connection.add_listener(  # type: ignore[union-attr]
            CHANNEL, lambda _c, _pid, _channel, payload: on_done(int(payload))
        )

    async def stop(self) -> None:
        """Give up the liveness lock (closing the connection releases it)."""
        if self._alive is not None:
            await self._alive.close()
            self._alive = None

    async def arrive(self, update_id: int, chat_key: int, span: int) -> list[int]:
        """Put the update in its chat's line (a redelivery keeps its row); ids still to come.

        Those are the ids among the `span` before this one that have not arrived anywhere yet.
        """
        values = {"u": update_id, "k": chat_key, "lo": update_id - span, "me": self.me}
        async with self._engine.connect() as connection:
            found = await connection.execute(_ARRIVE_AND_LOOK, values)
            if update_id % PURGE_EVERY == 0:
                await connection.execute(_PURGE, {"below": update_id - KEEP})
        return _missing(update_id, span, *found.one())

    async def missing(self, update_id: int, span: int) -> list[int]:
        """Update ids among the `span` before this one that have not arrived anywhere yet."""
        async with self._engine.connect() as connection:
            found = await connection.execute(
                text(_PRESENT), {"lo": update_id - span, "u": update_id}
            )
        return _missing(update_id, span, *found.one())

    async def fill(self, update_ids: list[int]) -> None:
        """Mark ids that never came as done, so they hold no chat up (a late one is revived)."""
        async with self._engine.connect() as connection:
            await connection.execute(_FILL, {"ids": update_ids})

    async def take(self, update_id: int, *, in_order: bool = True) -> Turn:
        """Run the update if it is its turn; `in_order=False` skips earlier ones nobody has."""
        statement = _TAKE_IN_ORDER if in_order else _TAKE_ANYWAY
        async with self._engine.connect() as connection:
            found = await connection.execute(statement, {"u": update_id, "me": self.me})
        taken, done = found.one()
        if taken:
            return Turn.TAKEN
        return Turn.DONE if done else Turn.WAIT

    async def release(self, update_id: int, chat_key: int, *, done: bool) -> None:
        """Let go of the update (done, or to be sent again) and wake the chat's next update."""
        values = {"u": update_id, "me": self.me, "done": done, "key": str(chat_key)}
        async with self._engine.connect() as connection:
            await connection.execute(_RELEASE, values)


def _missing(update_id: int, span: int, floor: int | None, present: list[int]) -> list[int]:
    if floor is None:
        return []
    return sorted(set(range(max(floor, update_id - span), update_id)) - set(present))
