"""The inputs with which the fuzzer broke the bot, each a test of its own (and its first seeds)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from tests.e2e.conftest import RunningBot
from tests.e2e.test_conversation import on_duty
from tests.e2e.test_robustness import talking
from tests.fake_telegram import FakeTelegram, FakeUser

JSON = dict[str, Any]
GROUP = {"id": -1001, "type": "supergroup", "title": "Study group"}
EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def person(user_id: int) -> JSON:
    """A Bot API user."""
    return {"id": user_id, "is_bot": False, "first_name": "x"}


def unreadable(user_id: int) -> list[JSON]:
    """A message without its chat, and one whose text ends in half an emoji, in a group."""
    sender = person(user_id)
    return [
        {"message": {"message_id": 9, "date": 1, "from": sender, "text": "no chat"}},
        {"message": {"message_id": 9, "date": 1, "from": sender, "chat": GROUP, "text": "\ud83d"}},
    ]


def removed_from_group(user_id: int) -> JSON:
    """`user_id` removes the bot from a group."""
    bot = {"id": 123, "is_bot": True, "first_name": "Praatmaat"}
    change = {"chat": GROUP, "from": person(user_id), "date": 1}
    change["old_chat_member"] = {"status": "member", "user": bot}
    change["new_chat_member"] = {"status": "kicked", "user": bot, "until_date": 0}
    return {"my_chat_member": change}


def forgotten_press(user_id: int) -> JSON:
    """A press whose query Telegram no longer knows."""
    query = {"id": "gone", "from": person(user_id), "chat_instance": "c", "data": "wel:help"}
    return {"callback_query": query}


def huge_number_pressed(user_id: int, query_id: str = "q") -> JSON:
    """A forged Accept for a conversation id no database can hold."""
    data = f"acc:{2**70}"
    query = {"id": query_id, "from": person(user_id), "chat_instance": "c", "data": data}
    return {"callback_query": query}


def first_words_in_two_chats(user_id: int) -> list[JSON]:
    """A newcomer's first two updates at once: in a group, and /start in private."""
    private = {"id": user_id, "type": "private"}
    start = [{"type": "bot_command", "offset": 0, "length": 6}]
    return [
        {
            "message": {
                "message_id": 1,
                "date": 1,
                "from": person(user_id),
                "chat": GROUP,
                "text": "hi",
            }
        },
        {
            "message": {
                "message_id": 1,
                "date": 1,
                "from": person(user_id),
                "chat": private,
                "text": "/start",
                "entities": start,
            }
        },
    ]


def found_inputs(student: int, supporter: int, newcomers: tuple[int, int]) -> list[JSON]:
    """Every input below, for the fuzzer to start with."""
    return [
        *unreadable(newcomers[0]),
        removed_from_group(student),
        forgotten_press(newcomers[0]),
        huge_number_pressed(supporter),
        *first_words_in_two_chats(newcomers[1]),
    ]


async def both_ways(student: FakeUser, supporter: FakeUser, label: str) -> None:
    """A text each way arrives."""
    await student.send(f"{label} from the student")
    assert (await supporter.receives()).text == f"{label} from the student"
    await supporter.send(f"{label} from the praatmaat")
    assert (await student.receives()).text == f"{label} from the praatmaat"


async def test_an_unreadable_update_does_not_stop_the_ones_after_it(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    student, supporter = await talking(tg, coordinator)
    for update in unreadable(4800101):
        tg.inject(update)
    await both_ways(student, supporter, "after")
    half = await student.send("sorry, my phone cut this \ud83d")
    assert (await supporter.receives()).text == half.text
    assert "could not be read" in caplog.text
    assert "polling failed" not in caplog.text


async def test_removing_the_bot_from_a_group_is_not_blocking_it(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    tg.inject(removed_from_group(student.id))
    tg.inject(removed_from_group(supporter.id))
    await both_ways(student, supporter, "still talking")


async def test_a_press_telegram_forgot_still_does_its_work(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    supporter = await on_duty(tg, coordinator, "Noor", 4800201)
    student = tg.user(id=4800202)
    await student.command("talk")
    await student.receives()
    card = await supporter.receives()
    tg.fail_next("answerCallbackQuery", 400, EXPIRED)
    await supporter.press(card.button_texts[0], message=card)
    assert "Noor" in (await student.receives()).text
    await supporter.receives(containing="talking with")
    await both_ways(student, supporter, "accepted")
    tg.inject(forgotten_press(student.id))
    assert "112" in (await student.receives()).text
    assert "failed" not in caplog.text


async def test_a_forged_press_with_a_huge_number_is_a_stale_button(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    query = tg.open_query(supporter)
    tg.inject(huge_number_pressed(supporter.id, query))
    assert "doesn't do anything" in (await supporter.toast(query)).text
    await both_ways(student, supporter, "unharmed")


async def test_a_newcomer_writing_in_two_chats_at_once_is_welcomed(
    running: RunningBot, tg: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    newcomers = [tg.user(id=4800301 + n) for n in range(10)]
    for newcomer in newcomers:
        for update in first_words_in_two_chats(newcomer.id):
            tg.inject(update)
    welcomes = await asyncio.gather(*(n.receives() for n in newcomers))
    assert all("not therapists" in welcome.text for welcome in welcomes)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
