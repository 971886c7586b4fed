"""Methods about a chat rather than a message: getChat, chat actions, the menu button."""

from __future__ import annotations

from tests.fake_telegram.methods.posting import Posting
from tests.fake_telegram.records import JSON, ApiError

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


class ChatSettings(Posting):
    """getChat, sendChatAction, setChatMenuButton, getChatMenuButton."""

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

    def send_chat_action(self, params: JSON) -> bool:
        """Chat actions such as "typing"; recorded on the chat."""
        chat = self._writable(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        chat.actions.append(params["action"])
        return True

    def set_chat_menu_button(self, params: JSON) -> bool:
        """The menu button of one chat, or the default."""
        self.tg.bot_settings[("menu_button", params.get("chat_id"))] = params.get("menu_button")
        return True

    def get_chat_menu_button(self, params: JSON) -> JSON:
        """The menu button of one chat, or the default."""
        stored = self.tg.bot_settings.get(("menu_button", params.get("chat_id")))
        return stored or {"type": "commands"}
