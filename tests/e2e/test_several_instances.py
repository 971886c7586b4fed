"""Two webhook instances on one PostgreSQL: each chat keeps its order, even when one is killed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.e2e.burst import Burst
from tests.e2e.conftest import COORDINATOR_ID
from tests.e2e.instances import Instances
from tests.e2e.processes import pair_up
from tests.fake_telegram import FakeTelegram


async def test_a_burst_over_two_instances_keeps_each_chat_in_order_through_a_sigkill(
    tmp_path: Path, postgres_url: str
) -> None:
    async with FakeTelegram() as tg:
        tg.webhook_connections = 40  # same-chat updates reach both instances at once
        tg.user(id=COORDINATOR_ID, first_name="Coordinator")
        bots = Instances(tg, tmp_path, postgres_url, 2)
        try:
            await bots.start_all()
            burst = Burst(tg, await pair_up(tg, 4), 30)
            await burst.send()
            await tg.wait_for(lambda: burst.relayed() >= 30, timeout=60, message="30 relayed")
            killed_at = time.monotonic()
            await bots.kill(1)
            assert burst.relayed() < burst.total, "the kill came too late to test anything"
            await bots.start(1)
            await tg.wait_for(
                lambda: burst.relayed() == burst.total, timeout=60, message="every text relayed"
            )
            await asyncio.sleep(0.5)
        finally:
            asked = time.monotonic()
            codes = await bots.stop_all()
        assert codes == [0, 0]
        assert time.monotonic() - asked < 10
        figures = burst.score()
        assert (figures["lost"], figures["reordered"]) == (0, 0)
        # Telegram's sends are not idempotent: a text copied in the instant before the kill,
        # before its record was committed, is sent again. Only such a text may arrive twice:
        # one per chat at most (a chat has one update in hand), copied once before the kill.
        doubles = burst.doubles()
        assert len({text.split()[0] for text in doubles}) == len(doubles)
        for times in doubles.values():
            assert len(times) == 2 and times[0] <= killed_at < times[1]
        assert "Traceback" not in bots.logs()
