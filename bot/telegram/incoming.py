"""Reading what Telegram sends, one update at a time: one that can't be read is skipped, not fatal.

aiogram reads a getUpdates answer as one list of models: a single malformed update (a missing
field, a text cut in the middle of an emoji, a kind newer than aiogram) failed the whole batch,
and polling asked for the same batch again and again — no update got through any more. Here a
batch stays plain JSON and each update is read on its own; what can't be read is counted, logged
without its content and confirmed like any other, so the updates after it still arrive.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import orjson
from aiogram import Bot
from aiogram.methods import GetUpdates
from aiogram.types import Message, Update
from aiogram.types.update import UpdateTypeLookupError
from pydantic import ValidationError

from bot import metrics

log = logging.getLogger(__name__)


class GetRawUpdates(GetUpdates):
    """getUpdates answered with plain JSON updates, each read by `read`."""

    __returning__ = list[Any]


def loads(text: str | bytes) -> Any:
    """JSON as Telegram sends it; a lone surrogate (half an emoji) becomes U+FFFD."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _whole(json.loads(text))  # json accepts lone surrogates; orjson refuses them


def _whole(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {_whole(key): _whole(item) for key, item in value.items()}
    return value


def update_id(raw: object) -> int | None:
    """The update_id of a plain update, if it has a usable one."""
    found = raw.get("update_id") if isinstance(raw, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def read(raw: object, bot: Bot) -> Update | None:
    """The update, or None (counted and logged, without content) if it can't be handled."""
    try:
        update = Update.model_validate(raw, context={"bot": bot})
    except ValidationError:
        metrics.skipped_update("unreadable")
        log.warning("skipped update %s: it could not be read", update_id(raw))
        return None
    try:
        update.event_type  # noqa: B018 (raises for a kind aiogram does not know)
    except UpdateTypeLookupError:
        metrics.skipped_update("unknown")
        log.info("skipped update %s: a kind this bot does not know", update.update_id)
        return None
    return update


def chat_of(update: Update) -> int | None:
    """The chat (or, for presses and the like, the user) whose updates must keep their order."""
    event = update.event
    if isinstance(event, Message):
        return event.chat.id
    user = getattr(event, "from_user", None)
    if user is not None:
        return int(user.id)
    chat = getattr(event, "chat", None)
    return int(chat.id) if chat is not None else None
