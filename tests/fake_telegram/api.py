"""The Bot API methods the fake answers, by name, with Telegram's validation and error texts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fake_telegram.methods.chat_settings import ChatSettings
from tests.fake_telegram.methods.copying import Copying
from tests.fake_telegram.methods.editing import Editing
from tests.fake_telegram.methods.getting_updates import GettingUpdates
from tests.fake_telegram.methods.media import MEDIA_METHODS, Media
from tests.fake_telegram.methods.profile import Profile
from tests.fake_telegram.methods.sending import Sending
from tests.fake_telegram.records import JSON, ApiError

if TYPE_CHECKING:
    from tests.fake_telegram.server import FakeTelegram


class BotApi(GettingUpdates, Profile, Sending, Media, Copying, Editing, ChatSettings):
    """Bot API methods by lower-case name, each taking decoded params and returning the result."""

    def __init__(self, tg: FakeTelegram) -> None:
        super().__init__(tg)
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
        for method, kind in MEDIA_METHODS.items():
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


def _true(params: JSON) -> bool:
    return True
