"""A fake Telegram Bot API server with simulated users, for end-to-end tests of the bot."""

from tests.fake_telegram.chats import FakeChat
from tests.fake_telegram.records import (
    ApiError,
    Call,
    ChatMessage,
    Edit,
    Failure,
    StoredFile,
    Toast,
    UploadedFile,
)
from tests.fake_telegram.server import FakeTelegram
from tests.fake_telegram.users import FakeUser

__all__ = [
    "ApiError",
    "Call",
    "ChatMessage",
    "Edit",
    "Failure",
    "FakeChat",
    "FakeTelegram",
    "FakeUser",
    "StoredFile",
    "Toast",
    "UploadedFile",
]
