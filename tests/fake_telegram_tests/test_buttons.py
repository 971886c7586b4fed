"""Pressing inline buttons: callback queries and the toasts answering them."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram_tests.bot_side import keyboard


async def test_press_and_answer_show_a_toast(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "Talk now?", reply_markup=keyboard("Yes", "No"))
    query_id = await anna.press("yes")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert query.id == query_id
    assert query.data == "yes"
    assert isinstance(query.message, Message)
    assert query.message.text == "Talk now?"
    await bot.answer_callback_query(query_id, text="Looking for someone", show_alert=True)
    toast = await anna.toast()
    assert toast.text == "Looking for someone"
    assert toast.show_alert
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)


async def test_press_by_callback_data_on_an_older_message(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "Rate 1-5", reply_markup=keyboard("1", "5"))
    await bot.send_message(anna.id, "Come back?", reply_markup=keyboard("Yes"))
    rating, _ = anna.inbox
    assert rating.button("5")["callback_data"] == "5"
    await anna.press(callback_data="5", message=rating)
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert update.callback_query.data == "5"
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == rating.message_id


async def test_pressing_a_missing_button_fails_with_the_chat(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "Pick", reply_markup=keyboard("A"))
    with pytest.raises(AssertionError, match="no inline button 'Accept'"):
        await anna.press("Accept")


async def test_simultaneous_presses_arrive_in_one_batch(tg: FakeTelegram, bot: Bot) -> None:
    supporters = [tg.user(id=5000 + i, first_name=f"S{i}") for i in range(4)]
    for supporter in supporters:
        await bot.send_message(supporter.id, "Request K7", reply_markup=keyboard("Accept"))
    await asyncio.gather(*(s.press("Accept") for s in supporters))
    updates = await bot.get_updates()
    assert len(updates) == 4
    assert {u.callback_query.from_user.id for u in updates if u.callback_query} == {
        s.id for s in supporters
    }
