"""Fault injection: rate limits and one-off errors, as aiogram sees them."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter

from tests.fake_telegram import FakeTelegram, FakeUser


async def test_rate_limit_answers_429_without_sending(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    tg.rate_limit(every=3, retry_after=1)
    await bot.send_message(anna.id, "1")
    await bot.send_message(anna.id, "2")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(anna.id, "3")
    assert error.value.retry_after == 1
    await bot.send_message(anna.id, "3 again")
    assert [m.text for m in anna.inbox] == ["1", "2", "3 again"]
    assert tg.count("sendMessage") == 4
    assert [f.error_code for f in tg.failures] == [429]


async def test_fail_next_is_a_one_off(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    tg.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(anna.id, "once")
    await bot.send_message(anna.id, "twice")
    assert [m.text for m in anna.inbox] == ["twice"]


def test_retry_after_zero_is_refused_because_aiogram_would_not_see_a_retry(
    tg: FakeTelegram,
) -> None:
    with pytest.raises(ValueError, match="retry_after"):
        tg.fail_next("sendMessage", 429, retry_after=0)
