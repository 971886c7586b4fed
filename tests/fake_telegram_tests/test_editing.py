"""Editing and deleting the bot's messages."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram_tests.bot_side import keyboard


async def test_edit_updates_the_message_and_keeps_history(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    sent = await bot.send_message(anna.id, "New request", reply_markup=keyboard("Accept"))
    message = await anna.receives()
    await bot.edit_message_text("Taken", chat_id=anna.id, message_id=sent.message_id)
    assert message.text == "Taken"
    assert message.button_texts == []
    assert message.history[0]["text"] == "New request"
    assert tg.edits[-1].by_bot
    assert (await anna.edited(message, containing="taken")) is message


async def test_edit_with_identical_content_is_not_modified(bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_message(anna.id, "Same", reply_markup=keyboard("Yes"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Same", chat_id=anna.id, message_id=sent.message_id, reply_markup=keyboard("Yes")
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=anna.id, message_id=sent.message_id, reply_markup=keyboard("Yes")
        )


async def test_editing_unknown_or_foreign_messages_fails(bot: Bot, anna: FakeUser) -> None:
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=anna.id, message_id=77)
    own = await anna.send("mine")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=anna.id, message_id=own.message_id)


async def test_edit_caption_of_a_photo(bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_photo(anna.id, BufferedInputFile(b"img", "a.jpg"), caption="old")
    await bot.edit_message_caption(chat_id=anna.id, message_id=sent.message_id, caption="new")
    assert (await anna.receives()).caption == "new"


async def test_delete_message_flags_it(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_message(anna.id, "oops")
    await bot.delete_message(anna.id, sent.message_id)
    assert tg.inbox(anna.id)[0].deleted
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(anna.id, sent.message_id)
