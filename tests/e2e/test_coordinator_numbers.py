"""Coordinators' supervision records, numbers, export and broadcast."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

from bot import stats
from storage.models import Conversation, CrisisEvent, Feedback
from tests.e2e.conftest import RunningBot, make_supporter
from tests.e2e.coordinating import BRUSSELS, said
from tests.fake_telegram import FakeTelegram, FakeUser


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
