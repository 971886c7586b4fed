"""Plain relays both ways on SQLite and PostgreSQL: order, instant replies, edits, redelivery."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import MessageLink, ProcessedUpdate
from tests.e2e.conftest import RunningBot, sqlite_or_postgres
from tests.e2e.test_robustness import talking
from tests.fake_telegram import FakeTelegram, FakeUser

BURST = 30


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The relay on a SQLite file (direct reads) and on a real PostgreSQL server (pool reads)."""
    return await sqlite_or_postgres(request, tmp_path)


async def _burst(user: FakeUser, label: str) -> None:
    for n in range(BURST):
        await user.send(f"{label} {n}")


async def test_bursts_both_ways_arrive_in_order_and_map_replies_at_once(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    await asyncio.gather(_burst(student, "student"), _burst(supporter, "supporter"))
    at_supporter = [await supporter.receives(timeout=30) for _ in range(BURST)]
    at_student = [await student.receives(timeout=30) for _ in range(BURST)]
    assert [m.text for m in at_supporter] == [f"student {n}" for n in range(BURST)]
    assert [m.text for m in at_student] == [f"supporter {n}" for n in range(BURST)]

    # A reply sent the moment a copy arrives still points at the right message.
    echo = await student.send("echo me")
    copy = await supporter.receives()
    answer = await supporter.reply(copy.message_id, "echoed")
    echoed = await student.receives()
    assert echoed.reply_to_message_id == echo.message_id
    await supporter.edit(answer, "echoed, edited")
    await student.edited(echoed, containing="echoed, edited")

    await tg.redeliver(echo.update_id or 0)
    await student.send("after the redelivery")
    assert (await supporter.receives()).text == "after the redelivery"
    await supporter.nothing_more()

    async with running.ctx.sessions() as session:
        links = await session.scalar(select(func.count()).select_from(MessageLink))
        handled = await session.scalar(
            select(func.count()).where(ProcessedUpdate.update_id == echo.update_id)
        )
    assert links == 2 * BURST + 3
    assert handled == 1
