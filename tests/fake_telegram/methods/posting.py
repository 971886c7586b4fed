"""What the methods that write share: the chat, text and caption checks, keyboards, posting."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.fake_telegram.formatting import parse_entities, trim
from tests.fake_telegram.records import JSON, ApiError, ChatMessage

if TYPE_CHECKING:
    from tests.fake_telegram.chats import FakeChat
    from tests.fake_telegram.server import FakeTelegram

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
NO_CAPTION = frozenset({"sticker", "video_note"})
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


class Posting:
    """The base of every method group: the fake it answers for and the checks they share."""

    def __init__(self, tg: FakeTelegram) -> None:
        self.tg = tg

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


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value
