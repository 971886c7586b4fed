"""Coordinators run the service from Telegram; nobody else can, or even sees the commands."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import stats
from storage.models import Conversation, CrisisEvent, CrisisPhrase, Feedback, Person
from tests.e2e.conftest import RunningBot, make_supporter
from tests.fake_telegram import FakeTelegram, FakeUser

BRUSSELS = ZoneInfo("Europe/Brussels")
ACUTE = "I want to kill myself tonight"
ADMIN_COMMANDS = [
    "invite",
    "invite 2",
    "supporters",
    "supporter Anna pause",
    "supporter Anna promote",
    "queue",
    "hours",
    "hours set mon-fri 09:00-17:00",
    "closed",
    "closed add 2026-11-23 2026-11-23 Closed",
    "closed remove 1",
    "contacts",
    "contacts add * Someone | 123",
    "keywords",
    "keywords add en acute pineapple",
    "resources list",
    "resources add en Title | Body",
    "supervision due",
    "supervision record 2026-11-23 Anna",
    "stats",
    "stats month",
    "export",
    "broadcast hello",
    "ban K7",
    "unban K7",
    "audit",
]


async def said(user: FakeUser, text: str) -> str:
    """Send "/text" and return the bot's next answer."""
    name, _, payload = text.partition(" ")
    await user.command(name, payload or None)
    return (await user.receives()).text or ""


async def pseudonym_of_new_request(student: FakeUser, coordinator: FakeUser) -> str:
    """The student asks while nobody is on duty; coordinators are told the pseudonym."""
    await student.command("talk")
    await student.receives(containing="in line")
    alert = await coordinator.receives(containing="no praatmaat is on duty")
    found = re.search(r"Student (\w\d)", alert.text or "")
    assert found is not None
    return found[1]


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
    for bad in ["supporter", "supporter Anna", "supporter Anna capacity 9", "supporter Anna sleep"]:
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


async def test_supervision_keeps_a_supporter_able_to_go_on_duty(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    anna = await make_supporter(tg, coordinator, "Anna", 7100001)
    assert "Everyone's supervision is up to date" in await said(coordinator, "supervision due")
    running.clock.set("2026-12-22 10:00", tz="Europe/Brussels")
    assert "29 days ago" in await said(anna, "duty")
    due = await said(coordinator, "supervision due")
    assert "• Anna: last 2026-11-23, overdue, can't go on duty" in due

    recorded = await said(coordinator, "supervision record 2026-12-22 Anna")
    assert recorded == "Supervision on 2026-12-22 recorded for Anna."
    assert await said(coordinator, "supervision record 2026-12-22 anna") == recorded
    assert "You're on duty" in await said(anna, "duty")
    assert "Everyone's supervision is up to date" in await said(coordinator, "supervision due")

    usage = "Usage: /supervision record DATE ALIAS… or /supervision due"
    for bad in [
        "supervision",
        "supervision record",
        "supervision record yesterday Anna",
        "supervision record 2026-12-22",
    ]:
        assert (await said(coordinator, bad)).startswith(usage), bad
    assert (await said(coordinator, "supervision record 2026-12-23 Anna")).startswith(
        "That date is still to come"
    )
    assert await said(coordinator, "supervision record 2026-12-22 Anna Zoe") == (
        "I don't know a praatmaat called Zoe. /supporters lists them."
    )


# Numbers


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, Brussels time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BRUSSELS)


