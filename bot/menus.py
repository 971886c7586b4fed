"""Command menus scoped to each person's role (students never see admin commands)."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import Translator
from bot.roles import COORDINATOR, SUPPORTER, chat_of, roles_of
from storage.models import Person

STUDENT_MENU = ("talk", "cancel", "end", "institution", "privacy", "forget", "language", "help")
SUPPORTER_MENU = ("duty", "pause", "end", "transfer", "escalate", "resources", "language", "help")
COORDINATOR_MENU = (
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
NETWORK_MENU = ("institution",)


def commands_for(roles: frozenset[str], network: bool = False) -> list[str]:
    """The commands in a person's menu, without duplicates, in a stable order."""
    groups = []
    if SUPPORTER in roles:
        groups.append(SUPPORTER_MENU)
    if COORDINATOR in roles:
        groups.append(COORDINATOR_MENU + NETWORK_MENU if network else COORDINATOR_MENU)
    names: list[str] = []
    for group in groups or [STUDENT_MENU]:
        names.extend(name for name in group if name not in names)
    return names


def menu(names: list[str] | tuple[str, ...], t: Translator) -> list[tuple[str, str]]:
    """(command, description) pairs in one language."""
    return [(name, t(f"menu.{name}")) for name in names]


async def refresh(ctx: Context, person: Person) -> None:
    """Set one person's menu after their role or language changed."""
    network = person.is_coordinator and person.coordinates_id is None
    names = commands_for(roles_of(person), network)
    await ctx.messenger.set_menu(chat_of(ctx, person), menu(names, Translator(person.language)))
