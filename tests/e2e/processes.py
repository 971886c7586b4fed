"""`praatmaat run` as a real process against the fake Bot API, and conversations to drive it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from tests.e2e.conftest import COORDINATOR_ID, make_supporter
from tests.fake_telegram import FakeTelegram, FakeUser

ROOT = Path(__file__).resolve().parents[2]


def bot_environment(tg: FakeTelegram, directory: Path, key: str) -> dict[str, str]:
    """Settings for a bot on a SQLite file in `directory`, open around the clock."""
    env = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG"}}
    env.update(
        BOT_TOKEN="123456:PROCESS",
        TELEGRAM_API_URL=tg.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'praatmaat.db'}",
        ENCRYPTION_KEYS=key,
        COORDINATOR_IDS=str(COORDINATOR_ID),
        OPENING_HOURS="mon-sun 00:00-24:00",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


async def start_praatmaat(
    env: dict[str, str], directory: Path, cpu: int | None = None
) -> asyncio.subprocess.Process:
    """Migrate, as a deployment's release step does, then start `praatmaat run`."""
    migrate = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "migrate",
        cwd=directory,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
    )
    if await migrate.wait() != 0:
        raise RuntimeError("praatmaat migrate failed")
    with (directory / "bot.log").open("ab") as log:  # the child keeps its own handle
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=directory, env=env, stderr=log
        )
    if cpu is not None:
        os.sched_setaffinity(process.pid, {cpu})  # before it starts threads: they inherit it
    return process


def new_key() -> str:
    """A fresh Fernet key for a bot's database."""
    return Fernet.generate_key().decode()


async def pair_up(tg: FakeTelegram, users: int) -> list[tuple[FakeUser, FakeUser]]:
    """Onboard `users` supporters and connect each with a student."""
    coordinator = tg.users[COORDINATOR_ID]
    pairs = []
    for n in range(users):
        supporter = await make_supporter(
            tg, coordinator, f"Bench{chr(65 + n // 26)}{chr(97 + n % 26)}", 6000000 + n
        )
        await supporter.command("duty")
        await supporter.receives()
        student = tg.user(id=6100000 + n)
        await student.command("talk")
        await student.receives()
        card = await supporter.receives(containing="waiting")
        await supporter.press(card.button_texts[0], message=card)
        await student.receives()
        await supporter.receives()
        pairs.append((student, supporter))
        for other in pairs:
            other[1].mark_read()
    return pairs
