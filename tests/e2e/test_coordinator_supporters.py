"""Coordinators and praatmaten: who sees the commands; invites, roster, one supporter, queue."""

from __future__ import annotations

import re

from tests.e2e.conftest import RunningBot, make_supporter
from tests.e2e.coordinating import ACUTE, ADMIN_COMMANDS, pseudonym_of_new_request, said
from tests.fake_telegram import FakeTelegram, FakeUser

# Authorisation


async def test_admin_commands_from_students_and_supporters_are_unknown_commands(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    anna = await make_supporter(tg, coordinator, "Anna", 7100001)
    student = tg.user(id=4200001, language_code="en")
    unknown = await said(student, "xyzzy")
    assert unknown == await said(anna, "xyzzy")
    for text in [*ADMIN_COMMANDS, "resources"]:
        assert await said(student, text) == unknown, text
    for text in ADMIN_COMMANDS:
        if not text.startswith("resources"):  # /resources is a praatmaat command of its own
            assert await said(anna, text) == unknown, text
    assert "Monday–Friday 09:00–20:00" in await said(coordinator, "hours")
    assert "hours.set" not in await said(coordinator, "audit")
    assert not {"stats", "ban", "audit"} & (set(student.menu()) | set(anna.menu()))


# Invites and supporters


async def test_invite_makes_links_and_explains_a_bad_number(
    running: RunningBot, coordinator: FakeUser
) -> None:
    assert (await said(coordinator, "invite 2")).count("?start=") == 2
    assert (
        await said(coordinator, "invite 0") == "Usage: /invite [n] – n from 1 to 20, e.g. /invite 3"
    )
    assert "e.g. /invite 3" in await said(coordinator, "invite many")


async def test_supporters_shows_status_duty_supervision_and_this_weeks_conversations(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    anna = await make_supporter(tg, coordinator, "Anna", 7100001)
    await make_supporter(tg, coordinator, "Bram", 7100002)
    await anna.command("duty")
    await anna.receives(containing="on duty")
    listing = await said(coordinator, "supporters")
    assert "Praatmaten (2):" in listing
    assert (
        "• Anna: active, on duty, last supervision 2026-11-23, 0 conversations this week" in listing
    )
    assert "• Bram: active, off duty, last supervision 2026-11-23" in listing
    assert await said(coordinator, "supporters all") == (
        "/supporters doesn't take anything after it; just send /supporters"
    )


async def test_pause_resume_and_capacity_of_one_supporter(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    anna = await make_supporter(tg, coordinator, "Anna", 7100001)
    assert "Anna is paused" in await said(coordinator, "supporter anna pause")
    await anna.receives(containing="paused you")
    assert "paused you" in await said(anna, "duty")
    assert "Anna can go on duty again" in await said(coordinator, "supporter Anna resume")
    await anna.receives(containing="resumed")
    assert "You're on duty" in await said(anna, "duty")
    assert "up to 2 conversations" in await said(coordinator, "supporter Anna capacity 2")
    assert "paused" in await said(coordinator, "supporter Anna pause")
    assert "Anna: paused, off duty" in await said(coordinator, "supporters")

    usage = "Usage: /supporter ALIAS pause|resume|remove|promote|capacity N"
    for bad in [
        "supporter",
        "supporter Anna",
        "supporter Anna capacity 21",
        "supporter Anna sleep",
    ]:
        assert (await said(coordinator, bad)).startswith(usage), bad
    assert await said(coordinator, "supporter Zoe pause") == (
        "I don't know a praatmaat called Zoe. /supporters lists them."
    )


async def test_removing_a_supporter_asks_first_and_hands_their_conversation_back(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    anna = await make_supporter(tg, coordinator, "Anna", 7100001)
    await anna.command("duty")
    await anna.receives(containing="on duty")
    student = tg.user(id=4200001, language_code="en")
    await student.command("talk")
    await anna.receives(containing="is waiting")
    await anna.press("Accept")
    await student.receives(containing="Anna")

    await coordinator.command("supporter", "Anna remove")
    question = await coordinator.receives(containing="Remove Anna as a praatmaat?")
    await coordinator.press("Cancel")
    await coordinator.edited(question, containing="Cancelled; nothing changed.")
    assert "Anna: active, on duty" in await said(coordinator, "supporters")

    await coordinator.command("supporter", "Anna remove")
    question = await coordinator.receives(containing="Remove Anna")
    await coordinator.press("Yes, remove")
    await coordinator.edited(question, containing="Anna is no longer a praatmaat.")
    await student.receives(containing="first in line for another praatmaat")
    await anna.receives(containing="ended your role")
    assert "talk" in anna.menu() and "duty" not in anna.menu()
    assert await said(anna, "duty") == await said(anna, "xyzzy")
    assert "1. Student" in await said(coordinator, "queue")


async def test_promote_makes_a_supporter_a_coordinator_too(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    anna = await make_supporter(tg, coordinator, "Anna", 7100001)
    assert await said(coordinator, "supporter Anna promote") == "Anna is now a coordinator too."
    await anna.receives(containing="You're now a coordinator too")
    assert {"duty", "stats", "ban"} <= set(anna.menu())
    assert await said(anna, "queue") == "Nobody is waiting."
    assert await said(anna, "resources") == "You have no open conversation."
    assert "Referral catalogue" in await said(anna, "resources list")
    assert await said(coordinator, "supporter Anna promote") == "Anna is already a coordinator."


# Queue, hours, closures


async def test_queue_shows_pseudonym_wait_and_crisis_mark(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    assert await said(coordinator, "queue") == "Nobody is waiting."
    first = await pseudonym_of_new_request(tg.user(id=4200001), coordinator)
    running.clock.advance(minutes=5)
    in_crisis = tg.user(id=4200002)
    await in_crisis.send(ACUTE)
    await in_crisis.receives(containing="1813")
    second = re.search(
        r"Student (\w\d)", (await coordinator.receives(containing="no praatmaat")).text or ""
    )
    assert second is not None
    coordinator.mark_read()
    queue = await said(coordinator, "queue")
    assert queue.splitlines() == [
        "2 students waiting now:",
        f"1. Student {second[1]}, waiting 1 minute 🚨 acute crisis",
        f"2. Student {first}, waiting 5 minutes",
    ]
    assert "just send /queue" in await said(coordinator, "queue please")
