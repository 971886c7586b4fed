"""Coordinators' bans and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Person
from tests.e2e.conftest import RunningBot, make_supporter
from tests.e2e.coordinating import ACUTE, pseudonym_of_new_request, said
from tests.fake_telegram import FakeTelegram, FakeUser


async def test_a_banned_student_cannot_ask_but_still_gets_crisis_contacts(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await said(coordinator, "queue")
    student = tg.user(id=4200001)
    pseudonym = await pseudonym_of_new_request(student, coordinator)

    await coordinator.command("ban", f"Student {pseudonym} rude messages")
    question = await coordinator.receives(containing=f"Ban the student behind Student {pseudonym}?")
    await coordinator.press("Yes, ban")
    await coordinator.edited(question, containing="Banned")
    assert await said(coordinator, "queue") == "Nobody is waiting."
    async with running.ctx.sessions() as session:
        banned = await session.scalar(select(Person).where(Person.banned_at.is_not(None)))
        assert banned is not None and banned.ban_reason_enc is not None
        assert running.ctx.cipher.decrypt(banned.ban_reason_enc) == "rude messages"

    await student.command("talk")
    await student.receives(containing="can't open a new conversation")
    await student.send(ACUTE)
    await student.receives(containing="1813")
    await student.receives(containing="can't open a new conversation")
    coordinator.mark_read()
    assert "already banned" in await said(coordinator, f"ban {pseudonym}")

    unbanned = await said(coordinator, f"unban {pseudonym.lower()}")
    assert unbanned == f"The student behind Student {pseudonym} can open requests again."
    await student.command("talk")
    await student.receives(containing="number 1 in line")
    await coordinator.receives(containing="no praatmaat is on duty")
    assert "isn't banned" in await said(coordinator, f"unban {pseudonym}")

    assert (
        await said(coordinator, "ban")
        == "Usage: /ban PSEUDONYM [reason], e.g. /ban K7 abusive messages"
    )
    assert (await said(coordinator, "ban 77")).startswith("Usage: /ban")
    unused = "Z9" if pseudonym.upper() != "Z9" else "Y9"
    assert (await said(coordinator, f"ban {unused}")).startswith(
        f"I can't find a student with the pseudonym {unused}"
    )
    assert (
        await said(coordinator, f"unban {pseudonym} now")
        == "Usage: /unban PSEUDONYM, e.g. /unban K7"
    )


async def test_cancelling_a_ban_changes_nothing(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await said(coordinator, "queue")
    student = tg.user(id=4200001)
    pseudonym = await pseudonym_of_new_request(student, coordinator)
    await coordinator.command("ban", pseudonym)
    question = await coordinator.receives(containing="Ban the student")
    await coordinator.press("Cancel")
    await coordinator.edited(question, containing="Cancelled")
    assert f"Student {pseudonym}" in await said(coordinator, "queue")
    assert "ban" not in await said(coordinator, "audit")


async def test_audit_lists_the_admin_actions_in_order(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    assert await said(coordinator, "audit") == "No admin actions recorded yet."
    await make_supporter(tg, coordinator, "Anna", 7100001)
    await said(coordinator, "hours set mon-thu 09:00-20:00; fri 09:00-17:00")
    await said(coordinator, "closed add 2026-12-21 2027-01-03 Winter break")
    await said(coordinator, "supporter Anna capacity 2")
    await said(coordinator, "supervision record 2026-11-23 Anna")
    await said(coordinator, "broadcast Thanks, everyone")
    await said(coordinator, "supporter Anna pause")
    lines = (await said(coordinator, "audit")).splitlines()
    assert lines[0] == "Latest admin actions (7, oldest first):"
    actions = [line.split(" · ")[2] for line in lines[1:]]
    assert actions == [
        "invite",
        "hours.set",
        "closure.add",
        "supporter.capacity",
        "supervision.record",
        "broadcast",
        "supporter.pause",
    ]
    assert lines[1].startswith("2026-11-23 10:00 · coordinator #")
    assert lines[2].endswith("mon-thu 09:00-20:00; fri 09:00-17:00")
    assert lines[5].endswith("2026-11-23: Anna")
    assert "just send /audit" in await said(coordinator, "audit all")
