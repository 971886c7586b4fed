"""The bot's updates: queued, confirmed by offset, redelivered, handed out by long polling."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

from tests.fake_telegram.records import JSON, ApiError, Signal

_DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)


@dataclass(eq=False)
class _Pending:
    """An update waiting to be confirmed; a redelivered one survives the next confirmation once."""

    update: JSON
    redelivered: bool = False
    forced: bool = False  # delivered whatever allowed_updates says (see FakeTelegram.inject)

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def kind(self) -> str:
        return next((key for key in self.update if key != "update_id"), "")


class UpdateQueue:
    """The update queue of FakeTelegram and getUpdates' long polling over it."""

    # provided by FakeTelegram
    signal: Signal
    _closing: bool

    def __init__(self) -> None:
        super().__init__()
        self.updates: list[JSON] = []
        self.served_at: dict[int, float] = {}  # update id -> `time.monotonic()` first handed out
        self.allowed_updates: list[str] = []
        self._pending: list[_Pending] = []
        self._injected: set[int] = set()
        self._next_update_id = 1
        self._poll_generation = 0

    def enqueue(self, kind: str, payload: JSON) -> JSON:
        """Queue an update of `kind` ("message", "callback_query", …) for the bot."""
        update = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
        self._next_update_id += 1
        self.updates.append(update)
        self._pending.append(_Pending(update))
        self.signal.notify()
        return update

    def inject(self, content: JSON) -> JSON:
        """Queue an update of any shape (malformed, unknown kind), whatever allowed_updates says."""
        update = {"update_id": self._next_update_id, **copy.deepcopy(content)}
        self._next_update_id += 1
        self._injected.add(update["update_id"])
        self.updates.append(update)
        # a newer or misbehaving Bot API might send what the bot did not ask for
        self._pending.append(_Pending(update, forced=True))
        self.signal.notify()
        return update

    async def redeliver(self, update_id: int) -> None:
        """Queue an already delivered update again, as Telegram does when a bot didn't confirm."""
        update = next((u for u in self.updates if u["update_id"] == update_id), None)
        if update is None:
            raise KeyError(f"no update {update_id}")
        forced = update_id in self._injected
        self._pending.append(_Pending(copy.deepcopy(update), redelivered=True, forced=forced))
        self.signal.notify()

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates the bot has not confirmed yet."""
        return [entry.update for entry in self._pending]

    async def poll(
        self, offset: int | None, limit: int, timeout: float, allowed: list[str] | None
    ) -> list[JSON]:
        """getUpdates: confirm below `offset`, then hold until updates arrive or `timeout`."""
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if allowed is not None:
            self.allowed_updates = list(allowed)
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self.signal.notify()
        await self.signal.wait_until(
            lambda: (
                self._closing
                or self._poll_generation != generation
                or bool(self._deliverable(limit))
            ),
            timeout,
        )
        if self._poll_generation != generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        batch = self._deliverable(limit)
        served = time.monotonic()
        for entry in batch:
            entry.redelivered = False
            self.served_at.setdefault(entry.update_id, served)
        return [entry.update for entry in batch]

    def _confirm(self, offset: int | None) -> None:
        if not offset:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [p for p in self._pending if p.update_id >= offset or p.redelivered]

    def _deliverable(self, limit: int) -> list[_Pending]:
        allowed = set(self.allowed_updates)
        return [entry for entry in self._pending if self._wanted(entry, allowed)][:limit]

    @staticmethod
    def _wanted(entry: _Pending, allowed: set[str]) -> bool:
        if entry.forced:
            return True
        return (
            entry.kind in allowed if allowed else entry.kind not in _DEFAULT_UPDATE_TYPES_EXCLUDED
        )
