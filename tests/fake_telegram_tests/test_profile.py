"""The bot's profile: getMe and command menus per scope and language."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BotCommand, BotCommandScopeChat

from tests.fake_telegram import FakeTelegram, FakeUser


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123
    assert me.is_bot
    assert me.username == "praatmaat_test_bot"


async def test_commands_per_chat_scope_make_the_users_menu(
    tg: FakeTelegram, bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    await bot.set_my_commands([BotCommand(command="talk", description="Talk")])
    await bot.set_my_commands(
        [BotCommand(command="praat", description="Praat")], language_code="nl"
    )
    await bot.set_my_commands(
        [BotCommand(command="duty", description="On/off duty")],
        scope=BotCommandScopeChat(chat_id=ben.id),
    )
    assert ben.menu() == {"duty": "On/off duty"}
    assert anna.menu() == {"praat": "Praat"}
    assert anna.menu(language_code="en") == {"talk": "Talk"}
    stored = await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=ben.id))
    assert [c.command for c in stored] == ["duty"]
    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=ben.id))
    assert ben.menu() == {"talk": "Talk"}


async def test_invalid_command_names_are_rejected(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Talk", description="Talk")])
