"""Coordinators: run the service from Telegram (one module per topic, one router here)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message

from bot import actions
from bot.roles import SUPPORTER
from handlers.coordinator import (
    arguments,
    catalogue,
    institutions,
    moderation,
    numbers,
    supporters,
    views,
)
from handlers.filters import Pressed, in_private_chat, is_coordinator
from handlers.middlewares.usage_reply import UsageReply

SUBCOMMANDS = {
    "hours": ("", "set"),
    "closed": ("", "list", "add", "remove"),
    "contacts": ("", "list", "add", "remove"),
    "keywords": ("", "list", "add", "remove"),
    "resources": ("", "list", "add", "remove"),
    "supervision": ("record", "due"),
}
LISTS = ("closed", "contacts", "keywords")


class Sub(Filter):
    """Passes "/command WORD …" for the given subcommand words ("" for none) and gives `rest`."""

    def __init__(self, *words: str) -> None:
        self.words = words

    async def __call__(self, message: Message, command: CommandObject) -> bool | dict[str, str]:
        """The rest of the arguments when the first word is one of ours."""
        word, rest = arguments.split(command.args)
        return {"rest": rest} if word in self.words else False


class UnknownSub(Filter):
    """Passes a command of SUBCOMMANDS whose first word is none of its subcommands."""

    async def __call__(self, message: Message, command: CommandObject) -> bool:
        """Whether the subcommand is unknown."""
        word, _ = arguments.split(command.args)
        return word not in SUBCOMMANDS[command.command]


async def not_a_supporter(message: Message, roles: frozenset[str]) -> bool:
    """Bare /resources belongs to the referral picker when the coordinator is also a praatmaat."""
    return SUPPORTER not in roles


def make_router() -> Router:
    """Every coordinator command and confirmation, in the order they must be tried."""
    router = Router(name="coordinator")
    router.message.filter(in_private_chat, is_coordinator())
    router.callback_query.filter(is_coordinator())
    router.message.middleware(UsageReply())
    router.callback_query.middleware(UsageReply())
    on = router.message.register
    on(supporters.invite, Command("invite"))
    router.callback_query.register(views.turn_page, Pressed(actions.Page))
    on(supporters.supporters, Command("supporters"))
    on(supporters.supporter_command, Command("supporter"))
    on(supporters.queue, Command("queue"))
    on(catalogue.hours, Command("hours"), Sub(""))
    on(catalogue.hours_set, Command("hours"), Sub("set"))
    on(catalogue.listed, Command(*LISTS), Sub("", "list"))
    on(catalogue.listed, Command("resources"), Sub("list"))
    on(catalogue.listed, Command("resources"), Sub(""), not_a_supporter)
    on(catalogue.added, Command(*LISTS, "resources"), Sub("add"))
    on(catalogue.remove_entry, Command(*catalogue.REMOVE_KINDS), Sub("remove"))
    on(catalogue.subcommand_usage, Command(*SUBCOMMANDS), UnknownSub())
    on(moderation.supervision_record, Command("supervision"), Sub("record"))
    on(moderation.supervision_due, Command("supervision"), Sub("due"))
    on(numbers.stats_command, Command("stats"))
    on(numbers.export, Command("export"))
    on(supporters.broadcast, Command("broadcast"))
    on(moderation.ban, Command("ban"))
    on(moderation.unban, Command("unban"))
    on(moderation.audit_log, Command("audit"))
    on(institutions.listing, Command("institution"), Sub(""))
    on(institutions.command, Command("institution"))
    router.callback_query.register(moderation.confirmed, Pressed(actions.Confirm))
    return router
