"""Copies carry the content without forward info; forwards are recorded."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ReplyParameters

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram_tests.bot_side import keyboard


async def test_copy_message_copies_content_without_forward_info(
    tg: FakeTelegram, bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    earlier = await bot.send_message(ben.id, "Student K7 is waiting")
    photo = await anna.send_photo(caption="mijn kamer")
    copied = await bot.copy_message(
        ben.id,
        anna.id,
        photo.message_id,
        reply_parameters=ReplyParameters(message_id=earlier.message_id),
    )
    [_, message] = ben.inbox
    assert message.message_id == copied.message_id
    assert message.photo == photo.photo
    assert message.caption == "mijn kamer"
    assert not message.forwarded
    assert message.raw["from"]["is_bot"]
    assert message.reply_to_message_id == earlier.message_id
    assert message.copied_from == (anna.id, photo.message_id)
    assert tg.count("forwardMessage") == 0


async def test_copy_message_can_replace_the_caption_and_add_a_keyboard(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    voice = await anna.send_voice(caption="luister")
    await bot.copy_message(
        ben.id,
        anna.id,
        voice.message_id,
        caption="<i>nieuw</i>",
        parse_mode="HTML",
        reply_markup=keyboard("OK"),
    )
    message = await ben.receives()
    assert message.voice == voice.voice
    assert message.caption == "nieuw"
    assert message.entities == [{"type": "italic", "offset": 0, "length": 5}]
    assert message.button_texts == ["OK"]


async def test_copying_a_missing_message_is_a_bad_request(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(ben.id, anna.id, 42)


async def test_copy_messages_keeps_an_album_together(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    album = await anna.send_album(n=3, caption="vakantie")
    ids = await bot.copy_messages(ben.id, anna.id, [m.message_id for m in album])
    copies = ben.inbox
    assert [m.message_id for m in copies] == [i.message_id for i in ids]
    assert len({m.media_group_id for m in copies}) == 1
    assert copies[0].media_group_id not in (None, album[0].media_group_id)
    assert [m.caption for m in copies] == ["vakantie", None, None]


async def test_forward_is_recorded_and_shows_its_origin(
    tg: FakeTelegram, bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    sent = await anna.send("secret")
    await bot.forward_message(ben.id, anna.id, sent.message_id)
    assert tg.count("forwardMessage") == 1
    assert (await ben.receives()).forwarded
