"""The Bot API methods the fake answers, with Telegram's validation and error texts."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fake_telegram.formatting import parse_entities, trim
from tests.fake_telegram.records import CONTENT_KINDS, ApiError, ChatMessage, UploadedFile

if TYPE_CHECKING:
    from tests.fake_telegram.people import FakeChat
    from tests.fake_telegram.server import FakeTelegram, ScopeKey

JSON = dict[str, Any]

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
_MEDIA_METHODS = {
    "sendphoto": "photo",
    "senddocument": "document",
    "sendvoice": "voice",
    "sendaudio": "audio",
    "sendvideo": "video",
    "sendvideonote": "video_note",
    "sendsticker": "sticker",
    "sendanimation": "animation",
}
_NO_CAPTION = frozenset({"sticker", "video_note"})
_COPIED_KEYS = frozenset(
    {
        *CONTENT_KINDS,
        "entities",
        "caption",
        "caption_entities",
        "has_media_spoiler",
        "show_caption_above_media",
        "link_preview_options",
    }
)
_INLINE_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


class BotApi:
    """Bot API methods by lower-case name, each taking decoded params and returning the result."""

    def __init__(self, tg: FakeTelegram) -> None:
        self.tg = tg
        self.methods: dict[str, Callable[[JSON], Any]] = {
            "getme": self.get_me,
            "logout": _true,
            "close": _true,
            "getupdates": self.get_updates,
            "setwebhook": self.set_webhook,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
            "setmycommands": self.set_my_commands,
            "deletemycommands": self.delete_my_commands,
            "getmycommands": self.get_my_commands,
            "sendmessage": self.send_message,
            "copymessage": self.copy_message,
            "copymessages": self.copy_messages,
            "forwardmessage": self.forward_message,
            "forwardmessages": self.forward_messages,
            "sendmediagroup": self.send_media_group,
            "sendlocation": self.send_location,
            "sendvenue": self.send_venue,
            "sendcontact": self.send_contact,
            "senddice": self.send_dice,
            "sendchataction": self.send_chat_action,
            "editmessagetext": self.edit_message_text,
            "editmessagecaption": self.edit_message_caption,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "deletemessages": self.delete_messages,
            "answercallbackquery": self.answer_callback_query,
            "getchat": self.get_chat,
            "getfile": self.get_file,
            "setchatmenubutton": self.set_chat_menu_button,
            "getchatmenubutton": self.get_chat_menu_button,
        }
        for method, kind in _MEDIA_METHODS.items():
            self.methods[method] = lambda params, kind=kind: self.send_media(kind, params)
        for field in ("name", "description", "short_description"):
            setter = "setmy" + field.replace("_", "")
            getter = "getmy" + field.replace("_", "")
            self.methods[setter] = lambda params, field=field: self.set_bot_setting(field, params)
            self.methods[getter] = lambda params, field=field: self.get_bot_setting(field, params)

    def call(self, method: str, params: JSON) -> Any:
        """Run one method (a coroutine for getUpdates), or raise ApiError."""
        handler = self.methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        self.tg.check_faults(method, params)
        return handler(params)

    def get_me(self, params: JSON) -> JSON:
        """The bot's User with its capabilities."""
        return {
            **self.tg.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, params: JSON) -> list[JSON]:
        """Long polling."""
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        offset = params.get("offset")
        return await self.tg.poll(
            int(offset) if offset is not None else None,
            limit,
            timeout,
            params.get("allowed_updates"),
        )

    def set_webhook(self, params: JSON) -> bool:
        """Push updates to a URL (plain http is fine here) instead of long polling."""
        url = params.get("url") or ""
        if not url:
            return self.delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        hook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "max_connections": params.get("max_connections") or 40,
            "allowed_updates": params.get("allowed_updates"),
        }
        self.tg.set_webhook(hook, bool(params.get("drop_pending_updates")))
        return True

    def delete_webhook(self, params: JSON) -> bool:
        """Back to long polling."""
        self.tg.set_webhook(None, bool(params.get("drop_pending_updates")))
        return True

    def get_webhook_info(self, params: JSON) -> JSON:
        """The webhook's URL, backlog and last delivery error."""
        hook = self.tg.webhook or {}
        info: JSON = {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.tg.pending_updates),
        }
        for key in ("max_connections", "allowed_updates", "last_error_date", "last_error_message"):
            if hook.get(key) is not None:
                info[key] = hook[key]
        return info

    def set_my_commands(self, params: JSON) -> bool:
        """Store a command menu for one scope and language."""
        commands = params.get("commands") or []
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            description = str(command.get("description", "")).strip()
            if not description:
                raise ApiError(400, "Bad Request: command description must be non-empty")
            if len(description) > 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        key = (self._scope(params.get("scope")), params.get("language_code") or "")
        if commands:
            self.tg.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.tg.commands.pop(key, None)
        return True

    def delete_my_commands(self, params: JSON) -> bool:
        """Forget the menu of one scope and language."""
        self.tg.commands.pop(
            (self._scope(params.get("scope")), params.get("language_code") or ""), None
        )
        return True

    def get_my_commands(self, params: JSON) -> list[JSON]:
        """Exactly the menu set for this scope and language (no fallback, as in Telegram)."""
        key = (self._scope(params.get("scope")), params.get("language_code") or "")
        return copy.deepcopy(self.tg.commands.get(key, []))

    def _scope(self, scope: JSON | None) -> ScopeKey:
        scope = scope or {"type": "default"}
        chat_id = scope.get("chat_id")
        if chat_id is not None:
            chat_id = self._chat({"chat_id": chat_id}).id
        user_id = scope.get("user_id")
        return (str(scope.get("type", "default")), chat_id, int(user_id) if user_id else None)

    def send_message(self, params: JSON) -> JSON:
        """A text message."""
        chat = self._writable(params)
        text, entities = self._text(params)
        content: JSON = {"text": text}
        if entities:
            content["entities"] = entities
        return self._post(chat, content, params).raw

    def send_media(self, kind: str, params: JSON) -> JSON:
        """sendPhoto, sendVoice, …: uploads (multipart), file ids and URLs."""
        chat = self._writable(params)
        content = {kind: self._file(kind, params.get(kind), params)}
        if kind == "animation":
            content["document"] = animation_document(content["animation"])
        if kind not in _NO_CAPTION:
            content.update(self._caption(params))
        if params.get("has_spoiler"):
            content["has_media_spoiler"] = True
        return self._post(chat, content, params).raw

    def send_media_group(self, params: JSON) -> list[JSON]:
        """An album: one message per item, sharing a media_group_id."""
        chat = self._writable(params)
        items = params.get("media")
        if not items:
            raise ApiError(400, 'Bad Request: parameter "media" is required')
        if len(items) > 10:
            raise ApiError(400, "Bad Request: too much messages to send as an album")
        contents = []
        for item in items:
            kind = item.get("type")
            if kind not in ("photo", "video", "audio", "document"):
                raise ApiError(400, "Bad Request: can't parse InputMedia: unsupported media type")
            content = {kind: self._file(kind, item.get("media"), item)}
            content.update(self._caption(item))
            if item.get("has_spoiler"):
                content["has_media_spoiler"] = True
            contents.append(content)
        group = str(10_000_000_000 + self.tg.new_id())
        reply_params = {k: v for k, v in params.items() if k != "reply_markup"}
        return [self._post(chat, c, reply_params, media_group_id=group).raw for c in contents]

    def send_location(self, params: JSON) -> JSON:
        """A map point."""
        chat = self._writable(params)
        location = {"latitude": params["latitude"], "longitude": params["longitude"]}
        return self._post(chat, {"location": location}, params).raw

    def send_venue(self, params: JSON) -> JSON:
        """A named place."""
        chat = self._writable(params)
        location = {"latitude": params["latitude"], "longitude": params["longitude"]}
        venue = {"location": location, "title": params["title"], "address": params["address"]}
        return self._post(chat, {"venue": venue, "location": location}, params).raw

    def send_contact(self, params: JSON) -> JSON:
        """A phone contact."""
        chat = self._writable(params)
        contact = {"phone_number": params["phone_number"], "first_name": params["first_name"]}
        if params.get("last_name"):
            contact["last_name"] = params["last_name"]
        return self._post(chat, {"contact": contact}, params).raw

    def send_dice(self, params: JSON) -> JSON:
        """An animated die (always shows 1 here)."""
        chat = self._writable(params)
        return self._post(
            chat, {"dice": {"emoji": params.get("emoji") or "🎲", "value": 1}}, params
        ).raw

    def send_chat_action(self, params: JSON) -> bool:
        """Chat actions such as "typing"; recorded on the chat."""
        chat = self._writable(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        chat.actions.append(params["action"])
        return True

    def copy_message(self, params: JSON) -> JSON:
        """A new message with the same content and no link to the original."""
        chat = self._writable(params)
        source = self._chat(params, "from_chat_id").message(params.get("message_id"))
        if source is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        content = self._copied_content(source)
        if "caption" in params and source.kind not in ("text", *_NO_CAPTION):
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._caption(params))
        if params.get("remove_caption"):
            content.pop("caption", None)
            content.pop("caption_entities", None)
        copied_from = (source.chat_id, source.message_id)
        return {"message_id": self._post(chat, content, params, copied_from=copied_from).message_id}

    def copy_messages(self, params: JSON) -> list[JSON]:
        """Several copies; albums stay albums."""
        chat = self._writable(params)
        sources = self._sources(params, "copy")
        groups = Counter(m.media_group_id for m in sources if m.media_group_id)
        new_groups = {
            group: str(10_000_000_000 + self.tg.new_id()) for group, n in groups.items() if n > 1
        }
        ids = []
        for source in sources:
            content = self._copied_content(source)
            if params.get("remove_caption"):
                content.pop("caption", None)
                content.pop("caption_entities", None)
            copied = self._post(
                chat,
                content,
                {},
                media_group_id=new_groups.get(source.media_group_id or ""),
                copied_from=(source.chat_id, source.message_id),
            )
            ids.append({"message_id": copied.message_id})
        return ids

    def forward_message(self, params: JSON) -> JSON:
        """A forward, showing where it came from (recorded; the relay must not use it)."""
        chat = self._writable(params)
        source = self._chat(params, "from_chat_id").message(params.get("message_id"))
        if source is None:
            raise ApiError(400, "Bad Request: message to forward not found")
        return self._forward(chat, source, params).raw

    def forward_messages(self, params: JSON) -> list[JSON]:
        """Several forwards."""
        chat = self._writable(params)
        sources = self._sources(params, "forward")
        return [{"message_id": self._forward(chat, m, {}).message_id} for m in sources]

    def _sources(self, params: JSON, verb: str) -> list[ChatMessage]:
        from_chat = self._chat(params, "from_chat_id")
        ids = params.get("message_ids") or []
        if not ids:
            raise ApiError(400, "Bad Request: message identifiers are not specified")
        if len(ids) > 100:
            raise ApiError(400, "Bad Request: too many messages to copy")
        sources = [m for message_id in ids if (m := from_chat.message(message_id))]
        if not sources:
            raise ApiError(400, f"Bad Request: message to {verb} not found")
        return sources

    def _copied_content(self, source: ChatMessage) -> JSON:
        if source.raw.get("has_protected_content"):
            raise ApiError(400, "Bad Request: message has protected content and can't be forwarded")
        content = {k: copy.deepcopy(v) for k, v in source.raw.items() if k in _COPIED_KEYS}
        if "poll" in content:
            content["poll"]["id"] = str(5_000_000_000 + self.tg.new_id())
        return content

    def _forward(self, chat: FakeChat, source: ChatMessage, params: JSON) -> ChatMessage:
        origin = {"type": "user", "sender_user": source.raw["from"], "date": source.raw["date"]}
        if source.raw["chat"]["type"] in ("channel",):
            origin = {
                "type": "channel",
                "chat": source.raw["chat"],
                "message_id": source.message_id,
            }
        content = self._copied_content(source)
        return self._post(chat, content, params, forward_origin=origin)

    def edit_message_text(self, params: JSON) -> JSON:
        """Change a bot message's text (and its inline keyboard)."""
        message = self._editable(params)
        if message.kind != "text":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text, entities = self._text(params)
        return self._edit(message, {"text": text, "entities": entities}, params)

    def edit_message_caption(self, params: JSON) -> JSON:
        """Change a bot media message's caption (and its inline keyboard)."""
        message = self._editable(params)
        if message.kind == "text" or message.kind in _NO_CAPTION:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        caption = self._caption(params)
        content = {
            "caption": caption.get("caption"),
            "caption_entities": caption.get("caption_entities"),
        }
        return self._edit(message, content, params)

    def edit_message_reply_markup(self, params: JSON) -> JSON:
        """Change or remove a bot message's inline keyboard."""
        return self._edit(self._editable(params), {}, params)

    def _editable(self, params: JSON) -> ChatMessage:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: message to edit not found")
        chat = self._writable(params)
        message = chat.message(params.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    def _edit(self, message: ChatMessage, content: JSON, params: JSON) -> JSON:
        markup = self._markup(params)
        if markup is not None and "inline_keyboard" not in markup:
            raise ApiError(400, "Bad Request: inline keyboard expected")
        new_raw = copy.deepcopy(message.raw)
        for key, value in content.items():
            if value:
                new_raw[key] = value
            else:
                new_raw.pop(key, None)
        if markup:
            new_raw["reply_markup"] = markup
        else:
            new_raw.pop("reply_markup", None)
        if _without_edit_date(new_raw) == _without_edit_date(message.raw):
            raise ApiError(400, _NOT_MODIFIED)
        if markup or message.reply_markup is None or "inline_keyboard" in message.reply_markup:
            message.reply_markup = markup
        self.tg.record_edit(message, new_raw, by_bot=True)
        return message.raw

    def delete_message(self, params: JSON) -> bool:
        """Mark a message deleted (it stays readable in the records, flagged)."""
        chat = self._writable(params)
        message = chat.message(params.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        message.deleted = True
        return True

    def delete_messages(self, params: JSON) -> bool:
        """Delete several messages; missing ones are skipped."""
        chat = self._writable(params)
        for message_id in params.get("message_ids") or []:
            if message := chat.message(message_id):
                message.deleted = True
        return True

    def answer_callback_query(self, params: JSON) -> bool:
        """Show a toast or alert to the user who pressed (once per press)."""
        query_id = str(params.get("callback_query_id", ""))
        text = params.get("text")
        if text and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        user = self.tg.close_query(query_id)
        if user is None:
            raise ApiError(400, _QUERY_TOO_OLD)
        user.record_toast(query_id, text, bool(params.get("show_alert")), params.get("url"))
        return True

    def get_chat(self, params: JSON) -> JSON:
        """Full information about a chat."""
        chat = self._chat(params)
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return {
            **chat.raw,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {**dict.fromkeys(gifts, True), "gifts_from_channels": True},
        }

    def get_file(self, params: JSON) -> JSON:
        """Where to download a file from (/file/bot<token>/<file_path>)."""
        stored = self.tg.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def set_bot_setting(self, field: str, params: JSON) -> bool:
        """setMyName, setMyDescription, setMyShortDescription (per language)."""
        self.tg.bot_settings[(field, params.get("language_code") or "")] = params.get(field) or ""
        return True

    def get_bot_setting(self, field: str, params: JSON) -> JSON:
        """getMyName, getMyDescription, getMyShortDescription."""
        return {field: self.tg.bot_settings.get((field, params.get("language_code") or ""), "")}

    def set_chat_menu_button(self, params: JSON) -> bool:
        """The menu button of one chat, or the default."""
        self.tg.bot_settings[("menu_button", params.get("chat_id"))] = params.get("menu_button")
        return True

    def get_chat_menu_button(self, params: JSON) -> JSON:
        """The menu button of one chat, or the default."""
        stored = self.tg.bot_settings.get(("menu_button", params.get("chat_id")))
        return stored or {"type": "commands"}

    def _chat(self, params: JSON, key: str = "chat_id") -> FakeChat:
        chat_id = params.get(key)
        if chat_id is None or chat_id == "":
            raise ApiError(400, f"Bad Request: {key} is empty")
        chat = self.tg.find_chat(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _writable(self, params: JSON) -> FakeChat:
        chat = self._chat(params)
        if chat.blocked_reason:
            raise ApiError(403, f"Forbidden: {chat.blocked_reason}")
        return chat

    def _text(self, params: JSON) -> tuple[str, list[JSON]]:
        text, entities = self._formatted(params, "text", "entities")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        return text, entities

    def _caption(self, params: JSON) -> JSON:
        caption, entities = self._formatted(params, "caption", "caption_entities")
        if len(caption) > CAPTION_LIMIT:
            raise ApiError(400, "Bad Request: message caption is too long")
        content: JSON = {}
        if caption:
            content["caption"] = caption
        if caption and entities:
            content["caption_entities"] = entities
        return content

    @staticmethod
    def _formatted(params: JSON, key: str, entities_key: str) -> tuple[str, list[JSON]]:
        source = params.get(key)
        if source is None:
            return "", []
        source = str(source)
        if params.get(entities_key):
            return trim(source, list(params[entities_key]))
        return trim(*parse_entities(source, params.get("parse_mode")))

    def _file(self, kind: str, value: Any, params: JSON) -> Any:
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        if isinstance(value, UploadedFile):
            meta = {"file_name": value.filename, "mime_type": value.content_type}
            return self.tg.store_file(kind, value.data, **{**meta, **_media_meta(params)})
        value = str(value)
        if value.startswith(("http://", "https://")):
            name = value.rsplit("/", 1)[-1]
            return self.tg.store_file(kind, b"", file_name=name, **_media_meta(params))
        stored = self.tg.files.get(value)
        if stored is None or (stored.kind != kind and kind != "document"):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return copy.deepcopy(stored.media)

    def _reply(self, chat: FakeChat, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id") or params.get("reply_to_message_id")
        if not message_id:
            return None
        target = chat.message(message_id)
        if target is None:
            allowed = reply.get(
                "allow_sending_without_reply", params.get("allow_sending_without_reply")
            )
            if allowed:
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return {k: copy.deepcopy(v) for k, v in target.raw.items() if k != "reply_to_message"}

    @staticmethod
    def _markup(params: JSON) -> JSON | None:
        markup = params.get("reply_markup")
        if not markup:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard") or []:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not _INLINE_ACTIONS & button.keys():
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard",
                    )
        return _without_nulls(markup)

    def _post(
        self,
        chat: FakeChat,
        content: JSON,
        params: JSON,
        *,
        media_group_id: str | None = None,
        copied_from: tuple[int, int] | None = None,
        forward_origin: JSON | None = None,
    ) -> ChatMessage:
        reply = self._reply(chat, params)
        markup = self._markup(params)
        raw: JSON = {
            "message_id": chat.new_message_id(),
            "from": self.tg.bot_user,
            "chat": dict(chat.raw),
            "date": self.tg.date(),
        }
        if forward_origin:
            raw["forward_origin"] = forward_origin
        raw.update(content)
        if media_group_id:
            raw["media_group_id"] = media_group_id
        if reply:
            raw["reply_to_message"] = reply
        if markup and "inline_keyboard" in markup:
            raw["reply_markup"] = markup
        if params.get("protect_content"):
            raw["has_protected_content"] = True
        message = ChatMessage(chat.id, raw, True, reply_markup=markup, copied_from=copied_from)
        chat.add(message)
        return message


def animation_document(animation: JSON) -> JSON:
    """The document Telegram attaches next to every animation."""
    keys = ("file_id", "file_unique_id", "file_name", "mime_type", "file_size")
    return {key: animation[key] for key in keys if key in animation}


def _media_meta(params: JSON) -> JSON:
    keys = ("duration", "width", "height", "length", "performer", "title", "emoji")
    return {key: params[key] for key in keys if params.get(key) is not None}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _without_edit_date(raw: JSON) -> JSON:
    return {key: value for key, value in raw.items() if key != "edit_date"}


def _true(params: JSON) -> bool:
    return True
