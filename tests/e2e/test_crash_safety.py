"""A bot process killed mid-burst loses nothing: Telegram re-sends what was not handled."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from tests.e2e.conftest import COORDINATOR_ID
from tests.e2e.processes import bot_environment, new_key, pair_up, start_praatmaat
from tests.fake_telegram import FakeTelegram, FakeUser

BURST = 300


async def bot_with_a_burst(
    tg: FakeTelegram, env: dict[str, str], directory: Path, count: int
) -> tuple[asyncio.subprocess.Process, FakeUser, list[str]]:
    """A bot process, one open conversation, and `count` numbered texts sent by its student."""
    tg.user(id=COORDINATOR_ID, first_name="Coordinator")
    process = await start_praatmaat(env, directory)
    await tg.wait_for(lambda: tg.count("getUpdates") > 0, timeout=60, message="bot up")
    [(student, supporter)] = await pair_up(tg, 1)
    texts = [f"burst {n:03}" for n in range(count)]
    for text in texts:
        await student.send(text)
    return process, supporter, texts


async def restarted_until_relayed(
    tg: FakeTelegram, env: dict[str, str], directory: Path, supporter: FakeUser, texts: list[str]
) -> asyncio.subprocess.Process:
    """A new bot process on the same database, once every text has reached the supporter."""
    process = await start_praatmaat(env, directory)
    try:
        await tg.wait_for(
            lambda: set(texts) <= set(relayed(tg, supporter)),
            timeout=60,
            message="every message relayed after the restart",
        )
    except BaseException:
        process.kill()
        await process.wait()
        raise
    return process


def relayed(tg: FakeTelegram, user: FakeUser) -> list[str]:
    """The numbered burst texts the bot copied into this user's chat, in order."""
    return [m.text for m in tg.inbox(user.id) if m.text and m.text.startswith("burst ")]


async def test_sigkill_mid_burst_loses_and_reorders_nothing(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = bot_environment(tg, tmp_path, new_key())
        process, supporter, texts = await bot_with_a_burst(tg, env, tmp_path, BURST)
        try:
            await tg.wait_for(
                lambda: len(relayed(tg, supporter)) >= 150, timeout=60, message="150 relayed"
            )
            process.kill()
            await process.wait()
            assert len(relayed(tg, supporter)) < BURST, "the kill came too late to test anything"
            process = await restarted_until_relayed(tg, env, tmp_path, supporter, texts)
        finally:
            process.send_signal(signal.SIGTERM)
            await process.wait()
        got = relayed(tg, supporter)
        assert list(dict.fromkeys(got)) == texts
        # A message copied in the instant before the kill, before its record was committed, is
        # the only one that may arrive twice.
        assert len(got) - len(texts) <= 1


async def test_sigterm_finishes_what_is_in_flight_and_exits_within_ten_seconds(
    tmp_path: Path,
) -> None:
    async with FakeTelegram() as tg:
        env = bot_environment(tg, tmp_path, new_key())
        process, supporter, texts = await bot_with_a_burst(tg, env, tmp_path, 100)
        try:
            await tg.wait_for(lambda: len(relayed(tg, supporter)) >= 10, timeout=60, message="10")
            asked = time.monotonic()
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), timeout=10) == 0
            assert time.monotonic() - asked < 10
            process = await restarted_until_relayed(tg, env, tmp_path, supporter, texts)
        finally:
            process.send_signal(signal.SIGTERM)
            await process.wait()
        assert relayed(tg, supporter) == texts
        assert b"Traceback" not in (tmp_path / "bot.log").read_bytes()


async def test_a_second_polling_process_on_the_same_database_stops_with_one_line(
    tmp_path: Path,
) -> None:
    async with FakeTelegram() as tg:
        tg.user(id=COORDINATOR_ID, first_name="Coordinator")
        env = bot_environment(tg, tmp_path, new_key())
        first = await start_praatmaat(env, tmp_path)
        try:
            await tg.wait_for(lambda: tg.count("getUpdates") > 0, timeout=60, message="bot up")
            second = await start_praatmaat(env, tmp_path)
            assert await asyncio.wait_for(second.wait(), timeout=60) == 1
            student = tg.user(id=4900002)
            await student.command("start")
            assert "praatmaat" in (await student.receives(timeout=30)).text.lower()
        finally:
            first.send_signal(signal.SIGTERM)
            await first.wait()
        log = (tmp_path / "bot.log").read_text()
        assert "already polling with this database" in log
        assert "Traceback" not in log