async def seed_numbers(running: RunningBot) -> list[str]:
    """Five answered and one unanswered request this week, one older; crises and feedback."""
    scenario = [  # queued, minutes until accepted (None: left the queue), feedback
        (at(21, 14, 5), 2, (5, True)),
        (at(21, 14, 20), 4, (4, True)),
        (at(22, 14, 40), 6, (3, False)),
        (at(22, 10, 10), 8, None),
        (at(20, 10, 30), 30, None),
        (at(20, 20, 10), None, None),
        (at(10, 11, 0), 1, None),
    ]
    pseudonyms = []
    async with running.ctx.sessions() as session:
        for number, (queued, waited, feedback) in enumerate(scenario):
            accepted = queued + timedelta(minutes=waited) if waited is not None else None
            conversation = Conversation(
                pseudonym=f"{'ABCDEFG'[number]}{number + 2}",
                language="en",
                status="closed",
                created_at=queued,
                queued_at=queued,
                accepted_at=accepted,
                closed_at=queued + timedelta(minutes=45),
                close_reason="ended" if accepted else "cancelled",
                last_activity_at=queued + timedelta(minutes=45),
            )
            session.add(conversation)
            await session.flush()
            pseudonyms.append(conversation.pseudonym)
            if feedback is not None:
                session.add(
                    Feedback(
                        conversation_id=conversation.id,
                        heard=feedback[0],
                        come_back=feedback[1],
                        created_at=queued + timedelta(minutes=50),
                    )
                )
        for moment, severity in [
            (at(21, 14, 30), "acute"),
            (at(22, 2, 0), "acute"),
            (at(22, 15, 0), "concern"),
            (at(10, 11, 5), "acute"),
        ]:
            session.add(CrisisEvent(at=moment, severity=severity))
        await session.commit()
    return pseudonyms


async def test_stats_match_the_scenario_and_come_with_a_chart(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await seed_numbers(running)
    await coordinator.command("stats")
    text = (await coordinator.receives()).text or ""
    assert text.splitlines() == [
        "📊 The last 7 days (2026-11-16 to 2026-11-23)",
        "Requests: 6, conversations: 5, unanswered: 1",
        "Wait until accepted: median 6 min, p90 30 min",
        "Crisis messages: 2 acute, 1 concern",
        "Feedback (3 responses): felt heard 4.0/5, would come back 67%",
        "Busiest hours: 14:00 (3), 10:00 (2), 20:00 (1)",
    ]
    chart = await coordinator.receives()
    assert chart.photo is not None
    assert tg.file_bytes(chart.photo).startswith(b"\x89PNG\r\n\x1a\n")

    await coordinator.command("stats", "month")
    month = (await coordinator.receives()).text or ""
    assert "Requests: 7, conversations: 6, unanswered: 1" in month
    assert "Crisis messages: 3 acute, 1 concern" in month
    await coordinator.receives()
    assert await said(coordinator, "stats year") == "Usage: /stats, /stats week or /stats month"


async def test_export_is_a_csv_of_daily_numbers_without_ids_or_text(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    pseudonyms = await seed_numbers(running)
    await coordinator.command("export")
    document = await coordinator.receives()
    assert document.document is not None
    assert "no ids, pseudonyms or messages" in (document.caption or "")
    content = tg.file_bytes(document.document).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0]) == list(stats.CSV_COLUMNS)
    assert [row["day"] for row in rows][0::13] == ["2026-11-10", "2026-11-23"]
    assert sum(int(row["requests"]) for row in rows) == 7
    assert sum(int(row["crisis_acute"]) for row in rows) == 3
    saturday = next(row for row in rows if row["day"] == "2026-11-21")
    assert (saturday["requests"], saturday["median_wait_minutes"]) == ("2", "3.0")
    for row in rows:
        for column, value in row.items():
            if column != "day":
                assert re.fullmatch(r"[0-9.]*", value), (column, value)
    assert not any(pseudonym in content for pseudonym in pseudonyms)
    assert "just send /export" in await said(coordinator, "export everything")


# Broadcast, ban, audit


async def test_broadcast_reaches_every_active_supporter(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    anna = await make_supporter(tg, coordinator, "Anna", 7100001)
    bram = await make_supporter(tg, coordinator, "Bram", 7100002)
    await said(coordinator, "supporter Bram pause")
    await bram.receives(containing="paused you")
    sent = await said(coordinator, "broadcast Team meeting on Thursday at 18:00")
    assert sent == "Sent to 1 praatmaat."
    message = await anna.receives()
    assert message.text == "📣 From the coordinators:\nTeam meeting on Thursday at 18:00"
    await bram.nothing_more()
    assert await said(coordinator, "broadcast") == (
        "Usage: /broadcast TEXT, e.g. /broadcast Team meeting on Thursday at 18:00"
    )


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
