"""Media the bot sends: uploads stored and downloadable, file ids, albums."""

from __future__ import annotations

import io

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaPhoto

from tests.fake_telegram import FakeTelegram, FakeUser


async def test_send_photo_upload_is_stored_and_downloadable(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    png = b"\x89PNG\r\n\x1a\nchart"
    sent = await bot.send_photo(anna.id, BufferedInputFile(png, "stats.png"), caption="Week")
    message = await anna.receives()
    assert message.kind == "photo"
    assert message.caption == "Week"
    assert tg.file_bytes(message.photo or "") == png
    assert sent.photo is not None
    buffer = io.BytesIO()
    await bot.download(sent.photo[-1].file_id, destination=buffer)
    assert buffer.getvalue() == png


async def test_send_document_keeps_its_name(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    await bot.send_document(anna.id, BufferedInputFile(b"a,b\n1,2\n", "export.csv"))
    message = await anna.receives()
    assert message.raw["document"]["file_name"] == "export.csv"
    assert tg.file_bytes(message.document or "") == b"a,b\n1,2\n"


async def test_resending_a_users_file_id_works_and_unknown_ids_fail(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    sticker = await anna.send_sticker()
    await bot.send_sticker(ben.id, sticker.sticker or "")
    assert (await ben.receives()).sticker == sticker.sticker
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_voice(ben.id, "no-such-file")


async def test_send_media_group_with_uploads(bot: Bot, anna: FakeUser) -> None:
    media = [
        InputMediaPhoto(media=BufferedInputFile(b"one", "1.jpg"), caption="two photos"),
        InputMediaPhoto(media=BufferedInputFile(b"two", "2.jpg")),
    ]
    sent = await bot.send_media_group(anna.id, media)
    assert len(sent) == 2
    first, second = anna.inbox
    assert first.media_group_id == second.media_group_id is not None
    assert first.caption == "two photos"
