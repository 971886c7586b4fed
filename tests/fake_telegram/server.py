"""FakeTelegram: the HTTP server, the update queue (long polling or webhook) and the state."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
import itertools
import json
import math
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp import web

from tests.fake_telegram.api import SEND_METHODS, BotApi
from tests.fake_telegram.people import FakeChat, FakeUser
from tests.fake_telegram.records import (
    ApiError,
    Call,
    ChatMessage,
    Edit,
    Failure,
    Signal,
    StoredFile,
    UploadedFile,
)

JSON = dict[str, Any]
ScopeKey = tuple[str, int | None, int | None]

_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "media",
        "commands",
        "scope",
        "reply_parameters",
        "link_preview_options",
        "allowed_updates",
        "message_ids",
        "menu_button",
        "options",
    }
)
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "action",
        "emoji",
        "title",
        "description",
        "short_description",
        "name",
        "question",
        "address",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "language_code",
        "secret_token",
        "file_id",
        "business_connection_id",
        "message_effect_id",
        "performer",
        "quote",
        "ip_address",
        "photo",
        "audio",
        "document",
        "video",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
    }
)
_DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_PHOTO_SIZES = ((90, 68), (320, 240), (1280, 960))
_MEDIA_DEFAULTS: dict[str, JSON] = {
    "voice": {"duration": 1, "mime_type": "audio/ogg"},
    "audio": {"duration": 1, "mime_type": "audio/mpeg"},
    "video": {"width": 640, "height": 480, "duration": 1, "mime_type": "video/mp4"},
    "video_note": {"length": 240, "duration": 1},
    "sticker": {"type": "regular", "width": 512, "height": 512, "is_animated": False},
    "animation": {
        "width": 320,
        "height": 240,
        "duration": 1,
        "file_name": "animation.gif.mp4",
        "mime_type": "video/mp4",
    },
    "document": {"file_name": "document", "mime_type": "application/octet-stream"},
}
_MEDIA_FIELDS = {
    "voice": ("duration", "mime_type"),
    "audio": ("duration", "mime_type", "performer", "title", "file_name"),
    "video": ("width", "height", "duration", "mime_type", "file_name"),
    "video_note": ("length", "duration"),
    "sticker": ("type", "width", "height", "is_animated", "is_video", "emoji"),
    "animation": ("width", "height", "duration", "file_name", "mime_type"),
    "document": ("file_name", "mime_type"),
}


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


class FakeTelegram:
    """A Telegram Bot API server on 127.0.0.1 for end-to-end tests, with simulated users."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_username: str = "praatmaat_test_bot",
        bot_name: str = "Praatmaat",
        now: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.now = now
        self.base_url = ""
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.edits: list[Edit] = []
        self.updates: list[JSON] = []
        self.served_at: dict[int, float] = {}  # update id -> `time.monotonic()` first handed out
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[ScopeKey, str], list[JSON]] = {}
        self.bot_settings: dict[str, Any] = {}
        self.webhook: JSON | None = None
        self.webhook_retry_delay = 0.05
        self.webhook_connections = 1  # posts in flight at once (Telegram: up to 40)
        self.allowed_updates: list[str] = []
        self.chats: dict[int, FakeChat] = {}
        self.users: dict[int, FakeUser] = {}
        self.signal = Signal()
        self.bot_id = int(token.split(":")[0]) if token else 123
        self._api = BotApi(self)
        self._pending: list[_Pending] = []
        self._injected: set[int] = set()
        self._ids = itertools.count(1)
        self._next_update_id = 1
        self._next_user_id = 1001
        self._faults: list[_Fault] = []
        self._rate: _RateLimit | None = None
        self._limits: _TelegramLimits | None = None
        self._queries: dict[str, FakeUser] = {}
        self._poll_generation = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> Self:
        """Listen on a free port of 127.0.0.1; `base_url` is then the bot's TELEGRAM_API_URL."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        token = r"{token:\d+:[A-Za-z0-9_-]+}"
        app.router.add_route("*", f"/bot{token}/{{method}}", self._handle_api)
        app.router.add_get(f"/file/bot{token}/{{path:.+}}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._closing = False
        return self

    async def stop(self) -> None:
        """Release waiting long polls, stop webhook delivery and close the server."""
        self._closing = True
        self.signal.notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def user(
        self,
        id: int | None = None,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        phone: str | None = None,
        *,
        started: bool = True,
    ) -> FakeUser:
        """A simulated user whose private chat has the user's id; `started=False`: never wrote."""
        if id is None:
            id = self._next_user_id
        self._next_user_id = max(self._next_user_id, id + 1)
        if id in self.chats:
            raise ValueError(f"chat {id} already exists")
        user = FakeUser(
            self,
            id=id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            phone=phone,
            started=started,
        )
        self.users[id] = user
        self.chats[id] = user.chat
        return user

    def chat(
        self,
        id: int,
        type: str = "supergroup",
        title: str = "Test group",
        username: str | None = None,
    ) -> FakeChat:
        """A group, supergroup or channel the bot is in (created on first use)."""
        if id not in self.chats:
            raw: JSON = {"id": id, "type": type, "title": title}
            if username:
                raw["username"] = username
            self.chats[id] = FakeChat(self, raw)
        return self.chats[id]

    def find_chat(self, chat_id: int | str) -> FakeChat | None:
        """The chat with this id or "@username"."""
        if isinstance(chat_id, str):
            if not chat_id.startswith("@"):
                return self.chats.get(int(chat_id)) if chat_id.lstrip("-").isdigit() else None
            name = chat_id[1:].casefold()
            return next(
                (
                    c
                    for c in self.chats.values()
                    if (c.raw.get("username") or "").casefold() == name
                ),
                None,
            )
        return self.chats.get(chat_id)

    def inbox(self, chat_id: int) -> list[ChatMessage]:
        """What the bot sent to this chat, in order (deleted ones included, flagged)."""
        return self._known_chat(chat_id).inbox

    def messages(self, chat_id: int) -> list[ChatMessage]:
        """Every message of this chat, from the bot and from users, in order."""
        return list(self._known_chat(chat_id).messages)

    def _known_chat(self, chat_id: int) -> FakeChat:
        if chat_id not in self.chats:
            raise KeyError(f"no chat {chat_id}; create it with tg.user() or tg.chat()")
        return self.chats[chat_id]

    def count(self, method: str, chat_id: int | str | None = None) -> int:
        """How many calls of `method` (any outcome), optionally only those to `chat_id`."""
        return len(self.params(method, chat_id))

    def params(self, method: str, chat_id: int | str | None = None) -> list[JSON]:
        """The decoded parameters of each call of `method`, optionally only to `chat_id`."""
        return [
            call.params
            for call in self.calls
            if call.method.lower() == method.lower()
            and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

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

    def enqueue(self, kind: str, payload: JSON) -> JSON:
        """Queue an update of `kind` ("message", "callback_query", …) for the bot."""
        update = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
        self._next_update_id += 1
        self.updates.append(update)
        self._pending.append(_Pending(update))
        self.signal.notify()
        return update

    def inject(self, content: JSON) -> JSON:
        """Queue an update of any shape (malformed, of an unknown kind) with the next update_id.

        It is delivered whatever allowed_updates says, as a newer or misbehaving Bot API might.
        """
        update = {"update_id": self._next_update_id, **copy.deepcopy(content)}
        self._next_update_id += 1
        self._injected.add(update["update_id"])
        self.updates.append(update)
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

    def date(self) -> int:
        """Telegram's message date: unix seconds from `now`."""
        return int(self.now())

    def new_id(self) -> int:
        """A fresh number for file, media group, poll and callback query ids."""
        return next(self._ids)

    @property
    def bot_user(self) -> JSON:
        """The bot as a Bot API User."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def store_file(self, kind: str, data: bytes, **meta: Any) -> Any:
        """Register a file; returns what a message shows of it (a PhotoSize list for photos)."""
        number = self.new_id()
        if kind == "photo":
            sizes = [
                {
                    "file_id": f"photo-{number}-{width}",
                    "file_unique_id": f"uphoto-{number}-{width}",
                    "width": width,
                    "height": height,
                    "file_size": len(data),
                }
                for width, height in _PHOTO_SIZES
            ]
            for size in sizes:
                path = f"photos/file_{number}_{size['width']}.jpg"
                self.files[size["file_id"]] = StoredFile(
                    size["file_id"], size["file_unique_id"], kind, data, sizes, path
                )
            return sizes
        chosen = {key: meta[key] for key in _MEDIA_FIELDS[kind] if meta.get(key) is not None}
        media = {
            "file_id": f"{kind}-{number}",
            "file_unique_id": f"u{kind}-{number}",
            **_MEDIA_DEFAULTS[kind],
            **chosen,
            "file_size": len(data),
        }
        if kind == "sticker":
            media.setdefault("is_video", False)
        path = f"{kind}s/file_{number}"
        self.files[media["file_id"]] = StoredFile(
            media["file_id"], media["file_unique_id"], kind, data, media, path
        )
        return media

    def file_bytes(self, file_id: str) -> bytes:
        """The bytes of a stored file (uploads by the bot keep what it sent)."""
        return self.files[file_id].data

    def record_edit(self, message: ChatMessage, new_raw: JSON, *, by_bot: bool) -> None:
        """Replace a message's content, keeping the old version in its history and in `edits`."""
        new_raw["edit_date"] = self.date()
        self.edits.append(
            Edit(
                message.chat_id, message.message_id, message.raw, new_raw, by_bot, time.monotonic()
            )
        )
        message.history.append(message.raw)
        message.raw = new_raw
        self.signal.notify()

    def open_query(self, user: FakeUser) -> str:
        """A new callback query id, answerable once."""
        query_id = str(4_000_000_000_000 + self.new_id())
        self._queries[query_id] = user
        return query_id

    def close_query(self, query_id: str) -> FakeUser | None:
        """The user who pressed, if the query is still open; closes it."""
        return self._queries.pop(query_id, None)

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = 5.0, message: str = "condition"
    ) -> None:
        """Wait until `predicate()` holds, re-checked on every change; AssertionError on timeout."""
        if not await self.signal.wait_until(predicate, timeout):
            recent = "\n".join(
                f"  {f.call.method} → {f.error_code} {f.description}" for f in self.failures[-5:]
            )
            raise AssertionError(
                f"{message} not met within {timeout}s; recent API errors:\n{recent}"
            )

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if self.token is not None and token != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        self.bot_id = int(token.split(":")[0])
        params = await _read_params(request)
        call = Call(request.match_info["method"], params, time.monotonic())
        self.calls.append(call)
        try:
            result = self._api.call(call.method, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            self.failures.append(Failure(call, error.code, error.description))
            self.signal.notify()
            return web.json_response(error.body(), status=error.code)
        self.signal.notify()
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.file_path == path), None)
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    @staticmethod
    async def _handle_unknown(request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)


