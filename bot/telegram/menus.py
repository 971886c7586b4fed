"""The default (student) command menu, in each language, set at start."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.i18n import LANGUAGES, Translator
from bot.menus import STUDENT_MENU, menu


def _commands(language: str) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=text)
        for name, text in menu(STUDENT_MENU, Translator(language))
    ]


async def install_defaults(bot: Bot) -> None:
    """The student menu for every language, and in English for the rest."""
    for language in LANGUAGES:
        await bot.set_my_commands(
            _commands(language), scope=BotCommandScopeDefault(), language_code=language
        )
    await bot.set_my_commands(_commands("en"), scope=BotCommandScopeDefault())
