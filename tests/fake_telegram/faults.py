"""Fault injection: planned error answers (fail_next), rate limits, and Telegram's flood limits."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.fake_telegram.records import JSON, ApiError

SEND_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendvoice",
        "sendaudio",
        "sendvideo",
        "sendvideonote",
        "sendsticker",
        "sendanimation",
        "sendmediagroup",
        "sendlocation",
        "sendvenue",
        "sendcontact",
        "senddice",
        "copymessage",
        "copymessages",
        "forwardmessage",
        "forwardmessages",
    }
)


@dataclass
class _Fault:
    """An error to answer instead of performing matching calls."""

    method: str
    error: ApiError
    chat_id: int | str | None
    times: int


@dataclass
class _RateLimit:
    """Every `every`-th call of `methods` answers 429."""

    every: int
    retry_after: int
    methods: frozenset[str]
    seen: int = 0


@dataclass
class _TelegramLimits:
    """Telegram's flood control: `per_chat` messages/s in one chat, `per_bot` in all."""

    per_chat: float
    per_bot: float
    last_in_chat: dict[Any, float]
    recent: list[float]

    def check(self, chat_id: Any) -> None:
        """429 (with the seconds to wait, rounded up) when this send would go over a limit."""
        now = time.monotonic()
        self.recent = [t for t in self.recent if now - t < 1.0]
        wait = 0.0
        if len(self.recent) >= self.per_bot:
            wait = 1.0 - (now - self.recent[0])
        last = self.last_in_chat.get(chat_id)
        if last is not None and now - last < 1.0 / self.per_chat:
            wait = max(wait, 1.0 / self.per_chat - (now - last))
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        self.recent.append(now)
        self.last_in_chat[chat_id] = now


class FaultInjection:
    """The faults FakeTelegram answers with instead of performing a call."""

    def __init__(self) -> None:
        super().__init__()
        self._faults: list[_Fault] = []
        self._rate: _RateLimit | None = None
        self._limits: _TelegramLimits | None = None

    def rate_limit(
        self, every: int | None, retry_after: int = 1, *, methods: Iterable[str] | None = None
    ) -> None:
        """Answer every `every`-th send-type call with 429 and don't perform it; None: stop."""
        _check_retry_after(retry_after)
        if not every:
            self._rate = None
            return
        names = frozenset(m.lower() for m in methods) if methods is not None else SEND_METHODS
        self._rate = _RateLimit(every=every, retry_after=retry_after, methods=names)

    def telegram_limits(self, per_chat: float | None = 1.0, per_bot: float = 30.0) -> None:
        """Answer sends over Telegram's rates with 429 and retry_after; None: no limits."""
        self._limits = None if per_chat is None else _TelegramLimits(per_chat, per_bot, {}, [])

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        chat_id: int | str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with this error."""
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if retry_after is not None:
            _check_retry_after(retry_after)
        if description is None:
            description = {
                400: "Bad Request",
                403: "Forbidden: bot was blocked by the user",
                429: f"Too Many Requests: retry after {retry_after}",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(error_code, "Error")
        error = ApiError(error_code, description, retry_after)
        self._faults.append(_Fault(method.lower(), error, chat_id, times))

    def check_faults(self, method: str, params: JSON) -> None:
        """Raise a planned fault or a rate-limit 429 for this call, if one applies."""
        name = method.lower()
        for fault in self._faults:
            if fault.method == name and fault.chat_id in (None, params.get("chat_id")):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                raise fault.error
        if self._limits is not None and name in SEND_METHODS:
            self._limits.check(params.get("chat_id"))
        rate = self._rate
        if rate is not None and name in rate.methods:
            rate.seen += 1
            if rate.seen % rate.every == 0:
                raise ApiError(
                    429, f"Too Many Requests: retry after {rate.retry_after}", rate.retry_after
                )


def _check_retry_after(retry_after: int) -> None:
    # aiogram only raises TelegramRetryAfter when retry_after is truthy; 0 would surface as a
    # bare TelegramAPIError, which Telegram never causes.
    if not isinstance(retry_after, int) or retry_after < 1:
        raise ValueError(f"retry_after must be a whole number of seconds >= 1, got {retry_after!r}")
