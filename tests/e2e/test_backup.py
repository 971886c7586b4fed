"""`praatmaat backup`: a copy taken while the bot runs, restored, holds everyone and the talk."""

from __future__ import annotations

import asyncio
import shutil
import signal
import sys
from pathlib import Path

from tests.e2e.conftest import COORDINATOR_ID
from tests.e2e.processes import ROOT, bot_environment, new_key, pair_up, start_praatmaat
from tests.fake_telegram import FakeTelegram


async def praatmaat(env: dict[str, str], *arguments: str) -> tuple[int, str]:
    """Run a `praatmaat` command; its exit code and output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *arguments,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, and wait for the exit."""
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), timeout=15)


async def test_a_restored_backup_holds_the_conversation(tmp_path: Path) -> None:
    running, restored = tmp_path / "running", tmp_path / "restored"
    running.mkdir()
    restored.mkdir()
    key = new_key()
    async with FakeTelegram() as tg:
        coordinator = tg.user(id=COORDINATOR_ID, first_name="Coordinator")
        env = bot_environment(tg, running, key)
        bot = await start_praatmaat(env, running)
        try:
            await tg.wait_for(lambda: tg.count("getUpdates") > 0, timeout=60, message="bot up")
            [(student, supporter)] = await pair_up(tg, 1)
            await student.send("before the backup")
            await supporter.receives(containing="before the backup")
            code, output = await praatmaat(env, "backup", str(tmp_path / "copy.db"))
        finally:
            await stop(bot)
        assert code == 0, output
        assert "ENCRYPTION_KEYS" in output
        shutil.copy(tmp_path / "copy.db", restored / "praatmaat.db")
        bot = await start_praatmaat(bot_environment(tg, restored, key), restored)
        try:
            await student.send("after the restore")
            assert (await supporter.receives(timeout=60)).text == "after the restore"
            await coordinator.command("supporters")
            assert "BenchAa" in (await coordinator.receives(containing="BenchAa")).text
        finally:
            await stop(bot)


async def test_postgresql_is_backed_up_with_pg_dump(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = bot_environment(tg, tmp_path, new_key())
    env["DATABASE_URL"] = "postgresql+asyncpg://praatmaat:s3cret@db.internal:5432/praatmaat"
    code, output = await praatmaat(env, "backup", "/backups/praatmaat.dump")
    assert code == 1
    assert "pg_dump --format=custom --file=/backups/praatmaat.dump" in output
    assert "--host=db.internal" in output and "praatmaat" in output
    assert "s3cret" not in output
