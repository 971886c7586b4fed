"""Menus and the network's numbers with several institutions: each role sees its own commands."""

from __future__ import annotations

from tests.e2e.conftest import RunningBot, make_supporter
from tests.e2e.coordinating import said
from tests.fake_telegram import FakeTelegram, FakeUser


async def test_only_network_coordinators_get_the_institution_command_in_their_menu(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await said(coordinator, "institution add bayside America/New_York Bayside College")
    await said(coordinator, "institution use main")
    anna = await make_supporter(tg, coordinator, "Anna", 7300001)
    assert "institution" not in anna.menu()
    await said(coordinator, "supporter Anna promote")
    await anna.receives(containing="coordinator")
    assert {"stats", "queue"} <= set(anna.menu())
    assert "institution" not in anna.menu()  # an institution coordinator
    await coordinator.command("start")
    await coordinator.receives()
    assert "institution" in coordinator.menu()
    student = tg.user(id=4700001, language_code="nl")
    await student.command("start", payload="i-bayside")
    await student.receives(containing="Bayside College")
    assert "institution" in student.menu()
    assert "stats" not in student.menu()


async def test_the_network_gets_a_line_and_a_chart_per_institution(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await said(coordinator, "institution add bayside America/New_York Bayside College")
    student = tg.user(id=4700002, language_code="en")
    await student.command("start", payload="i-main")
    await student.receives(containing="Welcome, student of Praatmaat")
    await student.receives()
    await student.send("I would like to talk to someone")
    await student.receives(containing="in line")
    await coordinator.receives(containing="no praatmaat is on duty")

    numbers = await said(coordinator, "stats")
    assert "Requests: 1," in numbers
    assert "Praatmaat: 1 requests" in numbers
    assert "Bayside College: 0 requests" in numbers
    charts = [await coordinator.receives() for _ in range(3)]
    images = [tg.file_bytes(chart.photo) for chart in charts if chart.photo is not None]
    assert len(images) == 3
    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert len(set(images)) == 3  # the network's, Praatmaat's (1 request) and Bayside's (titled)
    await coordinator.nothing_more()
