"""For the operator: /healthz, /readyz and /metrics on HEALTH_PORT while the bot polls."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import HEAD
from tests.e2e.conftest import RunningBot
from tests.e2e.endpoints import free_port, get, sample
from tests.e2e.test_robustness import STUDENT, identities, talking
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.postgres import PostgresServer

PORT = free_port()


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Polling, with the operator's endpoints on their own port."""
    return {"HEALTH_PORT": str(PORT)}


async def get_here(path: str) -> tuple[int, str]:
    """A GET on HEALTH_PORT."""
    return await get(path, PORT)


def handled(exposition: str) -> float:
    """How many message updates were handled."""
    return sample(exposition, "praatmaat_updates_total", type="message", result="handled")


async def metrics_once(done: Callable[[str], bool]) -> str:
    """The exposition once `done` holds for it (an update is counted just after its reply)."""
    for _ in range(50):
        status, exposition = await get_here("/metrics")
        assert status == 200
        if done(exposition):
            break
        await asyncio.sleep(0.05)
    return exposition


async def test_alive_and_ready_while_polling(running: RunningBot) -> None:
    assert await get_here("/healthz") == (200, "ok\n")
    assert await get_here("/readyz") == (200, "ready\n")


async def test_not_ready_while_migrations_are_behind(running: RunningBot) -> None:
    async with running.ctx.sessions() as session:
        await session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        await session.commit()
    status, body = await get_here("/readyz")
    assert status == 503
    assert "migrations not current (database at 0001" in body
    assert (await get_here("/healthz"))[0] == 200
    async with running.ctx.sessions() as session:
        back = text("UPDATE alembic_version SET version_num = :head")
        await session.execute(back, {"head": HEAD})
        await session.commit()
    assert (await get_here("/readyz"))[0] == 200


class TestDatabaseUnreachable:
    """On PostgreSQL: the database refuses every connection for a while."""

    @pytest.fixture
    async def database_url(self, postgres_url: str) -> str:
        """A PostgreSQL database of its own."""
        return postgres_url

    async def test_not_ready_while_the_database_is_unreachable(
        self, running: RunningBot, postgres_server: PostgresServer, postgres_url: str
    ) -> None:
        await running.tg.wait_for(lambda: running.tg.count("getUpdates") > 0, message="polling")
        name = make_url(postgres_url).database
        admin = await asyncpg.connect(postgres_server.dsn())
        try:
            await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
            )
            status, body = await get_here("/readyz")
            assert status == 503
            assert "database unreachable" in body
            assert (await get_here("/healthz"))[0] == 200
        finally:
            await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            await admin.close()
        assert (await get_here("/readyz"))[0] == 200


async def test_metrics_count_a_relay_and_name_nobody(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    _, before = await get_here("/metrics")
    await student.send("a sentence only the praatmaat may read")
    await supporter.receives()
    await supporter.send("an answer only the student may read")
    await student.receives()
    after = await metrics_once(lambda now: handled(now) - handled(before) == 2)

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("praatmaat_updates_total", type="message", result="handled") == 2
    assert grew("praatmaat_relay_seconds_count", direction="to_supporter") == 1
    assert grew("praatmaat_relay_seconds_count", direction="to_student") == 1
    assert sample(after, "praatmaat_open_conversations") == 1
    assert sample(after, "praatmaat_waiting_requests") == 0
    for secret in ("only the", *identities(student), *identities(supporter), str(STUDENT["id"])):
        assert secret not in after


async def test_metrics_count_crisis_alerts_and_undelivered_messages(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    student, supporter = await talking(tg, coordinator)
    _, before = await get_here("/metrics")
    await student.send("I'm going to kill myself tonight")
    await student.receives(containing="112")
    await supporter.receives()
    student.block()
    await supporter.send("are you still there?")
    await supporter.receives(containing="blocked")
    _, after = await get_here("/metrics")
    acute = sample(after, "praatmaat_crisis_alerts_total", severity="acute")
    assert acute - sample(before, "praatmaat_crisis_alerts_total", severity="acute") == 1
    unreachable = sample(after, "praatmaat_delivery_failures_total", outcome="unreachable")
    assert unreachable > sample(before, "praatmaat_delivery_failures_total", outcome="unreachable")
