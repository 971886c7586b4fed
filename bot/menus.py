"""Command menus scoped to each person's role (students never see admin commands)."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import LANGUAGES, Translator
from bot.roles import chat_of, roles_of
from bot.runtime import Runtime
from storage.models import Person

log = logging.getLogger(__name__)

STUDENT = ("talk", "cancel", "end", "privacy", "forget", "language", "help")
SUPPORTER = ("duty", "pause", "end", "transfer", "escalate", "resources", "language", "help")
COORDINATOR = (
    "invite",
    "supporters",
    "supporter",
    "queue",
    "hours",
    "closed",
    "contacts",
    "keywords",
    "resources",
    "supervision",
    "stats",
    "export",
    "broadcast",
    "ban",
    "unban",
    "audit",
    "help",
)


def commands_for(roles: frozenset[str]) -> list[str]:
    """The commands in a person's menu, without duplicates, in a stable order."""
    names: list[str] = []
    groups = []
    if "supporter" in roles:
        groups.append(SUPPORTER)
    if "coordinator" in roles:
        groups.append(COORDINATOR)
    if not groups:
        groups.append(STUDENT)
    for group in groups:
        names.extend(name for name in group if name not in names)
    return names


def _menu(names: list[str], t: Translator) -> list[BotCommand]:
    return [BotCommand(command=name, description=t(f"menu.{name}")) for name in names]


async def install_defaults(bot: Bot) -> None:
    """The default (student) menu, in each language."""
    for language in LANGUAGES:
        await bot.set_my_commands(
            _menu(list(STUDENT), Translator(language)),
            scope=BotCommandScopeDefault(),
            language_code=language,
        )
    await bot.set_my_commands(
        _menu(list(STUDENT), Translator("en")), scope=BotCommandScopeDefault()
    )


async def refresh(bot: Bot, rt: Runtime, person: Person) -> None:
    """Set one person's menu after their role or language changed."""
    try:
        await bot.set_my_commands(
            _menu(commands_for(roles_of(person)), Translator(person.language)),
            scope=BotCommandScopeChat(chat_id=chat_of(rt, person)),
        )
    except TelegramAPIError as error:
        log.warning("menu not set: %s", type(error).__name__)
