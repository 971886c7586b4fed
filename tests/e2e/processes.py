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
    env: dict[str, str], directory: Path, cpu: int | None = None, *, migrate_first: bool = True
) -> asyncio.subprocess.Process:
    """Start `praatmaat run`, after `praatmaat migrate` as a deployment's release step does."""
    if migrate_first:
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


async def pair_up(
    tg: FakeTelegram, conversations: int, supporters: int | None = None
) -> list[tuple[FakeUser, FakeUser]]:
    """Open `conversations` conversations, spread over `supporters` praatmaten (default: one each).

    Each praatmaat gets the capacity their share needs, goes on duty, accepts their students, and
    pauses, so the next requests are offered to the next praatmaat only.
    """
    coordinator = tg.users[COORDINATOR_ID]
    count = supporters or conversations
    share = -(-conversations // count)
    pairs: list[tuple[FakeUser, FakeUser]] = []
    for n in range(count):
        alias = f"Bench{chr(65 + n // 26)}{chr(97 + n % 26)}"
        supporter = await make_supporter(tg, coordinator, alias, 6000000 + n)
        if share > 1:
            await coordinator.command("supporter", f"{alias} capacity {share}")
            await coordinator.receives()
            await supporter.receives()
        await supporter.command("duty")
        await supporter.receives()
        for _ in range(min(share, conversations - len(pairs))):
            student = tg.user(id=6100000 + len(pairs))
            await student.command("talk")
            await student.receives()
            card = await supporter.receives(containing="waiting")
            await supporter.press(card.button_texts[0], message=card)
            await student.receives()
            await supporter.receives(containing="talking with")
            pairs.append((student, supporter))
        if share > 1:
            await supporter.command("pause")
            await supporter.receives()
        for _, other in pairs:
            other.mark_read()
        coordinator.mark_read()
    return pairs
