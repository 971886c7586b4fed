"""Transfer, escalate, resources, and a student's /privacy and /forget."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import HeldMessage, MessageLink, Person
from tests.e2e.conftest import ALERT_CHAT_ID, RunningBot
from tests.e2e.test_conversation import on_duty
from tests.e2e.test_robustness import talking
from tests.fake_telegram import FakeTelegram, FakeUser


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Escalations go to the crisis alert chat."""
    return {"CRISIS_ALERT_CHAT_ID": str(ALERT_CHAT_ID)}


async def test_transfer_hands_over_with_a_note(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, first = await talking(tg, coordinator)
    second = await on_duty(tg, coordinator, "Lotte", 5500002)
    await first.command("transfer", payload="exam stress, prefers short answers")
    assert "front of the line" in (await first.receives()).text
    assert "handed you over" in (await student.receives()).text
    card = await second.receives(containing="waiting")
    assert "Handed over" in card.text
    await first.nothing_more()
    await second.press(card.button_texts[0], message=card)
    intro = await second.receives()
    assert "exam stress, prefers short answers" in intro.text
    assert "Lotte" in (await student.receives()).text
    await student.send("still here")
    assert (await second.receives()).text == "still here"


async def test_escalate_alerts_the_person_on_call(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    await supporter.command("escalate", payload="talks about being unsafe at home")
    assert "alerted" in (await supporter.receives()).text
    alert = await tg.chats[ALERT_CHAT_ID].receives()
    assert "Noor" in alert.text and "unsafe at home" in alert.text
    assert str(student.id) not in alert.text and student.first_name not in alert.text


async def test_resources_are_sent_to_the_student(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    await supporter.command("resources")
    picker = await supporter.receives()
    assert picker.button_texts
    query = await supporter.press(picker.button_texts[0], message=picker)
    assert (await supporter.toast(query)).text == "Sent."
    shared = await student.receives()
    assert picker.button_texts[0] in shared.text


async def test_privacy_explains_what_is_kept(running: RunningBot, tg: FakeTelegram) -> None:
    student = tg.user(id=4600001)
    await student.command("privacy")
    text = (await student.receives()).text
    assert "30 days" in text and "/forget" in text


async def test_forget_ends_the_conversation_and_erases_the_student(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    await student.send("a message that must go")
    await supporter.receives()
    await student.command("forget")
    confirm = await student.receives()
    await student.press(confirm.button_texts[0], message=confirm)
    assert "erase" in (await supporter.receives()).text
    assert "erased" in (await student.edited(confirm)).text
    await student.nothing_more()
    async with running.ctx.sessions() as session:
        people = await session.scalar(select(func.count(Person.id)))
        links = await session.scalar(select(func.count(MessageLink.id)))
        held = await session.scalar(select(func.count(HeldMessage.id)))
    assert people == 2  # the coordinator and the praatmaat; the student is gone
    assert links == 0 and held == 0


async def test_forget_can_be_cancelled(running: RunningBot, tg: FakeTelegram) -> None:
    student = tg.user(id=4600002)
    await student.command("forget")
    confirm = await student.receives()
    await student.press(confirm.button_texts[1], message=confirm)
    assert "nothing was erased" in (await student.edited(confirm)).text
