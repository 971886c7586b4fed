"""Send slots: one key's sends a gap apart, other keys not held up, 429s remembered."""

from __future__ import annotations

import pytest

from storage.db import make_engine, migrate
from storage.pacing import LocalSlots, SharedSlots, Slots


@pytest.fixture(params=["local", "postgres"])
async def slots(request: pytest.FixtureRequest) -> Slots:
    """Slots in this process, or in a migrated database on the real PostgreSQL server."""
    if request.param == "local":
        return LocalSlots()
    url = await request.getfixturevalue("postgres_server").create_database()
    await migrate(url)
    return SharedSlots(make_engine(url))


async def test_a_slots_sends_are_a_gap_apart_and_other_slots_do_not_wait(slots: Slots) -> None:
    delays = [await slots.reserve(1, 1.0) for _ in range(3)]
    assert delays[0] == pytest.approx(0, abs=0.05)
    assert delays[1] == pytest.approx(1.0, abs=0.05)
    assert delays[2] == pytest.approx(2.0, abs=0.05)
    assert await slots.reserve(2, 1.0) == pytest.approx(0, abs=0.05)


async def test_a_429_holds_the_chat_back_and_paces_the_bot(slots: Slots) -> None:
    assert await slots.paced() == 0
    await slots.limited(7, 3, 60)
    assert await slots.paced() == pytest.approx(60, abs=1)
    assert await slots.reserve(7, 1.0) == pytest.approx(3, abs=0.1)
