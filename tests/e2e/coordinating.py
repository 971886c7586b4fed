"""What the coordinator tests share: the admin commands, a crisis text, asking and reading."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from tests.fake_telegram import FakeUser

BRUSSELS = ZoneInfo("Europe/Brussels")
ACUTE = "I want to kill myself tonight"
ADMIN_COMMANDS = [
    "invite",
    "invite 2",
    "supporters",
    "supporter Anna pause",
    "supporter Anna promote",
    "queue",
    "hours",
    "hours set mon-fri 09:00-17:00",
    "closed",
    "closed add 2026-11-23 2026-11-23 Closed",
    "closed remove 1",
    "contacts",
    "contacts add * Someone | 123",
    "keywords",
    "keywords add en acute pineapple",
    "resources list",
    "resources add en Title | Body",
    "supervision due",
    "supervision record 2026-11-23 Anna",
    "stats",
    "stats month",
    "export",
    "broadcast hello",
    "ban K7",
    "unban K7",
    "audit",
]


async def said(user: FakeUser, text: str) -> str:
    """Send "/text" and return the bot's next answer."""
    name, _, payload = text.partition(" ")
    await user.command(name, payload or None)
    return (await user.receives()).text or ""


async def pseudonym_of_new_request(student: FakeUser, coordinator: FakeUser) -> str:
    """The student asks while nobody is on duty; coordinators are told the pseudonym."""
    await student.command("talk")
    await student.receives(containing="in line")
    alert = await coordinator.receives(containing="no praatmaat is on duty")
    found = re.search(r"Student (\w\d)", alert.text or "")
    assert found is not None
    return found[1]
