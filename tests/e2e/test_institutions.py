"""Several institutions, one deployment: each its own hours, contacts, praatmaten, coordinators."""

from __future__ import annotations

import asyncio
import re
import time

from tests.e2e.conftest import RunningBot, make_supporter
from tests.e2e.coordinating import said
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram.records import ChatMessage

ACUTE = "I'm going to kill myself tonight"
BRUSSELS = "Europe/Brussels"
# Monday 23 November 2026, 16:30 in Brussels is 10:30 in New York: both are open.
BOTH_OPEN = "2026-11-23 16:30"
# The clock fixture's moment, Monday 10:00 in Brussels, is 04:00 in New York: Bayside is closed.

AURORA = "Aurora University"  # Europe/Brussels, the OPENING_HOURS setting (mon-fri 09:00-20:00)
BAYSIDE = "Bayside College"  # America/New_York, mon-thu 10:00-16:00 there
AURORA_LINE = "Aurora night line"
BAYSIDE_LINE = "Bayside crisis desk"
FALLBACK = "112"  # in the seeded contacts every deployment falls back to (bot/seed/contacts.json)
CARD = "🙋 Student"
BAYSIDE_ALERTS = -1009000002
WELCOME = "welcome to Praatmaat"  # the welcome everyone gets on /start
WHERE = "Where do you study?"


async def two_institutions(coordinator: FakeUser) -> dict[str, int]:
    """Aurora and Bayside, each with its own contact ("main" removed); working on Aurora.

    Returns the number of each one's contact, by slug."""
    assert AURORA in await said(coordinator, f"institution add aurora {BRUSSELS} {AURORA}")
    assert BAYSIDE in await said(coordinator, f"institution add bayside America/New_York {BAYSIDE}")
    await remove_institution(coordinator, "main")
    contacts = {}
    for slug, name, contact in [
        ("bayside", BAYSIDE, f"{BAYSIDE_LINE} | 555 0100"),
        ("aurora", AURORA, f"{AURORA_LINE} | 0800 11 111"),
    ]:
        assert await said(coordinator, f"institution use {slug}") == (
            f"Your commands now apply to: {name}"
        )
        if slug == "bayside":
            assert "Monday–Thursday 10:00–16:00" in await said(
                coordinator, "hours set mon-thu 10:00-16:00"
            )
        added = re.search(r"#(\d+) ", await said(coordinator, f"contacts add * {contact}"))
        assert added is not None
        contacts[slug] = int(added[1])
    return contacts


async def remove_institution(coordinator: FakeUser, slug: str) -> None:
    """/institution remove SLUG, done."""
    assert f"{slug} is removed" in await said(coordinator, f"institution remove {slug}")


async def supporter_of(
    tg: FakeTelegram, coordinator: FakeUser, slug: str, alias: str, user_id: int
) -> FakeUser:
    """A praatmaat who joined by an invite the coordinator made while working on `slug`."""
    await said(coordinator, f"institution use {slug}")
    return await make_supporter(tg, coordinator, alias, user_id)


async def goes_on_duty(supporter: FakeUser) -> None:
    """/duty, answered with "You're on duty"."""
    await supporter.command("duty")
    await supporter.receives(containing="on duty")


async def student_of(tg: FakeTelegram, slug: str, user_id: int) -> FakeUser:
    """A student who arrived by the institution's deep link (t.me/<bot>?start=i-SLUG)."""
    student = tg.user(id=user_id, first_name="Student", language_code="en")
    await student.command("start", payload=f"i-{slug}")
    await student.receives(containing="Welcome, student of")
    await student.receives(containing=WELCOME)
    return student


def buttons_of(message: ChatMessage) -> list[str]:
    """The texts of a message's inline buttons."""
    rows = (message.raw.get("reply_markup") or {}).get("inline_keyboard") or []
    return [button["text"] for row in rows for button in row]


async def stats_of(coordinator: FakeUser) -> str:
    """/stats: the numbers (the chart that follows is read and left aside)."""
    numbers = await said(coordinator, "stats")
    await coordinator.receives()
    return numbers


def everything_said_to(user: FakeUser) -> str:
    """Every text and caption the bot sent this user, one after another."""
    return "\n".join(message.body for message in user.inbox)


# Each institution its own


