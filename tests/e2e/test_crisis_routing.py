"""Crisis language gets professional contacts to the student at once and alerts the humans."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import ALERT_CHAT_ID, RunningBot
from tests.e2e.test_conversation import on_duty
from tests.e2e.test_robustness import identities, talking
from tests.fake_telegram import FakeTelegram, FakeUser

ACUTE = "I'm going to kill myself tonight"


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Alerts go to the crisis alert chat; a counselling service is configured."""
    return {
        "CRISIS_ALERT_CHAT_ID": str(ALERT_CHAT_ID),
        "COUNSELLING_CONTACT": "Student counselling: 03 265 00 00",
    }


async def test_acute_out_of_hours_gets_contacts_and_alert(
    running: RunningBot, tg: FakeTelegram
) -> None:
    running.clock.set("2026-11-28 23:40", tz="Europe/Brussels")
    student = tg.user(id=4500001, first_name="Jonas", username="jonas_x", language_code="en")
    started = time.monotonic()
    await student.send(ACUTE)
    contacts = await student.receives(timeout=1.0)
    assert time.monotonic() - started < 1.0
    assert "1813" in contacts.text and "112" in contacts.text
    assert "03 265 00 00" in contacts.text
    closed = await student.receives()
    assert "Monday at 09:00" in closed.text
    alert = await tg.chats[ALERT_CHAT_ID].receives()
    assert ACUTE not in alert.text and "kill" not in alert.text
    for secret in identities(student):
        assert secret not in alert.text


async def test_acute_mid_conversation(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    await student.send(ACUTE)
    contacts = await student.receives()
    assert "1813" in contacts.text
    relayed_or_banner = [await supporter.receives(), await supporter.receives()]
    texts = [message.text for message in relayed_or_banner]
    assert ACUTE in texts
    assert any("acute danger" in text for text in texts)
    alert = await tg.chats[ALERT_CHAT_ID].receives()
    assert "kill" not in alert.text


async def test_contacts_are_not_repeated_within_ten_minutes(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    await student.send("I just want to disappear")
    assert "there for you" in (await student.receives()).text
    await student.send("I want to disappear, really")
    await student.send(ACUTE)
    assert "1813" in (await student.receives()).text
    await student.send(ACUTE)
    running.clock.advance(minutes=5)
    await student.send(ACUTE)
    await supporter.receives(containing=ACUTE)
    await student.nothing_more(within=0.5)
    running.clock.advance(minutes=6)
    await student.send(ACUTE)
    assert "1813" in (await student.receives()).text


async def test_acute_request_is_offered_first(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    waiting = [tg.user(id=4500100 + n) for n in range(2)]
    for student in waiting:
        await student.send("can someone talk?")
        await student.receives()
    urgent = tg.user(id=4500200)
    await urgent.send(ACUTE)
    await urgent.receives()
    await urgent.receives()
    supporter = await on_duty(tg, coordinator, "Femke", 5400001)
    first_card = await supporter.receives(containing="waiting")
    assert "CRISIS" in first_card.text
