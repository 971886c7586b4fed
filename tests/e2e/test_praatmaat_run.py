"""`praatmaat run` as a separate process, configured only from the environment."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from tests.fake_telegram import FakeTelegram


async def test_run_with_only_token_and_api_url_starts_on_sqlite(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
        env.update(BOT_TOKEN="123456:RUN-test", TELEGRAM_API_URL=tg.base_url)
        env["PYTHONPATH"] = str(Path(__file__).parents[2])
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


async def test_json_logs_are_one_object_per_line_with_ids_masked(tmp_path: Path) -> None:
    async with FakeTelegram() as tg:
        env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
        env.update(
            BOT_TOKEN="123456:RUN-test",
            TELEGRAM_API_URL=tg.base_url,
            LOG_FORMAT="json",
            LOG_LEVEL="DEBUG",
            PYTHONPATH=str(Path(__file__).parents[2]),
        )
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
            student = tg.user(id=4900003, language_code="en")
            await student.command("start")
            await student.receives(timeout=30)
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    records = [json.loads(line) for line in stderr.decode().splitlines()]
    assert records and {"time", "level", "logger", "message"} <= set(records[0])
    assert any("<id>" in record["message"] for record in records)
    assert "4900003" not in stderr.decode() and "123456" not in stderr.decode()
