"""Editing and deleting the bot's messages, with Telegram's "message is not modified"."""

from __future__ import annotations

import copy

from tests.fake_telegram.methods.posting import NO_CAPTION, Posting
from tests.fake_telegram.records import JSON, ApiError, ChatMessage

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class Editing(Posting):
    """editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage(s)."""

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
        if message.kind == "text" or message.kind in NO_CAPTION:
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


def _without_edit_date(raw: JSON) -> JSON:
    return {key: value for key, value in raw.items() if key != "edit_date"}
