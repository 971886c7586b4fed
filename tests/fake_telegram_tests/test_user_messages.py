"""What simulated users write reaches the bot as Telegram would send it."""

from __future__ import annotations

from aiogram import Bot

from tests.fake_telegram import FakeUser


async def test_user_commands_carry_a_bot_command_entity(bot: Bot, anna: FakeUser) -> None:
    await anna.command("start", payload="invite-token")
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.text == "/start invite-token"
    assert update.message.entities is not None
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")


async def test_album_arrives_in_one_batch(bot: Bot, anna: FakeUser) -> None:
    await anna.send_album(n=4, kind="video")
    updates = await bot.get_updates()
    groups = {u.message.media_group_id for u in updates if u.message}
    assert len(updates) == 4
    assert len(groups) == 1


async def test_user_edit_and_reply(bot: Bot, anna: FakeUser) -> None:
    from_bot = await bot.send_message(anna.id, "How are you?")
    answer = await anna.reply(from_bot.message_id, "okay")
    await anna.edit(answer, "not okay")
    first, second = await bot.get_updates()
    assert first.message is not None
    assert first.message.reply_to_message is not None
    assert first.message.reply_to_message.text == "How are you?"
    assert second.edited_message is not None
    assert second.edited_message.text == "not okay"
    assert second.edited_message.edit_date is not None


async def test_every_kind_of_user_message_parses_in_aiogram(bot: Bot, anna: FakeUser) -> None:
    await anna.send_photo()
    await anna.send_voice()
    await anna.send_audio()
    await anna.send_video()
    await anna.send_video_note()
    await anna.send_sticker()
    await anna.send_animation()
    await anna.send_document()
    await anna.send_contact()
    await anna.send_location()
    await anna.send_venue()
    await anna.send_poll()
    await anna.send_dice()
    updates = await bot.get_updates()
    kinds = [u.message.content_type for u in updates if u.message]
    assert kinds == [
        "photo",
        "voice",
        "audio",
        "video",
        "video_note",
        "sticker",
        "animation",
        "document",
        "contact",
        "location",
        "venue",
        "poll",
        "dice",
    ]
