"""The fake Bot API's flood limits: one message a second per chat, a cap for the whole bot."""

from __future__ import annotations

import pytest

from tests.fake_telegram import ApiError, FakeTelegram


def test_a_second_message_to_a_chat_within_a_second_gets_429_with_retry_after() -> None:
    tg = FakeTelegram()
    tg.telegram_limits(per_chat=1.0, per_bot=30.0)
    tg.check_faults("sendMessage", {"chat_id": 1})
    with pytest.raises(ApiError) as refused:
        tg.check_faults("copyMessage", {"chat_id": 1})
    assert (refused.value.code, refused.value.retry_after) == (429, 1)
    tg.check_faults("sendMessage", {"chat_id": 2})
    tg.check_faults("answerCallbackQuery", {"chat_id": 1})  # not a message


def test_the_bot_is_capped_over_all_chats() -> None:
    tg = FakeTelegram()
    tg.telegram_limits(per_chat=1.0, per_bot=3.0)
    for chat in range(3):
        tg.check_faults("sendMessage", {"chat_id": chat})
    with pytest.raises(ApiError):
        tg.check_faults("sendMessage", {"chat_id": 99})
    tg.telegram_limits(None)
    tg.check_faults("sendMessage", {"chat_id": 99})
