"""Coordinators' lists: hours, closures, contacts, crisis phrases, referrals, paging."""

from __future__ import annotations

import re

from storage.models import CrisisPhrase
from tests.e2e.conftest import RunningBot
from tests.e2e.coordinating import ACUTE, said
from tests.fake_telegram import FakeTelegram, FakeUser


async def test_new_hours_close_friday_evening_for_students(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    assert "Opening hours: Monday–Friday 09:00–20:00" in await said(coordinator, "hours")
    answer = await said(coordinator, "hours set mon-thu 09:00-20:00; fri 09:00-17:00")
    assert answer == "Done. We're now open Monday–Thursday 09:00–20:00; Friday 09:00–17:00."
    running.clock.set("2026-11-27 18:00", tz="Europe/Brussels")
    student = tg.user(id=4200001)
    await student.command("talk")
    closed = await student.receives()
    assert "We're closed right now. We're back Monday at 09:00." in (closed.text or "")

    assert 'unknown day "fry"' in await said(coordinator, "hours set mon-fry 9-20")
    assert (await said(coordinator, "hours set")).startswith("Usage: /hours")
    assert (await said(coordinator, "hours sett mon-fri 9-17")).startswith("Usage: /hours")
    assert "Friday 09:00–17:00" in await said(coordinator, "hours")


async def test_a_closure_of_today_closes_the_service_with_its_label(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    assert "No closure periods" in await said(coordinator, "closed")
    added = await said(coordinator, "closed add 2026-11-23 2026-11-23 Staff training day")
    assert added == "Added: #1 2026-11-23 → 2026-11-23 Staff training day"
    student = tg.user(id=4200001)
    await student.command("talk")
    assert "We're closed for: Staff training day." in ((await student.receives()).text or "")
    assert "#1 2026-11-23 → 2026-11-23 Staff training day" in await said(coordinator, "closed list")

    await coordinator.command("closed", "remove 1")
    question = await coordinator.receives(containing="Remove #1")
    await coordinator.press("Yes, remove")
    await coordinator.edited(question, containing="Removed: #1")
    await student.command("talk")
    await student.receives(containing="number 1 in line")
    await coordinator.receives(containing="no praatmaat is on duty")

    example = "e.g. /closed add 2026-12-21 2027-01-03 Winter break"
    for bad in [
        "closed add 2026-12-21 2027-01-03",
        "closed add 21-12-2026 03-01-2027 Winter",
        "closed add 2026-02-30 2026-03-01 Winter",
        "closed remove one",
        "closed open",
    ]:
        assert example in await said(coordinator, bad), bad
    assert (await said(coordinator, "closed add 2027-01-03 2026-12-21 Winter")).startswith(
        "The end date comes before the start date."
    )
    assert (await said(coordinator, "closed remove 99")).startswith("There is no entry #99.")


# Catalogues


async def test_contacts_added_reach_students_in_crisis_and_can_be_removed(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    listing = await said(coordinator, "contacts")
    assert "Professional contacts for BE" in listing and "1813" in listing
    added = await said(coordinator, "contacts add * Campus psychologist | 016 32 00 00")
    found = re.fullmatch(r"Added: #(\d+) \[\*\] Campus psychologist: 016 32 00 00", added)
    assert found is not None
    student = tg.user(id=4200001)
    await student.send(ACUTE)
    await student.receives(containing="Campus psychologist: 016 32 00 00")
    await coordinator.receives(containing="no praatmaat is on duty")

    await coordinator.command("contacts", f"remove {found[1]}")
    question = await coordinator.receives(containing="Remove #")
    await coordinator.press("Yes, remove")
    await coordinator.edited(question, containing="Removed:")
    assert "Campus psychologist" not in await said(coordinator, "contacts")

    usage = "Usage: /contacts"
    for bad in [
        "contacts add fr Name | 1",
        "contacts add en Name without number",
        "contacts drop 1",
    ]:
        assert (await said(coordinator, bad)).startswith(usage), bad


async def test_an_added_crisis_phrase_is_screened_at_once(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    words = "tonight I start the blue pineapple protocol"
    first = tg.user(id=4200001)
    await first.send(words)
    await first.receives(containing="in line")
    await coordinator.receives(containing="no praatmaat is on duty")
    added = await said(coordinator, "keywords add en acute blue pineapple protocol")
    assert added == "Added: #1 [en] acute: blue pineapple protocol"
    second = tg.user(id=4200002)
    await second.send(words)
    await second.receives(containing="1813")


async def test_keywords_are_listed_added_and_removed(
    running: RunningBot, coordinator: FakeUser
) -> None:
    assert "No crisis phrases added yet" in await said(coordinator, "keywords")
    added = await said(coordinator, "keywords add nl acute ik wil er niet meer zijn")
    assert added == "Added: #1 [nl] acute: ik wil er niet meer zijn"
    assert "#1 [nl] acute: ik wil er niet meer zijn" in await said(coordinator, "keywords list")
    assert await said(coordinator, "keywords add nl acute Ik wil er niet meer zijn") == (
        "That phrase is already on the list for this language."
    )

    await coordinator.command("keywords", "remove 1")
    question = await coordinator.receives(containing="Remove #1")
    await coordinator.press("Yes, remove")
    await coordinator.edited(question, containing="Removed: #1")
    assert "No crisis phrases added yet" in await said(coordinator, "keywords")

    for bad in ["keywords add fr acute je", "keywords add nl severe iets", "keywords add nl acute"]:
        assert (await said(coordinator, bad)).startswith("Usage: /keywords"), bad


async def test_resources_are_listed_added_and_removed(
    running: RunningBot, coordinator: FakeUser
) -> None:
    assert "Student counselling service" in await said(coordinator, "resources")
    added = await said(coordinator, "resources add en Sleep tips | Keep a regular bedtime.")
    found = re.fullmatch(r"Added: #(\d+) \[en\] Sleep tips", added)
    assert found is not None
    assert f"#{found[1]} [en] Sleep tips" in await said(coordinator, "resources list")

    await coordinator.command("resources", f"remove {found[1]}")
    question = await coordinator.receives(containing="Remove #")
    await coordinator.press("Yes, remove")
    await coordinator.edited(question, containing="Removed:")
    assert "Sleep tips" not in await said(coordinator, "resources")

    for bad in ["resources add xx Title | Body", "resources add en Title only", "resources edit"]:
        assert (await said(coordinator, bad)).startswith("Usage: /resources"), bad


async def test_long_lists_are_paged_with_buttons(
    running: RunningBot, coordinator: FakeUser
) -> None:
    async with running.ctx.sessions() as session:
        for number in range(60):
            session.add(
                CrisisPhrase(
                    phrase=f"phrase number {number} " + "x" * 70,
                    severity="concern",
                    language="en",
                    created_at=running.clock.now(),
                )
            )
        await session.commit()
    await coordinator.command("keywords")
    first = await coordinator.receives()
    assert len(first.text or "") <= 4096
    assert (first.text or "").endswith("Page 1 of 2") and "phrase number 0 " in (first.text or "")
    await coordinator.press("▶")
    await coordinator.edited(first, containing="Page 2 of 2")
    assert "phrase number 59 " in (first.text or "")
    await coordinator.press("◀")
    await coordinator.edited(first, containing="Page 1 of 2")


# Supervision