def _check_retry_after(retry_after: int) -> None:
    # aiogram only raises TelegramRetryAfter when retry_after is truthy; 0 would surface as a
    # bare TelegramAPIError, which Telegram never causes.
    if not isinstance(retry_after, int) or retry_after < 1:
        raise ValueError(f"retry_after must be a whole number of seconds >= 1, got {retry_after!r}")


async def _read_params(request: web.Request) -> JSON:
    """Decode query string, urlencoded, multipart or JSON parameters as Telegram does."""
    params = {key: _decode(key, value) for key, value in request.query.items()}
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        body = await request.json()
        for key, value in body.items():
            params[key] = (
                json.loads(value) if key in _JSON_FIELDS and isinstance(value, str) else value
            )
        return params
    form = await request.post()
    uploads: dict[str, UploadedFile] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = UploadedFile(value.filename, value.content_type, value.file.read())
        else:
            params[key] = _decode(key, value)
    attached: set[str] = set()
    params = _attach(params, uploads, attached)
    for key, upload in uploads.items():
        if key not in attached and key not in params:
            params[key] = upload
    return params


def _decode(key: str, value: str) -> Any:
    if key in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _attach(value: Any, uploads: dict[str, UploadedFile], attached: set[str]) -> Any:
    """Replace "attach://name" references by the uploaded file parts they name."""
    if isinstance(value, str) and value.startswith("attach://") and value[9:] in uploads:
        attached.add(value[9:])
        return uploads[value[9:]]
    if isinstance(value, dict):
        return {key: _attach(item, uploads, attached) for key, item in value.items()}
    if isinstance(value, list):
        return [_attach(item, uploads, attached) for item in value]
    return value
