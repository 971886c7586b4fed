"""`praatmaat run` as a separate process, configured only from the environment."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

from tests.fake_telegram import FakeTelegram

ROOT = Path(__file__).parents[2]


def environment(**settings: str) -> dict[str, str]:
    """A clean environment with only these settings (and the project on the path)."""
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env.update(settings, PYTHONPATH=str(ROOT))
    return env


async def run_until_exit(env: dict[str, str], cwd: Path) -> tuple[int, list[str], float]:
    """Start `praatmaat run`, wait for it to stop; its exit code, stderr lines and seconds."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode is not None
    return process.returncode, stderr.decode().splitlines(), time.monotonic() - started


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_run_with_only_token_and_api_url_starts_on_sqlite(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = environment(BOT_TOKEN="123456:RUN-test", TELEGRAM_API_URL=tg.base_url)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            student = tg.user(id=4900001, language_code="nl")
            await student.command("start")
            welcome = await student.receives(timeout=30)
            assert "praatmaat" in welcome.text.lower()
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert (tmp_path / "praatmaat.db").exists()
        key = tmp_path / "praatmaat.db.key"
        assert key.exists() and key.stat().st_mode & 0o777 == 0o600
        assert b"ENCRYPTION_KEYS is empty" in stderr
        assert b"Traceback" not in stderr


async def test_start_up_log_is_a_few_lines_without_library_noise(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = environment(BOT_TOKEN="123456:RUN-test", TELEGRAM_API_URL=tg.base_url)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await tg.wait_for(lambda: tg.count("getUpdates") > 0, timeout=30, message="polling")
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    lines = stderr.decode().splitlines()
    said = "\n".join(lines)
    assert "praatmaat 0.1.0 starting" in said
    assert "database sqlite+aiosqlite:///praatmaat.db (migrated to the latest schema)" in said
    assert "hours mon-fri 09:00-20:00, Europe/Brussels" in said
    assert "mode long polling" in said
    assert "polling as @praatmaat_test_bot" in said
    assert "alembic" not in said and "aiogram" not in said
    assert len(lines) <= 8, said


async def test_unreachable_telegram_is_one_line_and_a_failure_within_15_seconds(
    tmp_path: Path,
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    code, lines, seconds = await run_until_exit(
        environment(BOT_TOKEN="123456:your-token", TELEGRAM_API_URL=url), tmp_path
    )
    assert code != 0 and seconds < 15
    last = lines[-1]
    assert last.startswith(f"praatmaat: Telegram cannot be reached at TELEGRAM_API_URL {url}")
    assert "praatmaat demo" in last and "offline" in last
    assert not any("Traceback" in line for line in lines)


async def test_a_rejected_token_is_one_line_and_a_failure(tmp_path: Path) -> None:
    async with FakeTelegram(token="123456:the-real-token") as tg:
        code, lines, seconds = await run_until_exit(
            environment(BOT_TOKEN="123456:your-token", TELEGRAM_API_URL=tg.base_url), tmp_path
        )
    assert code != 0 and seconds < 15
    assert lines[-1].startswith("praatmaat: Telegram rejected BOT_TOKEN (401 Unauthorized)")
    assert not any("Traceback" in line for line in lines)


async def test_json_logs_are_one_object_per_line_with_ids_masked(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = environment(
            BOT_TOKEN="123456:RUN-test",
            TELEGRAM_API_URL=tg.base_url,
            LOG_FORMAT="json",
            LOG_LEVEL="DEBUG",
        )
        # A file, not a pipe: DEBUG logs outgrow a pipe's buffer, and the bot would block on it.
        with (tmp_path / "bot.log").open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=log
            )
        try:
            student = tg.user(id=4900003, language_code="en")
            await student.command("start")
            await student.receives(timeout=30)
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), timeout=30)
    stderr = (tmp_path / "bot.log").read_bytes()
    records = [json.loads(line) for line in stderr.decode().splitlines()]
    assert records and {"time", "level", "logger", "message"} <= set(records[0])
    assert any("<id>" in record["message"] for record in records)
    assert "4900003" not in stderr.decode() and "123456" not in stderr.decode()
