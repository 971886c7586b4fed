"""Anonymity, rate limits, redelivery, blocking, bad input and clean logs."""

from __future__ import annotations

import json
import logging

import pytest

from tests.e2e.conftest import RunningBot
from tests.e2e.test_conversation import MEDIA, on_duty
from tests.fake_telegram import FakeTelegram, FakeUser

STUDENT = {
    "id": 4400001,
    "first_name": "Griet",
    "last_name": "Vandenbroucke",
    "username": "grietvdb",
    "phone": "+32470111222",
}


async def talking(tg: FakeTelegram, coordinator: FakeUser) -> tuple[FakeUser, FakeUser]:
    """A student and a supporter in an accepted conversation, with their inboxes read."""
    supporter = await on_duty(tg, coordinator, "Noor", 5300001)
    student = tg.user(language_code="en", **STUDENT)
    await student.command("talk")
    await student.receives()
    card = await supporter.receives()
    await supporter.press(card.button_texts[0], message=card)
    await student.receives()
    await supporter.receives()
    return student, supporter


def identities(user: FakeUser) -> list[str]:
    """Everything that would identify this Telegram user."""
    values = [
        str(user.id),
        user.first_name,
        user.last_name or "",
        user.username or "",
        user.phone or "",
    ]
    return [value for value in values if value]


def assert_no_leak(receiver: FakeUser, other: FakeUser) -> None:
    """Nothing in the receiver's chat (text, captions, entities, replies) names `other`."""
    for message in receiver.inbox:
        blob = json.dumps(message.raw, ensure_ascii=False)
        for secret in identities(other):
            assert secret not in blob, (secret, message)
        assert not message.forwarded


async def test_nothing_identifies_the_other_side(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    first = await student.send("hello, it's me")
    await supporter.receives()
    answer = await supporter.reply((supporter.inbox[-1]).message_id, "hi there")
    await student.receives()
    await student.reply(first.message_id, "replying to myself")
    await supporter.receives()
    for kind in MEDIA:
        await getattr(student, f"send_{kind}")()
        await supporter.receives()
        await getattr(supporter, f"send_{kind}")()
        await student.receives()
    await student.send_album(2)
    await supporter.receives()
    await supporter.receives()
    await student.send_contact()
    refused = await student.receives()
    assert "anonymous" in refused.text
    await supporter.send_location(50.85, 4.35)
    assert "anonymous" in (await supporter.receives()).text
    await student.nothing_more()
    assert tg.count("forwardMessage") == 0 and tg.count("forwardMessages") == 0
    assert_no_leak(supporter, student)
    assert_no_leak(student, supporter)
    assert answer.message_id


async def test_rate_limits_keep_every_message_in_order(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    tg.rate_limit(every=3, retry_after=1)
    for n in range(50):
        await student.send(f"student {n}")
        await supporter.send(f"supporter {n}")
    got_supporter = [(await supporter.receives(timeout=60)).text for _ in range(50)]
    got_student = [(await student.receives(timeout=60)).text for _ in range(50)]
    tg.rate_limit(None)
    assert got_supporter == [f"student {n}" for n in range(50)]
    assert got_student == [f"supporter {n}" for n in range(50)]


async def test_redelivered_update_is_relayed_once(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    sent = await student.send("only once please")
    await supporter.receives()
    await tg.redeliver(sent.update_id)
    await student.send("next")
    assert (await supporter.receives()).text == "next"
    await supporter.nothing_more()


async def test_student_blocking_the_bot_ends_the_conversation(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    student, supporter = await talking(tg, coordinator)
    student.block()
    await supporter.send("are you still there?")
    notice = await supporter.receives()
    assert "blocked" in notice.text
    await supporter.send("hello?")
    assert "no open conversation" in (await supporter.receives()).text
    assert "Traceback" not in caplog.text


async def test_kicked_update_ends_the_conversation(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    await student.block(notify=True)
    assert "blocked" in (await supporter.receives()).text


async def test_bad_input_gets_a_clear_answer(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student = tg.user(id=4400002, language_code="en")
    await student.command("end")
    assert "no conversation" in (await student.receives()).text.lower()
    await student.command("duty")
    assert "don't know that command" in (await student.receives()).text
    await student.command("xyzzy")
    assert "don't know that command" in (await student.receives()).text
    await student.send("   ")
    assert "empty" in (await student.receives()).text
    await student.command("talk")
    await student.receives()
    await student.command("talk")
    assert "already in line" in (await student.receives()).text
    await student.send_sticker()
    assert "Stickers" in (await student.receives()).text
    await student.command("cancel")
    assert "left the line" in (await student.receives()).text


async def test_late_accept_gets_a_polite_toast(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    first = await on_duty(tg, coordinator, "Ada", 5300011)
    second = await on_duty(tg, coordinator, "Bo", 5300012)
    student = tg.user(id=4400003)
    await student.send("hi")
    await student.receives()
    card_a, card_b = await first.receives(), await second.receives()
    await first.toast(await first.press(card_a.button_texts[0], message=card_a))
    query = await second.press(card_b.button_texts[0], message=card_b)
    toast = await second.toast(query)
    assert "already taken" in toast.text
    assert "Ada" not in (await second.edited(card_b)).text


async def test_long_text_is_split_not_lost(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    text = ("word " * 1000).strip()
    await student.send(text)
    first, second = await supporter.receives(), await supporter.receives()
    assert (first.text + " " + second.text).split() == text.split()


async def test_logs_hold_no_text_and_no_ids(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    student, supporter = await talking(tg, coordinator)
    await student.send("my secret sentence about exams")
    await supporter.receives()
    await supporter.send("a private answer")
    await student.receives()
    for record in caplog.records:
        line = record.getMessage()
        for secret in (
            "secret sentence",
            "private answer",
            *identities(student),
            *identities(supporter),
        ):
            assert secret not in line, (secret, record.name)
