"""Ten praatmaten press Accept on one card at once: one wins, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import Conversation
from tests.e2e.conftest import RunningBot, sqlite_or_postgres
from tests.e2e.test_conversation import on_duty
from tests.fake_telegram import FakeTelegram, FakeUser

ROUNDS = 50


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The race on a SQLite file and on a real PostgreSQL server."""
    return await sqlite_or_postgres(request, tmp_path)


async def test_exactly_one_accept_wins(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporters = [
        await on_duty(tg, coordinator, f"Helper{chr(65 + n)}x", 5200000 + n) for n in range(10)
    ]
    for round_ in range(ROUNDS):
        student = tg.user(id=4300000 + round_)
        await student.send("hello")
        await student.receives()
        cards = [await supporter.receives(containing="waiting") for supporter in supporters]
        queries = await asyncio.gather(
            *(
                s.press(card.button_texts[0], message=card)
                for s, card in zip(supporters, cards, strict=True)
            )
        )
        toasts = [await s.toast(q) for s, q in zip(supporters, queries, strict=True)]
        winners = [
            s for s, toast in zip(supporters, toasts, strict=True) if toast.show_alert is False
        ]
        assert len(winners) == 1
        async with running.ctx.sessions() as session:
            active = await session.scalar(
                select(func.count()).where(Conversation.status == "active")
            )
        assert active == 1
        winner = winners[0]
        await winner.command("end")
        confirm = await winner.receives(containing="End the conversation")
        await winner.press(message=confirm, button_text=confirm.button_texts[0])
        await winner.receives(containing="You've ended")
        for supporter in supporters:
            supporter.mark_read()
        student.mark_read()
