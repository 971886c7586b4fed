"""The Bot API methods the bot calls, answered as Telegram does (results and error texts)."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from demo.botapi.chats import CONTENT_KINDS, JSON, ApiError, Chat, Message

if TYPE_CHECKING:
    from demo.botapi.server import BotApiStandIn

Method = Callable[["BotApiStandIn", JSON], Awaitable[Any]]
TEXT_LIMIT = 4096
_COPIED = frozenset({*CONTENT_KINDS, "entities", "caption", "caption_entities"})
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


async def call(standin: BotApiStandIn, method: str, params: JSON) -> Any:
    """Run one method by its (case-insensitive) name, or answer 404 as Telegram does."""
    handler = METHODS.get(method.lower())
    if handler is None:
        raise ApiError(404, "Not Found: method not found")
    return await handler(standin, params)


async def get_me(standin: BotApiStandIn, params: JSON) -> JSON:
    """Who the bot is."""
    return {
        **standin.bot_user,
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


async def delete_webhook(standin: BotApiStandIn, params: JSON) -> bool:
    """Long polling it is (there never is a webhook here)."""
    return True


async def get_updates(standin: BotApiStandIn, params: JSON) -> list[JSON]:
    """Long polling."""
    offset = params.get("offset")
    return await standin.updates(
        int(offset) if offset not in (None, "") else None,
        float(params.get("timeout") or 0),
        min(max(int(params.get("limit") or 100), 1), 100),
    )


async def set_my_commands(standin: BotApiStandIn, params: JSON) -> bool:
    """A command menu for one chat, or the default one (per language)."""
    scope = params.get("scope") or {"type": "default"}
    chat_id = int(scope["chat_id"]) if scope.get("chat_id") is not None else None
    key = (str(scope.get("type", "default")), chat_id, str(params.get("language_code") or ""))
    standin.commands[key] = [
        {"command": c["command"], "description": c["description"]}
        for c in params.get("commands") or []
    ]
    standin.menu_changed(chat_id)
    return True


async def send_message(standin: BotApiStandIn, params: JSON) -> JSON:
    """A text."""
    text = str(params.get("text") or "")
    if not text:
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > TEXT_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")
    content: JSON = {"text": text}
    if params.get("entities"):
        content["entities"] = params["entities"]
    return (await standin.post(standin.chat(params), content, params)).raw


async def send_photo(standin: BotApiStandIn, params: JSON) -> JSON:
    """An uploaded picture (the bot sends its charts so)."""
    return await _send_upload(standin, params, "photo")


async def send_document(standin: BotApiStandIn, params: JSON) -> JSON:
    """An uploaded file (the bot sends its CSV exports so)."""
    return await _send_upload(standin, params, "document")


async def _send_upload(standin: BotApiStandIn, params: JSON, kind: str) -> JSON:
    chat = standin.chat(params)
    upload = params.get(kind)
    if upload is None or isinstance(upload, str):
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
    meta = {} if kind == "photo" else {"file_name": upload.filename}
    content: JSON = {kind: standin.files.store(kind, upload.data, upload.content_type, **meta)}
    if params.get("caption"):
        content["caption"] = str(params["caption"])
    return (await standin.post(chat, content, params)).raw


async def copy_message(standin: BotApiStandIn, params: JSON) -> JSON:
    """The same content as a new message, with no trace of where it came from."""
    chat = standin.chat(params)
    source = standin.chat(params, "from_chat_id").get(params.get("message_id"))
    if source is None:
        raise ApiError(400, "Bad Request: message to copy not found")
    copied = await standin.post(chat, _content(source), params, (source.chat_id, source.message_id))
    return {"message_id": copied.message_id}


async def copy_messages(standin: BotApiStandIn, params: JSON) -> list[JSON]:
    """Several copies in order; an album stays an album."""
    chat = standin.chat(params)
    origin = standin.chat(params, "from_chat_id")
    sources = [m for i in params.get("message_ids") or [] if (m := origin.get(i))]
    if not sources:
        raise ApiError(400, "Bad Request: message to copy not found")
    albums = Counter(m.raw.get("media_group_id") for m in sources if m.raw.get("media_group_id"))
    new_albums = {album: f"album-{album}-{chat.id}" for album, n in albums.items() if n > 1}
    ids = []
    for source in sources:
        content = _content(source)
        if source.raw.get("media_group_id") in new_albums:
            content["media_group_id"] = new_albums[source.raw["media_group_id"]]
        copied = await standin.post(chat, content, {}, (source.chat_id, source.message_id))
        ids.append({"message_id": copied.message_id})
    return ids


async def edit_message_text(standin: BotApiStandIn, params: JSON) -> JSON:
    """A bot message's new text (and inline keyboard: none given, none kept)."""
    message = _editable(standin, params)
    if message.kind != "text":
        raise ApiError(400, "Bad Request: there is no text in the message to edit")
    text = str(params.get("text") or "")
    if not text:
        raise ApiError(400, "Bad Request: message text is empty")
    return await _edit(standin, message, {"text": text, "entities": params.get("entities")}, params)


async def edit_message_caption(standin: BotApiStandIn, params: JSON) -> JSON:
    """A bot media message's new caption."""
    message = _editable(standin, params)
    if message.kind == "text":
        raise ApiError(400, "Bad Request: there is no caption in the message to edit")
    content = {"caption": params.get("caption"), "caption_entities": params.get("caption_entities")}
    return await _edit(standin, message, content, params)


async def answer_callback_query(standin: BotApiStandIn, params: JSON) -> bool:
    """The answer to a tap (a toast when it has a text)."""
    standin.answer_query(str(params.get("callback_query_id", "")), params.get("text"))
    return True


def _content(source: Message) -> JSON:
    return {key: copy.deepcopy(value) for key, value in source.raw.items() if key in _COPIED}


def _editable(standin: BotApiStandIn, params: JSON) -> Message:
    chat: Chat = standin.chat(params)
    message = chat.get(params.get("message_id"))
    if message is None:
        raise ApiError(400, "Bad Request: message to edit not found")
    if not message.from_bot:
        raise ApiError(400, "Bad Request: message can't be edited")
    return message


async def _edit(standin: BotApiStandIn, message: Message, content: JSON, params: JSON) -> JSON:
    raw = {key: value for key, value in message.raw.items() if key != "edit_date"}
    before = copy.deepcopy(raw)
    for key, value in content.items():
        if value:
            raw[key] = value
        else:
            raw.pop(key, None)
    markup = (params.get("reply_markup") or {}).get("inline_keyboard")
    if markup:
        raw["reply_markup"] = {"inline_keyboard": markup}
    else:
        raw.pop("reply_markup", None)
    if raw == before:
        raise ApiError(400, _NOT_MODIFIED)
    message.raw = {**raw, "edit_date": standin.date()}
    await standin.changed(message)
    return message.raw


METHODS: dict[str, Method] = {
    "getme": get_me,
    "deletewebhook": delete_webhook,
    "getupdates": get_updates,
    "setmycommands": set_my_commands,
    "sendmessage": send_message,
    "sendphoto": send_photo,
    "senddocument": send_document,
    "copymessage": copy_message,
    "copymessages": copy_messages,
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "answercallbackquery": answer_callback_query,
}
