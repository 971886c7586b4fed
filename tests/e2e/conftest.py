"""The real bot, started through `bot.app.run` as `praatmaat run` does, on a fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from cryptography.fernet import Fernet

from bot import app
from bot.clock import FakeClock
from bot.context import Context
from bot.settings import Settings, load_settings
from scheduler.jobs import tick
from tests.fake_telegram import FakeTelegram, FakeUser

COORDINATOR_ID = 7000001
ALERT_CHAT_ID = -1009000001


@dataclass
class RunningBot:
    """A bot running in this event loop, with handles the tests need."""

    settings: Settings
    bot: Bot
    ctx: Context
    clock: FakeClock
    tg: FakeTelegram

    async def tick(self) -> None:
        """Run every scheduled job once at the fake clock's current time."""
        await tick(self.ctx)


@pytest.fixture
def clock() -> FakeClock:
    """Monday 23 November 2026, 10:00 in Brussels: the service is open."""
    fake = FakeClock()
    fake.set("2026-11-23 10:00", tz="Europe/Brussels")
    return fake


@pytest.fixture
async def tg(clock: FakeClock) -> AsyncIterator[FakeTelegram]:
    """The fake Telegram Bot API server."""
    async with FakeTelegram(now=lambda: clock.now().timestamp()) as server:
        yield server


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A real SQLite file per test."""
    return f"sqlite+aiosqlite:///{tmp_path / 'praatmaat.db'}"


async def sqlite_or_postgres(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """For a `database_url` fixture with params ["sqlite", "postgres"]: that backend's URL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    return await request.getfixturevalue("postgres_server").create_database()


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Per-test setting overrides (a test module may override this fixture)."""
    return {}


@pytest.fixture
async def running(
    tg: FakeTelegram,
    clock: FakeClock,
    database_url: str,
    settings_overrides: dict[str, object],
    coordinator: FakeUser,
) -> AsyncIterator[RunningBot]:
    """Start the real bot against the fake server and stop it after the test."""
    tg.chat(id=ALERT_CHAT_ID, type="supergroup", title="Crisis on call")
    values: dict[str, object] = {
        "BOT_TOKEN": "123456:TEST-token",
        "TELEGRAM_API_URL": tg.base_url,
        "DATABASE_URL": database_url,
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "COORDINATOR_IDS": str(COORDINATOR_ID),
        "HOLIDAYS_COUNTRY": "BE",
    }
    values.update(settings_overrides)
    settings = load_settings(**values)
    stop = asyncio.Event()
    ready: asyncio.Future[tuple[Bot, Context, AsyncIOScheduler]] = (
        asyncio.get_running_loop().create_future()
    )
    task = asyncio.create_task(
        app.run(
            settings,
            clock,
            stop,
            on_ready=lambda b, c, s: ready.set_result((b, c, s)),
            migrate_apart=False,
        )
    )
    done, _ = await asyncio.wait({task, ready}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()
    bot, ctx, scheduler = ready.result()
    scheduler.pause()
    try:
        yield RunningBot(settings, bot, ctx, clock, tg)
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=30)


@pytest.fixture
def coordinator(tg: FakeTelegram) -> FakeUser:
    """The coordinator listed in COORDINATOR_IDS."""
    return tg.user(
        id=COORDINATOR_ID,
        first_name="Coco",
        last_name="Ordinator",
        username="coco_ord",
        language_code="en",
    )


async def make_supporter(
    tg: FakeTelegram, coordinator: FakeUser, alias: str, user_id: int, language: str = "en"
) -> FakeUser:
    """Invite a new supporter, redeem the link, pick the alias."""
    await coordinator.command("invite")
    link = (await coordinator.receives(containing="?start=")).text
    token = link.split("?start=")[1].split()[0]
    person = tg.user(
        id=user_id,
        first_name=f"{alias}First",
        last_name=f"{alias}Last",
        username=f"{alias.lower()}_handle",
        language_code=language,
        phone="+32470" + str(user_id)[-6:],
    )
    await person.command("start", payload=token)
    await person.receives()
    await person.send(alias)
    await person.receives(containing=alias)
    await person.receives()
    return person
