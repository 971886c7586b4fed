"""`praatmaat run` as a separate process, configured only from the environment."""

from __future__ import annotations

import asyncio
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
