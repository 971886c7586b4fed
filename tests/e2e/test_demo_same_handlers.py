"""The demo runs the bot's own handlers: same updates as in the e2e harness, same calls."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from demo import service
from demo.botapi.chats import Person
from demo.botapi.server import BotApiStandIn
from scheduler import jobs
from tests.e2e.conftest import COORDINATOR_ID, RunningBot, make_supporter
from tests.fake_telegram import FakeTelegram, FakeUser

JSON = dict[str, Any]
ROLES = {4200001: "student", 5100001: "Robin", 5100002: "Sam", COORDINATOR_ID: "coordinator"}
PSEUDONYM = re.compile(r"Student [A-Z0-9]{2}\b")
POLLING = {"getupdates", "deletewebhook"}
QUIET = 0.5


def normalised(method: str, params: JSON) -> tuple[str, ...]:
    """One call without what differs by chance: ids become roles, pseudonyms one placeholder."""

    def role(key: str) -> str:
        value = params.get(key)
        return ROLES.get(int(value), "other") if value not in (None, "") else ""

    scope = params.get("scope") or {}
    markup = params.get("reply_markup") or {}
    buttons = [b["text"] for row in markup.get("inline_keyboard") or [] for b in row]
    words = str(params.get("text") or params.get("caption") or "")
    return (
        method.lower(),
        role("chat_id"),
        role("from_chat_id"),
        ROLES.get(int(scope["chat_id"]), "") if scope.get("chat_id") else "",
        PSEUDONYM.sub("Student ?", words),
        PSEUDONYM.sub("Student ?", " | ".join(buttons)),
        " ".join(c["command"] for c in params.get("commands") or []),
    )


class Harness:
    """What both sides can do: write as someone, tap someone's newest button, list the calls."""

    async def write(self, role: str, text: str) -> None:
        raise NotImplementedError

    async def tap(self, role: str) -> None:
        raise NotImplementedError

    async def correct(self, role: str, text: str) -> None:
        raise NotImplementedError

    def calls(self) -> list[tuple[str, JSON]]:
        raise NotImplementedError

    async def step(self, action: Any) -> Counter[tuple[str, ...]]:
        """Do one thing and wait until the bot is quiet; the calls it made, normalised."""
        before = len(self.calls())
        await action
        seen = -1
        while seen != len(self.calls()):
            seen = len(self.calls())
            await asyncio.sleep(QUIET)
        return Counter(
            normalised(method, params)
            for method, params in self.calls()[before:]
            if method.lower() not in POLLING
        )


class E2E(Harness):
    """The e2e harness: tests/fake_telegram."""

    def __init__(self, tg: FakeTelegram, users: dict[str, FakeUser]) -> None:
        self.tg, self.users = tg, users

    async def write(self, role: str, text: str) -> None:
        await self.users[role].send(text)

    async def tap(self, role: str) -> None:
        user = self.users[role]
        newest = next(m for m in reversed(user.inbox) if m.button_texts)
        await user.press(newest.button_texts[0], message=newest)

    async def correct(self, role: str, text: str) -> None:
        user = self.users[role]
        await user.edit(user.sent[-1], text)

    def calls(self) -> list[tuple[str, JSON]]:
        return [(call.method, call.params) for call in self.tg.calls]


class Demo(Harness):
    """The demo: its own Bot API stand-in, its people."""

    def __init__(self, standin: BotApiStandIn, people: dict[str, Person]) -> None:
        self.standin, self.people = standin, people

    async def write(self, role: str, text: str) -> None:
        await self.standin.write(self.people[role], {"text": text})

    async def tap(self, role: str) -> None:
        person = self.people[role]
        chat = self.standin.join(person)
        newest = next(m for m in reversed(chat.messages.values()) if m.from_bot and m.buttons)
        await self.standin.press(person, newest.message_id, newest.buttons[0][0]["callback_data"])

    async def correct(self, role: str, text: str) -> None:
        person = self.people[role]
        chat = self.standin.join(person)
        last = next(m for m in reversed(chat.messages.values()) if not m.from_bot)
        await self.standin.edit(person, last.message_id, text)

    def calls(self) -> list[tuple[str, JSON]]:
        return self.standin.calls


async def script(side: Harness) -> list[Counter[tuple[str, ...]]]:
    """A first conversation, with an edit and a worrying message, ended by the student."""
    return [
        await side.step(side.write("student", "/start")),
        await side.step(side.write("student", "Hi, I had a rough week")),
        await side.step(side.tap("Robin")),
        await side.step(side.write("Robin", "I'm here. Tell me more?")),
        await side.step(side.write("student", "My exams whent badly")),
        await side.step(side.correct("student", "My exams went badly")),
        await side.step(side.write("student", "Sometimes I just want to disappear")),
        await side.step(side.write("coordinator", "/queue")),
        await side.step(side.write("student", "/end")),
        await side.step(side.tap("student")),
    ]


@pytest.fixture(autouse=True)
def no_ticks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scheduled jobs would add calls at a moment of their own on either side."""
    monkeypatch.setattr(jobs, "TICK_SECONDS", 3600)


async def test_the_same_updates_make_the_same_bot_api_calls(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser, tmp_path: Path
) -> None:
    users = {"coordinator": coordinator}
    for alias, user_id in (("Robin", 5100001), ("Sam", 5100002)):
        users[alias] = await make_supporter(tg, coordinator, alias, user_id)
        await users[alias].command("duty")
        await users[alias].receives()
    users["student"] = tg.user(id=4200001, first_name="Anna", last_name="Peeters")
    e2e = await script(E2E(tg, users))

    async with service.running(0, "en", tmp_path / "demo") as demo:
        people = {phone.alias or phone.role: phone.person for phone in demo.world.phones}
        in_demo = await script(Demo(demo.world.standin, people))

    for number, (expected, got) in enumerate(zip(e2e, in_demo, strict=True), start=1):
        assert got == expected, f"step {number}"
    assert all(e2e), "every step made the bot call the Bot API"
