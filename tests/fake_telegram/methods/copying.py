"""copyMessage(s) and forwardMessage(s): the relay copies; a forward shows where it came from."""

from __future__ import annotations

import copy
from collections import Counter
from typing import TYPE_CHECKING

from tests.fake_telegram.methods.posting import NO_CAPTION, Posting
from tests.fake_telegram.records import CONTENT_KINDS, JSON, ApiError, ChatMessage

if TYPE_CHECKING:
    from tests.fake_telegram.chats import FakeChat

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


class Copying(Posting):
    """copyMessage, copyMessages, forwardMessage, forwardMessages."""

    def copy_message(self, params: JSON) -> JSON:
        """A new message with the same content and no link to the original."""
        chat = self._writable(params)
        source = self._chat(params, "from_chat_id").message(params.get("message_id"))
        if source is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        content = self._copied_content(source)
        if "caption" in params and source.kind not in ("text", *NO_CAPTION):
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