async def test_deep_link_welcomes_the_student_with_the_institutions_name(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    student = tg.user(id=4600001, language_code="en")
    await student.command("start", payload="i-bayside")
    assert (await student.receives()).text == f"Welcome, student of {BAYSIDE}."
    await student.receives(containing=WELCOME)
    await student.nothing_more()  # no need to ask where they study


async def test_a_closed_institution_answers_with_its_own_opening_and_contacts(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    bayside = await student_of(tg, "bayside", 4600002)
    await bayside.send("Hi, is anyone there?")
    closed = (await bayside.receives()).text or ""
    assert "We're back today at 10:00" in closed  # 10:00 in New York, 16:00 in Brussels
    assert BAYSIDE_LINE in closed
    assert AURORA_LINE not in closed

    aurora = await student_of(tg, "aurora", 4600003)
    await aurora.send("Hi, is anyone there?")
    assert "in line" in (await aurora.receives()).text
    await aurora.press("I need help right now")
    contacts = (await aurora.receives()).text or ""
    assert AURORA_LINE in contacts
    assert BAYSIDE_LINE not in contacts


async def test_requests_are_offered_only_to_their_institutions_supporters(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    anna = await supporter_of(tg, coordinator, "aurora", "Anna", 7200001)
    bram = await supporter_of(tg, coordinator, "bayside", "Bram", 7200002)
    await goes_on_duty(anna)
    await goes_on_duty(bram)

    aurora = await student_of(tg, "aurora", 4600004)
    await aurora.command("talk")
    await aurora.receives(containing="in line")
    card = await anna.receives(containing=CARD)
    await bram.nothing_more()

    bayside = await student_of(tg, "bayside", 4600005)
    await bayside.command("talk")
    await bayside.receives(containing="in line")
    await bram.receives(containing=CARD)
    await anna.nothing_more()

    await anna.press("Accept", message=card)
    await anna.receives(containing="You're now talking")
    await aurora.receives(containing="Anna is here for you")
    await bram.nothing_more()


async def test_a_praatmaat_redeeming_another_institutions_invite_serves_both(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    anna = await supporter_of(tg, coordinator, "aurora", "Anna", 7200001)
    await said(coordinator, "institution use bayside")
    link = await said(coordinator, "invite")
    await anna.command("start", payload=link.split("?start=")[1].split()[0])
    assert (await anna.receives()).text == "You now also support students of this institution."
    await goes_on_duty(anna)

    for slug, user_id in [("bayside", 4600012), ("aurora", 4600013)]:
        student = await student_of(tg, slug, user_id)
        await student.command("talk")
        await student.receives(containing="in line")
        await anna.receives(containing=CARD)


async def test_crisis_alerts_go_to_the_institutions_own_alert_chat(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    bayside_alerts = tg.chat(id=BAYSIDE_ALERTS, type="supergroup", title="Bayside on call")
    await two_institutions(coordinator)
    assert "alerts" in await said(coordinator, f"institution set bayside alerts {BAYSIDE_ALERTS}")

    bayside = await student_of(tg, "bayside", 4600014)
    await bayside.send(ACUTE)
    await bayside.receives(containing=BAYSIDE_LINE)
    alert = await bayside_alerts.receives()
    assert "kill" not in alert.text
    await coordinator.nothing_more()

    aurora = await student_of(tg, "aurora", 4600015)
    await aurora.send(ACUTE)
    await aurora.receives(containing=AURORA_LINE)
    await coordinator.receives(containing="Student")  # Aurora has no alert chat of its own
    await bayside_alerts.nothing_more()


# Institution coordinators


async def test_an_institution_coordinator_sees_and_changes_only_their_own(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    contacts = await two_institutions(coordinator)
    anna = await supporter_of(tg, coordinator, "aurora", "Anna", 7200001)
    assert "Anna is now a coordinator" in await said(coordinator, "supporter Anna promote")
    await anna.receives(containing="coordinator")
    bram = await supporter_of(tg, coordinator, "bayside", "Bram", 7200002)
    bayside = await student_of(tg, "bayside", 4600006)
    await bayside.command("talk")
    await bayside.receives(containing="in line")
    await coordinator.receives(containing="no praatmaat is on duty")
    await anna.nothing_more()  # Bayside's alert is not Aurora's business

    queue = await said(anna, "queue")
    assert "Nobody is waiting." in queue
    assert "Student" not in queue
    assert "1. Student" in await said(coordinator, "queue")  # working on Bayside
    roster = await said(anna, "supporters")
    assert "Anna" in roster
    assert "Bram" not in roster
    assert "Requests: 0," in await stats_of(anna)
    assert "Requests: 1," in await stats_of(coordinator)

    assert await said(anna, "supporter Bram pause") == "That belongs to another institution."
    foreign = await said(anna, f"contacts remove {contacts['bayside']}")
    assert foreign == "That belongs to another institution."
    assert AURORA_LINE in await said(anna, f"contacts remove {contacts['aurora']}")  # asks first
    listed = await said(anna, "contacts")
    assert AURORA_LINE in listed
    assert BAYSIDE_LINE not in listed
    await bram.nothing_more()
    await goes_on_duty(bram)  # still free to go on duty: nobody paused Bram

    refusal = await said(anna, f"institution add cedar {BRUSSELS} Cedar Academy")
    assert refusal == "Only network coordinators can change the institutions."
    assert "cedar" not in await said(coordinator, "institution")


async def test_an_institution_coordinators_changes_apply_to_their_own_institution(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    anna = await supporter_of(tg, coordinator, "aurora", "Anna", 7200001)
    await said(coordinator, "supporter Anna promote")
    await anna.receives(containing="coordinator")
    assert await said(anna, "institution use bayside") == (
        "Only network coordinators can change the institutions."
    )
    await said(anna, "hours set mon-fri 09:00-12:00")
    listing = await said(coordinator, "institution")
    assert f"aurora · {AURORA} · {BRUSSELS} · Monday–Friday 09:00–12:00" in listing
    assert f"bayside · {BAYSIDE} · America/New_York · Monday–Thursday 10:00–16:00" in listing

    chris = await make_supporter(tg, anna, "Chris", 7200003)  # invited by Anna: Aurora's
    await goes_on_duty(chris)
    student = await student_of(tg, "aurora", 4600027)
    await student.command("talk")
    await chris.receives(containing=CARD)


async def test_the_network_coordinator_lists_the_institutions(
    running: RunningBot, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    await said(coordinator, "institution overflow aurora bayside 5")
    listing = (await said(coordinator, "institution")).splitlines()
    assert listing[0].startswith(f"aurora · {AURORA} · {BRUSSELS} · Monday–Friday 09:00–20:00")
    assert listing[0].endswith("overflow to bayside after 5 min")
    assert listing[1].startswith(f"bayside · {BAYSIDE} · America/New_York · Monday–Thursday")
    assert "overflow" not in listing[1]
    assert listing[-1] == f"Your commands apply to: {AURORA}"
    assert "stay with its own" in await said(coordinator, "institution overflow aurora off")
    assert "overflow" not in await said(coordinator, "institution")


async def test_removing_is_refused_while_requests_wait_and_for_the_last_institution(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    student = await student_of(tg, "bayside", 4600016)
    await student.command("talk")
    await student.receives(containing="in line")
    await coordinator.receives(containing="no praatmaat is on duty")
    assert await said(coordinator, "institution remove bayside") == (
        "bayside still has open requests or conversations (1); remove it once they have ended."
    )
    await student.command("cancel")
    await student.receives()
    await remove_institution(coordinator, "bayside")
    assert await said(coordinator, "institution remove aurora") == (
        "The last institution cannot be removed."
    )


async def test_students_of_a_removed_institution_are_asked_where_they_study(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    await said(coordinator, f"institution add cedar {BRUSSELS} Cedar Academy")
    student = await student_of(tg, "bayside", 4600017)
    await remove_institution(coordinator, "bayside")
    await student.send("hello")
    question = await student.receives(containing=WHERE)
    assert buttons_of(question) == [AURORA, "Cedar Academy"]


# Hours, holidays and closures


async def test_a_closure_of_one_institution_leaves_the_other_open(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    await said(coordinator, "institution use bayside")
    assert "Staff training" in await said(
        coordinator, "closed add 2026-11-23 2026-11-24 Staff training"
    )

    bayside = await student_of(tg, "bayside", 4600018)
    await bayside.send("hello?")
    closed = (await bayside.receives()).text or ""
    assert "We're closed for: Staff training." in closed
    assert "We're back Wednesday at 10:00" in closed
    aurora = await student_of(tg, "aurora", 4600019)
    await aurora.send("hello?")
    assert "in line" in (await aurora.receives()).text


async def test_an_institutions_public_holidays_are_its_own(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    # Thursday 26 November 2026 is Thanksgiving in the United States, a working day in Belgium.
    running.clock.set("2026-11-26 16:30", tz=BRUSSELS)
    await two_institutions(coordinator)
    assert await said(coordinator, "institution set bayside holidays US") == (
        "bayside: holidays is now US."
    )

    bayside = await student_of(tg, "bayside", 4600020)
    await bayside.send("hello?")
    closed = (await bayside.receives()).text or ""
    assert "We're closed for: Thanksgiving Day." in closed
    assert "We're back Monday at 10:00" in closed  # Bayside is open Monday to Thursday
    assert BAYSIDE_LINE in closed
    aurora = await student_of(tg, "aurora", 4600021)
    await aurora.send("hello?")
    assert "in line" in (await aurora.receives()).text


# Overflow


async def test_a_request_waiting_too_long_overflows_to_the_other_institution(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    assert await said(coordinator, "institution overflow aurora bayside 5") == (
        "aurora's requests go to bayside's supporters too after 5 minutes of waiting."
    )
    await supporter_of(tg, coordinator, "aurora", "Anna", 7200001)  # off duty
    bram = await supporter_of(tg, coordinator, "bayside", "Bram", 7200002)
    await goes_on_duty(bram)

    student = await student_of(tg, "aurora", 4600007)
    await student.command("talk")
    await student.receives(containing="in line")
    await bram.nothing_more()

    running.clock.advance(minutes=4)
    await running.tick()
    await bram.nothing_more()

    running.clock.advance(minutes=1)
    await running.tick()
    card = await bram.receives(containing=CARD)
    await bram.press("Accept", message=card)
    await bram.receives(containing="You're now talking")
    await student.receives(containing="Bram is here for you")
    assert BAYSIDE not in everything_said_to(student)
    assert "bayside" not in everything_said_to(student).casefold()


async def test_an_overflowed_request_reaches_a_praatmaat_who_goes_on_duty_later(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    await said(coordinator, "institution overflow aurora bayside 5")
    bram = await supporter_of(tg, coordinator, "bayside", "Bram", 7200002)
    student = await student_of(tg, "aurora", 4600023)
    await student.command("talk")
    await student.receives(containing="in line")
    running.clock.advance(minutes=6)
    await running.tick()
    await bram.nothing_more()  # off duty

    await bram.command("duty")
    on_duty = await bram.receives(containing="on duty")
    await bram.press("Accept", message=await bram.receives(containing=CARD))
    await student.receives(containing="Bram is here for you")
    assert "1 request is waiting" in on_duty.text


async def test_minutes_while_the_institution_is_closed_do_not_count_towards_overflow(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    # Monday 20:30 in Brussels: Aurora closed at 20:00; in New York it is 14:30, Bayside is open.
    running.clock.set("2026-11-23 20:30", tz=BRUSSELS)
    await two_institutions(coordinator)
    await said(coordinator, "institution overflow aurora bayside 5")
    bram = await supporter_of(tg, coordinator, "bayside", "Bram", 7200002)
    await goes_on_duty(bram)
    student = await student_of(tg, "aurora", 4600026)
    await student.send("Can someone talk tomorrow?")
    await student.receives(containing="We're back tomorrow at 09:00")
    await student.press("Leave a message")
    await student.send("It's about my exams")

    for _ in range(3):
        running.clock.advance(minutes=10)
        await running.tick()
    await asyncio.sleep(0.3)
    assert not [message for message in bram.unread() if CARD in message.body]
    coordinator.mark_read()
    await said(coordinator, "institution use aurora")
    assert "1. Student" in await said(coordinator, "queue")  # still waiting for Aurora


async def test_overflow_goes_one_way(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    running.clock.set(BOTH_OPEN, tz=BRUSSELS)
    await two_institutions(coordinator)
    await said(coordinator, "institution overflow aurora bayside 5")
    anna = await supporter_of(tg, coordinator, "aurora", "Anna", 7200001)
    await goes_on_duty(anna)
    student = await student_of(tg, "bayside", 4600024)
    await student.command("talk")
    await student.receives(containing="in line")
    running.clock.advance(minutes=15)
    await running.tick()
    await anna.nothing_more()


# Crisis before the choice


async def test_crisis_contacts_come_before_the_question_where_they_study(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    anna = await supporter_of(tg, coordinator, "aurora", "Anna", 7200001)
    await goes_on_duty(anna)
    student = tg.user(id=4600008, language_code="en")

    started = time.monotonic()
    await student.send(ACUTE)
    await student.receives(containing=FALLBACK, timeout=1.0)
    assert time.monotonic() - started < 1.0
    question = await student.receives(containing=WHERE)
    assert buttons_of(question) == [AURORA, BAYSIDE]

    await student.press(AURORA, message=question)
    await student.receives(containing="in line")
    card = await anna.receives(containing=CARD)
    assert "CRISIS" in card.text
    await anna.press("Accept", message=card)
    await anna.receives(containing="You're now talking")
    assert (await anna.receives()).text == ACUTE  # the message written first is kept


async def test_talk_before_choosing_asks_where_and_then_queues(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    student = tg.user(id=4600025, language_code="en")
    await student.command("talk")
    question = await student.receives(containing=WHERE)
    await student.press(AURORA, message=question)
    await student.receives(containing=f"you're with {AURORA}")
    await student.receives(containing="in line")


async def test_a_student_changes_institution_with_the_institution_command(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    student = await student_of(tg, "aurora", 4600009)
    await student.command("institution")
    assert (await student.receives()).text == f"You're with {AURORA} now."
    question = await student.receives(containing=WHERE)
    assert buttons_of(question) == [AURORA, BAYSIDE]
    await student.press(BAYSIDE, message=question)
    await student.receives(containing=f"you're with {BAYSIDE}")
    await student.send("Hello?")
    closed = await student.receives(containing="We're back")
    assert "today at 10:00" in closed.text
    assert BAYSIDE_LINE in closed.text


async def test_a_student_cannot_change_institution_while_waiting(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    student = await student_of(tg, "aurora", 4600022)
    await student.command("talk")
    await student.receives(containing="in line")
    assert await said(student, "institution") == (
        "You can change where you study once your conversation or request has ended."
    )


# Bad input


async def test_an_unknown_institution_in_the_deep_link_is_answered_clearly(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    student = tg.user(id=4600010, language_code="en")
    await student.command("start", payload="i-nowhere")
    assert "doesn't name an institution" in (await student.receives()).text
    await student.receives(containing=WELCOME)
    question = await student.receives(containing=WHERE)
    assert buttons_of(question) == [AURORA, BAYSIDE]


async def test_an_invite_while_working_on_all_asks_which_institution(
    running: RunningBot, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    assert "all institutions" in await said(coordinator, "institution use all")
    answer = await said(coordinator, "invite")
    assert "?start=" not in answer
    assert "/institution use" in answer


async def test_using_an_unknown_institution_names_it(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    answer = await said(coordinator, "institution use nowhere")
    assert "nowhere" in answer
    assert "/institution" in answer


async def test_a_button_of_a_removed_institution_is_answered_clearly(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await two_institutions(coordinator)
    await said(coordinator, f"institution add cedar {BRUSSELS} Cedar Academy")
    student = tg.user(id=4600011, language_code="en")
    await student.send("hello")
    question = await student.receives(containing=WHERE)
    await remove_institution(coordinator, "bayside")
    await student.press(BAYSIDE, message=question)
    assert "no longer available" in ((await student.toast()).text or "")
    again = await student.receives(containing=WHERE)
    assert buttons_of(again) == [AURORA, "Cedar Academy"]
    await student.press(AURORA, message=again)
    await student.receives(containing=f"you're with {AURORA}")
    await student.receives(containing="in line")  # "hello" still opens the request


async def test_adding_an_institution_with_a_bad_time_zone_shows_an_example(
    running: RunningBot, coordinator: FakeUser
) -> None:
    answer = await said(coordinator, "institution add oslomet Europe/Olso OsloMet")
    assert "Europe/Olso" in answer
    assert "e.g. Europe/Oslo" in answer
    assert "oslomet" not in await said(coordinator, "institution")
