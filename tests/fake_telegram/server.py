"""FakeTelegram: the HTTP server on 127.0.0.1, its chats and users, what it recorded, waits."""

from __future__ import annotations

import inspect
import itertools
import socket
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from tests.fake_telegram.api import BotApi
from tests.fake_telegram.chats import FakeChat
from tests.fake_telegram.faults import FaultInjection
from tests.fake_telegram.files import FileStore
from tests.fake_telegram.methods.profile import ScopeKey
from tests.fake_telegram.params import read_params
from tests.fake_telegram.records import JSON, ApiError, Call, ChatMessage, Edit, Failure, Signal
from tests.fake_telegram.users import FakeUser
from tests.fake_telegram.webhook import WebhookDelivery


class FakeTelegram(WebhookDelivery, FaultInjection, FileStore):
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
        self.commands: dict[tuple[ScopeKey, str], list[JSON]] = {}
        self.bot_settings: dict[str, Any] = {}
        self.chats: dict[int, FakeChat] = {}
        self.users: dict[int, FakeUser] = {}
        self.signal = Signal()
        self.bot_id = int(token.split(":")[0]) if token else 123
        self._api = BotApi(self)
        self._ids = itertools.count(1)
        self._next_user_id = 1001
        self._queries: dict[str, FakeUser] = {}
        self._closing = False
        self._runner: web.AppRunner | None = None
        super().__init__()

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
        await self.stop_webhook()
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
        params = await read_params(request)
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
