"""Scheduled jobs on the running bot, driven by the fake clock: each happens once, at its moment."""

from __future__ import annotations

import pytest
from sqlalchemy import ColumnElement, func, select

from scheduler import jobs
from storage import repositories as repo
from storage.models import (
    Conversation,
    CrisisEvent,
    Feedback,
    HeldMessage,
    Invite,
    MessageLink,
    ProcessedUpdate,
    Supporter,
)
from tests.e2e.conftest import ALERT_CHAT_ID, RunningBot, make_supporter
from tests.fake_telegram import FakeTelegram, FakeUser

BRUSSELS = "Europe/Brussels"


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Alerts go to the crisis alert chat."""
    return {"CRISIS_ALERT_CHAT_ID": str(ALERT_CHAT_ID)}


async def on_duty(tg: FakeTelegram, coordinator: FakeUser, alias: str, user_id: int) -> FakeUser:
    """A supporter who joined and went on duty."""
    supporter = await make_supporter(tg, coordinator, alias, user_id)
    await supporter.command("duty")
    await supporter.receives(containing="on duty")
    return supporter


async def settled(user: FakeUser) -> None:
    """Wait until the bot has handled what this user sent before (a chat's updates run in order)."""
    await user.command("help")
    await user.receives(containing="/")


async def talking(tg: FakeTelegram, supporter: FakeUser, student_id: int) -> FakeUser:
    """A student whose first message the on-duty supporter accepted."""
    student = tg.user(id=student_id, language_code="en")
    await student.send("Hi, can we talk?")
    await student.receives()
    card = await supporter.receives(containing="Student")
    await supporter.press("Accept", message=card)
    await supporter.receives(containing="You're now talking")
    await supporter.receives(containing="can we talk")
    await student.receives(containing="is here for you")
    await settled(supporter)
    return student


async def count(running: RunningBot, model: type, *where: ColumnElement[bool]) -> int:
    """How many rows of `model` match."""
    async with running.ctx.sessions() as session:
        query = select(func.count()).select_from(model).where(*where)
        return int(await session.scalar(query) or 0)


async def test_closing_warning_once_then_waiting_students_told_and_duty_ends(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set("2026-11-23 19:40", tz=BRUSSELS)
    supporter = await on_duty(tg, coordinator, "Robin", 5300001)
    student = await talking(tg, supporter, 4400001)
    waiting = tg.user(id=4400002, language_code="en")
    await waiting.send("Is anyone free?")
    await waiting.receives(containing="number 1")

    running.clock.set("2026-11-23 19:45", tz=BRUSSELS)
    await running.tick()
    assert "closes at 20:00" in (await student.receives()).text
    assert "closes at 20:00" in (await supporter.receives()).text
    await running.tick()
    for person in (student, supporter, waiting):
        await person.nothing_more()

    running.clock.set("2026-11-23 20:00", tz=BRUSSELS)
    await running.tick()
    notice = (await waiting.receives()).text
    assert "Your request stays in line" in notice
    assert "tomorrow at 09:00" in notice
    assert "1813" in notice
    await running.tick()
    for person in (student, supporter, waiting):
        await person.nothing_more()
    assert await count(running, Supporter, Supporter.on_duty.is_(True)) == 1

    await student.command("end")
    await student.receives(containing="end this conversation?")
    await student.press("Yes, end it")
    await supporter.receives(containing="has ended the conversation")
    await running.tick()
    await supporter.receives(containing="you're off duty")
    assert await count(running, Supporter, Supporter.on_duty.is_(True)) == 0


async def test_silent_conversation_is_asked_once_then_ended_kindly(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await on_duty(tg, coordinator, "Robin", 5300002)
    student = await talking(tg, supporter, 4400003)

    running.clock.advance(minutes=30)
    await running.tick()
    assert "Are you still there?" in (await student.receives()).text
    assert "quiet with Student" in (await supporter.receives()).text
    await running.tick()
    await student.nothing_more()
    await supporter.nothing_more()

    running.clock.advance(minutes=30)
    await running.tick()
    assert "haven't heard from each other" in (await student.receives()).text
    assert "Did you feel heard?" in (await student.receives()).text
    assert "quiet for an hour" in (await supporter.receives()).text
    await running.tick()
    await student.nothing_more()
    await supporter.nothing_more()


async def test_writing_after_still_there_keeps_the_conversation(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await on_duty(tg, coordinator, "Robin", 5300003)
    student = await talking(tg, supporter, 4400004)
    running.clock.advance(minutes=30)
    await running.tick()
    await student.receives(containing="Are you still there?")
    await supporter.receives(containing="quiet with Student")

    await student.send("yes, sorry, still here")
    await supporter.receives(containing="still here")
    await settled(student)
    running.clock.advance(minutes=30)
    await running.tick()
    await student.receives(containing="Are you still there?")
    await supporter.receives(containing="quiet with Student")
    await student.nothing_more()


async def test_request_nobody_accepts_in_10_minutes_alerts_the_person_on_call_once(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await on_duty(tg, coordinator, "Robin", 5300004)
    student = tg.user(id=4400005, language_code="en")
    await student.send("I really need someone to talk to about my exams")
    await student.receives()
    await supporter.receives(containing="Student")
    alerts = tg.chats[ALERT_CHAT_ID]

    running.clock.advance(minutes=9)
    await running.tick()
    await alerts.nothing_more()
    running.clock.advance(minutes=1)
    await running.tick()
    alert = (await alerts.receives()).text
    assert "waiting 10 min" in alert
    assert "exams" not in alert
    await running.tick()
    await alerts.nothing_more()
    await coordinator.nothing_more()


async def test_retention_purge_strips_old_conversations_and_keeps_the_aggregates(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await on_duty(tg, coordinator, "Robin", 5300005)
    student = await talking(tg, supporter, 4400006)
    await student.send("thanks for listening")
    await supporter.receives(containing="thanks for listening")
    await supporter.send("any time")
    await student.receives(containing="any time")
    quitter = tg.user(id=4400007, language_code="en")
    await quitter.send("hello, is this anonymous?")
    await quitter.receives()
    await quitter.send("my name is not important")
    await quitter.command("cancel")
    await quitter.receives(containing="left the line")
    await student.command("end")
    await student.receives(containing="end this conversation?")
    await student.press("Yes, end it")
    question = await student.receives(containing="Did you feel heard?")
    await student.press("5", message=question)
    await student.edited(question, containing="come back")
    async with running.ctx.sessions() as session:
        talked = await session.scalar(
            select(Conversation).where(Conversation.accepted_at.is_not(None))
        )
        assert talked is not None
        await repo.record_crisis(session, "concern", talked.id, running.clock.now())
        await session.commit()
    assert await count(running, MessageLink) > 0
    assert await count(running, HeldMessage) == 0  # a cancelled request keeps no held text

    running.clock.advance(days=running.settings.RETENTION_DAYS - 1)
    await running.tick()
    assert await count(running, MessageLink) > 0
    assert await count(running, Conversation, Conversation.purged_at.is_not(None)) == 0

    running.clock.advance(days=2)
    await running.tick()
    assert await count(running, MessageLink) == 0
    assert await count(running, HeldMessage) == 0
    assert await count(running, ProcessedUpdate) == 0
    assert await count(running, Conversation) == 2
    assert await count(running, Conversation, Conversation.purged_at.is_not(None)) == 2
    assert await count(running, Conversation, Conversation.first_preview_enc.is_not(None)) == 0
    assert await count(running, Conversation, Conversation.student_id.is_not(None)) == 0
    assert await count(running, Feedback, Feedback.heard == 5) == 1
    assert await count(running, CrisisEvent) == 1


async def test_invites_past_their_date_are_expired(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await coordinator.command("invite")
    old_link = (await coordinator.receives(containing="?start=")).text
    running.clock.advance(days=3)
    await coordinator.command("invite")
    await coordinator.receives(containing="?start=")

    running.clock.advance(days=4, minutes=1)
    await running.tick()
    assert await count(running, Invite, Invite.expired_at.is_not(None)) == 1
    assert await count(running, Invite, Invite.expired_at.is_(None)) == 1
    latecomer = tg.user(id=5300099, language_code="en")
    await latecomer.command("start", payload=old_link.split("?start=")[1].split()[0])
    assert "not valid" in (await latecomer.receives()).text


async def test_supervision_reminders_come_before_it_falls_due_every_three_days(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    # Joined Monday 23 November: supervision is due 28 days later, on Monday 21 December.
    supporter = await make_supporter(tg, coordinator, "Robin", 5300006)
    for day in ("2026-12-17 10:00", "2026-12-18 10:00", "2026-12-18 15:00", "2026-12-20 10:00"):
        running.clock.set(day, tz=BRUSSELS)
        await running.tick()
        if day == "2026-12-18 10:00":
            reminder = (await supporter.receives()).text
            assert "supervision by Monday 21 December" in reminder
        await supporter.nothing_more()

    running.clock.set("2026-12-21 10:00", tz=BRUSSELS)
    await running.tick()
    assert "by Monday 21 December" in (await supporter.receives()).text
    running.clock.set("2026-12-24 10:00", tz=BRUSSELS)
    await running.tick()
    assert "more than 28 days ago" in (await supporter.receives()).text
    await running.tick()
    await supporter.nothing_more()


async def test_a_failing_job_is_logged_without_its_message_and_the_others_still_run(
    running: RunningBot,
    tg: FakeTelegram,
    coordinator: FakeUser,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    private = "Student 4400008 wrote: something private"

    async def broken(*_: object) -> None:
        raise RuntimeError(private)

    supporter = await on_duty(tg, coordinator, "Robin", 5300007)
    student = await talking(tg, supporter, 4400008)
    monkeypatch.setattr(jobs, "JOBS", (broken, *jobs.JOBS))
    running.clock.advance(minutes=30)
    await running.tick()
    await student.receives(containing="Are you still there?")
    assert "job broken failed with RuntimeError" in caplog.text
    assert private not in caplog.text and "4400008" not in caplog.text
