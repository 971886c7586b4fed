"""Webhook mode: pushing queued updates to the bot's URL, retrying until it answers 2xx."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import aiohttp

from tests.fake_telegram.records import JSON
from tests.fake_telegram.updates import UpdateQueue, _Pending


class WebhookDelivery(UpdateQueue):
    """Instead of long polling, FakeTelegram posts each update to the webhook, in order."""

    # provided by FakeTelegram
    date: Callable[[], int]

    def __init__(self) -> None:
        super().__init__()
        self.webhook: JSON | None = None
        self.webhook_retry_delay = 0.05
        self.webhook_connections = 1  # posts in flight at once (Telegram: up to 40)
        self._webhook_task: asyncio.Task[None] | None = None

    def set_webhook(self, hook: JSON | None, drop_pending_updates: bool) -> None:
        """Start (or with None stop) pushing updates to a URL."""
        if drop_pending_updates:
            self._pending.clear()
        self.webhook = hook
        if hook is not None and hook.get("allowed_updates") is not None:
            self.allowed_updates = list(hook["allowed_updates"])
        if hook is not None and (self._webhook_task is None or self._webhook_task.done()):
            self._webhook_task = asyncio.create_task(self._deliver_to_webhook())
        self.signal.notify()

    async def _deliver_to_webhook(self) -> None:
        # `webhook_connections` posts at once, in update_id order, whatever their chat: Telegram
        # allows up to 40 connections, and this is the worst case of what they can bring.
        in_flight: set[int] = set()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            await asyncio.gather(
                *(
                    self._webhook_connection(session, in_flight)
                    for _ in range(max(1, self.webhook_connections))
                )
            )

    def _next_for_webhook(self, in_flight: set[int]) -> _Pending | None:
        allowed = set(self.allowed_updates)
        for entry in self._pending:
            if id(entry) not in in_flight and self._wanted(entry, allowed):
                return entry
        return None

    async def _webhook_connection(
        self, session: aiohttp.ClientSession, in_flight: set[int]
    ) -> None:
        while self.webhook is not None and not self._closing:
            entry = self._next_for_webhook(in_flight)
            if entry is None:
                await self.signal.wait_until(
                    lambda: (
                        self._closing
                        or self.webhook is None
                        or self._next_for_webhook(in_flight) is not None
                    ),
                    3600,
                )
                continue
            hook = self.webhook
            in_flight.add(id(entry))
            self.served_at.setdefault(entry.update_id, time.monotonic())
            try:
                error = await self._post_update(session, hook, entry.update)
                if error is None:
                    if entry in self._pending:
                        self._pending.remove(entry)
                    continue
                hook["last_error_date"] = self.date()
                hook["last_error_message"] = error
                await self.signal.wait_until(
                    lambda h=hook: self._closing or self.webhook is not h, self.webhook_retry_delay
                )
            finally:
                in_flight.discard(id(entry))
                self.signal.notify()

    @staticmethod
    async def _post_update(session: aiohttp.ClientSession, hook: JSON, update: JSON) -> str | None:
        headers = {}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
        try:
            async with session.post(hook["url"], json=update, headers=headers) as response:
                if response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except aiohttp.ClientError as error:
            return f"Connection failed: {error}"

    async def stop_webhook(self) -> None:
        """Cancel the delivery task, if one runs."""
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
