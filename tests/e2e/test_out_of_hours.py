"""Out of hours: an honest answer with the next opening, a message left, picked up when we open."""

from __future__ import annotations

from datetime import date

import pytest

from storage.models import ClosurePeriod
from tests.e2e.conftest import RunningBot, make_supporter
from tests.fake_telegram import FakeTelegram, FakeUser

BRUSSELS = "Europe/Brussels"


async def test_message_left_on_saturday_night_is_picked_up_on_monday(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await make_supporter(tg, coordinator, "Robin", 5200001)
    student = tg.user(id=4300001, first_name="Anna", language_code="en")

    running.clock.set("2026-11-28 23:40", tz=BRUSSELS)
    await student.send("I can't sleep, everything is too much")
    answer = await student.receives()
    assert "We're back Monday at 09:00" in answer.text
    assert "1813" in answer.text
    await running.tick()
    await supporter.nothing_more()

    await student.press("Leave a message")
    await student.edited(answer, containing="Write your message here")
    await student.send("It's about my thesis")

    running.clock.set("2026-11-30 09:00", tz=BRUSSELS)
    await running.tick()
    announcement = await supporter.receives()
    assert "Praatmaat is open" in announcement.text
    assert "1 request is waiting" in announcement.text
    await running.tick()
    await supporter.nothing_more()
    await coordinator.nothing_more()

    running.clock.set("2026-11-30 09:05", tz=BRUSSELS)
    await supporter.command("duty")
    await supporter.receives(containing="on duty")
    card = await supporter.receives(containing="Student")
    assert "Left while we were closed" in card.text
    assert "(5 minutes)" in card.text  # waited since the opening, not since Saturday night
    await supporter.press("Accept", message=card)
    await supporter.receives(containing="You're now talking")
    first, second = await supporter.receives(), await supporter.receives()
    assert (first.text, second.text) == (
        "I can't sleep, everything is too much",
        "It's about my thesis",
    )
    await student.receives(containing="Robin is here for you")


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Monday at 09:00"), ("nl", "maandag om 09:00"), ("nb", "mandag kl. 09:00")],
)
async def test_next_opening_is_told_in_the_students_language(
    running: RunningBot, tg: FakeTelegram, language: str, words: str
) -> None:
    student = tg.user(id=4300002, language_code=language)
    running.clock.set("2026-11-28 23:40", tz=BRUSSELS)
    await student.send("hallo")
    assert words in (await student.receives()).text


async def test_christmas_is_skipped_on_christmas_eve(running: RunningBot, tg: FakeTelegram) -> None:
    # Thursday 24 December 2026 after closing: Friday is Christmas Day (BE), so Monday 28th.
    student = tg.user(id=4300003, language_code="en")
    running.clock.set("2026-12-24 21:00", tz=BRUSSELS)
    await student.send("hello?")
    answer = (await student.receives()).text
    assert "We're back Monday at 09:00" in answer
    assert "tomorrow" not in answer


async def test_on_the_holiday_itself_the_holiday_is_named(
    running: RunningBot, tg: FakeTelegram
) -> None:
    student = tg.user(id=4300004, language_code="en")
    running.clock.set("2026-12-25 11:00", tz=BRUSSELS)
    await student.send("hello?")
    answer = (await student.receives()).text
    assert "We're closed for: Christmas Day." in answer
    assert "We're back Monday at 09:00" in answer


async def test_a_closure_period_gives_the_date_we_are_back(
    running: RunningBot, tg: FakeTelegram
) -> None:
    async with running.ctx.sessions() as session:
        session.add(
            ClosurePeriod(
                start=date(2026, 12, 21),
                end=date(2027, 1, 3),
                label="Winter break",
                created_at=running.clock.now(),
            )
        )
        await session.commit()
    student = tg.user(id=4300005, language_code="en")
    running.clock.set("2026-12-28 10:00", tz=BRUSSELS)
    await student.send("is anyone there?")
    answer = (await student.receives()).text
    assert "We're closed for: Winter break." in answer
    assert "We're back Monday 4 January at 09:00" in answer


async def test_duty_while_closed_is_refused_with_the_next_opening(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await make_supporter(tg, coordinator, "Sam", 5200002)
    running.clock.set("2026-11-28 23:40", tz=BRUSSELS)
    await supporter.command("duty")
    refusal = await supporter.receives()
    assert "can't go on duty" in refusal.text
    assert "Monday at 09:00" in refusal.text
