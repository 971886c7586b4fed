"""Telegram's Bot API for one bot, in memory: the real bot polls it, simulated people write."""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web

from demo.botapi import methods
from demo.botapi.chats import JSON, ApiError, Chat, Files, Message, Person

BOT_ID = 100000
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "reply_parameters",
        "scope",
        "commands",
        "message_ids",
        "allowed_updates",
        "link_preview_options",
    }
)
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}")


@dataclass(frozen=True)
class Event:
    """Something the page shows: a new or changed message, a menu, a toast, a Bot API call."""

    kind: str  # "message", "menu", "toast" or "call"
    chat_id: int | None = None
    message: Message | None = None
    text: str = ""


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


class BotApiStandIn:
    """The Bot API on this machine: chats, updates for long polling, and what people do."""

    def __init__(self, now: Callable[[], datetime], username: str = "praatmaat_demo_bot") -> None:
        self.now = now
        self.username = username
        self.chats: dict[int, Chat] = {}
        self.files = Files()
        self.commands: dict[tuple[str, int | None, str], list[JSON]] = {}
        self.calls: list[tuple[str, JSON]] = []
        self.listeners: list[Callable[[Event], None]] = []
        self._pending: list[JSON] = []
        # Update ids go on from the wall clock, as Telegram's only grow: a kept demo database
        # (--keep) has recorded the last run's ids as handled.
        self._update_ids = itertools.count(int(time.time()))
        self._query_ids = itertools.count(1)
        self._queries: dict[str, int] = {}
        self._changed = asyncio.Condition()
        self._closing = False

    @property
    def bot_user(self) -> JSON:
        """The bot as a Bot API User."""
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Praatmaat",
            "username": self.username,
        }

    def routes(self) -> list[web.RouteDef]:
        """The Bot API's routes, to add to the demo's web application."""
        return [web.post(r"/bot{token:\d+:[\w-]+}/{method}", self._handle)]

    async def close(self) -> None:
        """Release the bot's waiting long poll."""
        self._closing = True
        await self._notify()

    def join(self, person: Person) -> Chat:
        """A person who has opened the bot (their private chat exists)."""
        chat = self.chats.get(person.id)
        if chat is None:
            chat = self.chats[person.id] = Chat(person)
        return chat

    async def write(self, person: Person, content: JSON, reply_to: int | None = None) -> Message:
        """The person sends a message (text, or media from `attach`); the bot gets the update."""
        chat = self.join(person)
        raw: JSON = {"from": person.raw, "date": self.date(), **content}
        text = content.get("text") or ""
        if "entities" not in content and (command := _COMMAND.match(text)):
            raw["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        target = chat.get(reply_to) if reply_to is not None else None
        if target is not None:
            raw["reply_to_message"] = _without_reply(target.raw)
        message = chat.add(raw, from_bot=False)
        await self._changed_message(message)
        await self._enqueue("message", message.raw)
        return message

    async def edit(self, person: Person, message_id: int, text: str) -> Message | None:
        """The person changes a text they wrote; the bot gets an edited_message update."""
        message = self.join(person).get(message_id)
        if message is None or message.from_bot or message.kind != "text" or not text:
            return None
        message.raw = {**message.raw, "text": text, "edit_date": self.date()}
        message.raw.pop("entities", None)
        message.edited = True
        await self._changed_message(message)
        await self._enqueue("edited_message", message.raw)
        return message

    async def press(self, person: Person, message_id: int, data: str) -> bool:
        """The person taps an inline button of a bot message; False if there is no such button."""
        message = self.join(person).get(message_id)
        if message is None or not any(
            button.get("callback_data") == data for row in message.buttons for button in row
        ):
            return False
        query_id = str(next(self._query_ids))
        self._queries[query_id] = person.id
        query = {
            "id": query_id,
            "from": person.raw,
            "message": message.raw,
            "chat_instance": str(person.id),
            "data": data,
        }
        await self._enqueue("callback_query", query)
        return True

    def menu(self, chat_id: int) -> list[JSON]:
        """The command menu Telegram shows in a chat: its own, else the default in its language."""
        chat = self.chats.get(chat_id)
        language = chat.person.language_code if chat else ""
        for key in (("chat", chat_id, ""), ("default", None, language), ("default", None, "")):
            if key in self.commands:
                return self.commands[key]
        return []

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until `predicate()` holds, re-checked on every change; False on timeout."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
            except TimeoutError:
                return predicate()
        return True

    def date(self) -> int:
        """Telegram's date: unix seconds of the simulation's clock."""
        return int(self.now().timestamp())

    def chat(self, params: JSON, key: str = "chat_id") -> Chat:
        """The chat a call names; 400 "chat not found" as Telegram says."""
        try:
            chat = self.chats.get(int(str(params.get(key))))
        except ValueError:
            chat = None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    async def post(
        self, chat: Chat, content: JSON, params: JSON, copied_from: tuple[int, int] | None = None
    ) -> Message:
        """A new bot message in `chat`, with the call's reply and inline keyboard."""
        raw: JSON = {"from": self.bot_user, "date": self.date(), **content}
        reply = (params.get("reply_parameters") or {}).get("message_id")
        target = chat.get(reply) if reply is not None else None
        if target is not None:
            raw["reply_to_message"] = _without_reply(target.raw)
        markup = params.get("reply_markup") or {}
        if markup.get("inline_keyboard"):
            raw["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        message = chat.add(raw, from_bot=True, copied_from=copied_from)
        await self._changed_message(message)
        return message

    async def changed(self, message: Message) -> None:
        """A bot message was edited."""
        message.edited = True
        await self._changed_message(message)

    def answer_query(self, query_id: str, text: str | None) -> None:
        """The bot's answer to a tap: a toast when it has a text."""
        chat_id = self._queries.pop(query_id, None)
        if chat_id is None:
            raise ApiError(400, "Bad Request: query is too old or query ID is invalid")
        if text:
            self._emit(Event("toast", chat_id, text=text))

    def menu_changed(self, chat_id: int | None) -> None:
        """A menu was set: for one chat, or (None) the default for all."""
        for chat in [self.chats[chat_id]] if chat_id in self.chats else self.chats.values():
            self._emit(Event("menu", chat.id))

    async def updates(self, offset: int | None, timeout: float, limit: int) -> list[JSON]:
        """Long polling: confirm what is below `offset`, then wait up to `timeout` for more."""
        if offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        await self.wait_for(lambda: bool(self._pending) or self._closing, timeout)
        return copy.deepcopy(self._pending[:limit])

    async def _enqueue(self, kind: str, payload: JSON) -> None:
        self._pending.append({"update_id": next(self._update_ids), kind: copy.deepcopy(payload)})
        await self._notify()

    async def _changed_message(self, message: Message) -> None:
        self._emit(Event("message", message.chat_id, message))
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _emit(self, event: Event) -> None:
        for listener in list(self.listeners):
            listener(event)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        self.calls.append((method, params))
        self._emit(Event("call", _chat_id(params), text=method))
        try:
            result = await methods.call(self, method, params)
        except ApiError as error:
            return web.json_response(error.body(), status=error.code)
        return web.json_response({"ok": True, "result": result})


def _without_reply(raw: JSON) -> JSON:
    return {key: copy.deepcopy(value) for key, value in raw.items() if key != "reply_to_message"}


def _chat_id(params: JSON) -> int | None:
    try:
        return int(str(params.get("chat_id")))
    except ValueError:
        return None


async def _read_params(request: web.Request) -> JSON:
    """Query string, form fields (JSON ones decoded) and file parts, as Telegram reads them."""
    params: JSON = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    form = await request.post()
    uploads = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = Upload(value.filename, value.content_type, value.file.read())
        elif key in _JSON_FIELDS:
            params[key] = json.loads(str(value))
        else:
            params[key] = value
    for key, value in params.items():  # aiogram names a file part as "attach://<part>"
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = uploads.get(value.removeprefix("attach://"))
    return params
