"""The bot's messages land in the chat's inbox, or fail as Telegram's would."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram_tests.bot_side import keyboard


async def test_send_message_lands_in_the_inbox(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_message(anna.id, "Welkom bij Praatmaat", reply_markup=keyboard("Praat"))
    received = await anna.receives(containing="welkom")
    assert received.message_id == sent.message_id
    assert received.text == "Welkom bij Praatmaat"
    assert received.button_texts == ["Praat"]
    assert tg.inbox(anna.id) == [received]
    assert tg.count("sendMessage", chat_id=anna.id) == 1
    await anna.nothing_more(within=0.05)


async def test_receives_skips_to_the_matching_message_and_fails_with_the_inbox(
    bot: Bot, anna: FakeUser
) -> None:
    await bot.send_message(anna.id, "first")
    await bot.send_message(anna.id, "second")
    assert (await anna.receives(containing="SECOND")).text == "second"
    with pytest.raises(AssertionError, match="'second'"):
        await anna.receives(timeout=0.05)


async def test_nothing_more_fails_when_a_message_is_unread(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "surprise")
    with pytest.raises(AssertionError, match="surprise"):
        await anna.nothing_more(within=0.05)


async def test_too_long_or_empty_text_is_a_bad_request(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(anna.id, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(anna.id, "   ")
    await bot.send_message(anna.id, "x" * 4096)
    assert len(tg.inbox(anna.id)) == 1


async def test_unknown_chat_is_a_bad_request(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "hello?")


async def test_blocked_user_makes_sends_forbidden(bot: Bot, anna: FakeUser) -> None:
    anna.block()
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(anna.id, "still there?")
    anna.unblock()
    await bot.send_message(anna.id, "welcome back")
    assert (await anna.receives()).text == "welcome back"


async def test_user_who_never_started_the_bot_cannot_be_written_first(
    tg: FakeTelegram, bot: Bot
) -> None:
    stranger = tg.user(id=3003, started=False)
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(stranger.id, "hi")
    await stranger.command("start")
    await bot.send_message(stranger.id, "hi")


async def test_group_chat_receives_alerts(tg: FakeTelegram, bot: Bot) -> None:
    alerts = tg.chat(id=-100123, type="supergroup", title="On call")
    await bot.send_message(-100123, "Crisis: Student K7")
    assert (await alerts.receives(containing="K7")).text == "Crisis: Student K7"
    assert tg.inbox(-100123)[0].chat_id == -100123
    coordinator = tg.user(id=7001, first_name="Coco")
    await coordinator.send("I'll call", chat=alerts)
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.chat.type == "supergroup"
    assert update.message.from_user is not None
    assert update.message.from_user.id == 7001


async def test_reply_keyboard_is_shown_until_removed(bot: Bot, anna: FakeUser) -> None:
    rows = [[KeyboardButton(text="English"), KeyboardButton(text="Nederlands")]]
    await bot.send_message(anna.id, "Language?", reply_markup=ReplyKeyboardMarkup(keyboard=rows))
    assert anna.keyboard() == [["English", "Nederlands"]]
    await bot.send_message(anna.id, "Done", reply_markup=ReplyKeyboardRemove())
    assert anna.keyboard() is None
    assert [m.raw.get("reply_markup") for m in anna.inbox] == [None, None]


async def test_get_chat_of_a_user(bot: Bot, anna: FakeUser) -> None:
    chat = await bot.get_chat(anna.id)
    assert chat.type == "private"
    assert chat.first_name == "Anna"
