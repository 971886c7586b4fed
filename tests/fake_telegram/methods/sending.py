"""Sending methods: texts, places, contacts, dice, and the toast answering a button press."""

from __future__ import annotations

from tests.fake_telegram.methods.posting import Posting
from tests.fake_telegram.records import JSON, ApiError

_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class Sending(Posting):
    """sendMessage, sendLocation, sendVenue, sendContact, sendDice, answerCallbackQuery."""

    def send_message(self, params: JSON) -> JSON:
        """A text message."""
        chat = self._writable(params)
        text, entities = self._text(params)
        content: JSON = {"text": text}
        if entities:
            content["entities"] = entities
        return self._post(chat, content, params).raw

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
