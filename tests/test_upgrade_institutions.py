"""Upgrading to institutions: a deployment's data from before becomes institution "main"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from cryptography.fernet import Fernet
from sqlalchemy import Connection, Date, bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot import institutions
from bot.clock import FakeClock
from bot.context import Context
from bot.schedule import load_schedule
from bot.settings import load_settings
from storage.base import UTCDateTime
from storage.crypto import Cipher
from storage.db import alembic_config, make_engine, make_sessions
from storage.models import Base
from tests.e2e import conftest as e2e
from tests.e2e.conftest import RunningBot
from tests.e2e.coordinating import said
from tests.fake_telegram import FakeTelegram, FakeUser

# The e2e fixtures the bot tests below need (their conftest is not above this file).
clock, tg, coordinator, running = e2e.clock, e2e.tg, e2e.coordinator, e2e.running

BEFORE = "0003"  # the last revision without institutions
HOURS = "mon-thu 10:00-16:00"
BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
KEY = Fernet.generate_key().decode()
STUDENT_WAITING, STUDENT_TALKING, SUPPORTER = 1, 2, 3  # people.id
WAITING, TALKING, ROBIN = 5550100001, 5550100002, 5550100003  # their Telegram ids


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The upgrade on a SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'before.db'}"
    return await request.getfixturevalue("postgres_server").create_database()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the database, disposed after the test."""
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


async def migrate_to(url: str, revision: str) -> None:
    """Run Alembic up to `revision` (its async env runs its own event loop, so in a thread)."""
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def insert(connection: AsyncConnection, table: str, **values: object) -> None:
    """One row by plain SQL; dates and moments bound with the types the schema stores them as."""
    columns = ", ".join(f'"{name}"' for name in values)
    placeholders = ", ".join(f":{name}" for name in values)
    statement = text(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})")
    for name, value in values.items():
        if isinstance(value, datetime):
            statement = statement.bindparams(bindparam(name, type_=UTCDateTime()))
        elif isinstance(value, date):
            statement = statement.bindparams(bindparam(name, type_=Date()))
    await connection.execute(statement, values)


async def yesterdays_deployment(engine: AsyncEngine) -> None:
    """A deployment at revision 0003: two students, a praatmaat, a request waiting, a talk going on,
    an invite, a closure, a contact and the hours a coordinator set with /hours set."""
    cipher = Cipher([KEY])
    async with engine.begin() as connection:
        for person_id, telegram_id in [
            (STUDENT_WAITING, WAITING),
            (STUDENT_TALKING, TALKING),
            (SUPPORTER, ROBIN),
        ]:
            await insert(
                connection,
                "people",
                id=person_id,
                id_hash=cipher.lookup_hash(telegram_id),
                chat_id_enc=cipher.encrypt(str(telegram_id)),
                language="en",
                is_coordinator=False,
                created_at=NOW,
            )
        await insert(
            connection,
            "supporters",
            id=1,
            person_id=SUPPORTER,
            alias="Robin",
            alias_key="robin",
            status="active",
            on_duty=True,
            accepting=True,
            off_duty_at_close=False,
            capacity=1,
            joined_at=NOW,
        )
        for conversation_id, student, supporter, status, pseudonym in [
            (1, STUDENT_WAITING, None, "waiting", "K7"),
            (2, STUDENT_TALKING, 1, "active", "M3"),
        ]:
            await insert(
                connection,
                "conversations",
                id=conversation_id,
                student_id=student,
                supporter_id=supporter,
                pseudonym=pseudonym,
                language="en",
                status=status,
                crisis="none",
                front=False,
                left_while_closed=False,
                created_at=NOW,
                queued_at=NOW,
                last_activity_at=NOW,
                transfers=0,
            )
        await insert(
            connection,
            "invites",
            id=1,
            token_hash="a" * 64,
            created_by=SUPPORTER,
            created_at=NOW,
            expires_at=NOW + timedelta(days=7),
        )
        await insert(
            connection,
            "closure_periods",
            id=1,
            start=date(2026, 12, 21),
            end=date(2027, 1, 3),
            label="Winter break",
            created_at=NOW,
        )
        await insert(
            connection,
            "professional_contacts",
            id=100,
            language="*",
            country="BE",
            name="Campus psychologist",
            detail="03 265 11 11",
            position=9,
        )
        await insert(
            connection, "service_settings", key="opening_hours", value=HOURS, updated_at=NOW
        )
        if connection.dialect.name == "postgresql":  # the rows above chose their own ids
            for table in ("people", "supporters", "conversations", "invites"):
                await connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )


class Silent:
    """A messenger for a context that only reads the schedule: it never sends."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"reading the schedule does not send ({name})")


def context(url: str, engine: AsyncEngine) -> Context:
    """The bot's context over the upgraded database, with the settings' defaults."""
    settings = load_settings(BOT_TOKEN="1:abc", DATABASE_URL=url, ENCRYPTION_KEYS=KEY)
    return Context(settings, make_sessions(engine), Cipher([KEY]), FakeClock(), Silent())


async def rows(engine: AsyncEngine, query: str) -> list[tuple[object, ...]]:
    """Every row of a plain SQL query, as tuples."""
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(text(query))]


async def test_every_row_survives_and_belongs_to_main(
    database_url: str, engine: AsyncEngine
) -> None:
    await migrate_to(database_url, BEFORE)
    await yesterdays_deployment(engine)

    await migrate_to(database_url, "head")

    [(main, name)] = await rows(engine, "SELECT id, name FROM institutions WHERE slug = 'main'")
    assert name == "Praatmaat"
    assert await rows(engine, "SELECT id, person_id, alias, on_duty FROM supporters") == [
        (1, SUPPORTER, "Robin", True)
    ]
    assert await rows(
        engine, "SELECT supporter_id, institution_id FROM supporter_institutions"
    ) == [(1, main)]
    assert await rows(engine, "SELECT id, institution_id FROM people ORDER BY id") == [
        (STUDENT_WAITING, main),
        (STUDENT_TALKING, main),
        (SUPPORTER, main),
    ]
    assert await rows(
        engine,
        "SELECT id, student_id, status, supporter_id, institution_id"
        " FROM conversations ORDER BY id",
    ) == [(1, STUDENT_WAITING, "waiting", None, main), (2, STUDENT_TALKING, "active", 1, main)]
    assert await rows(engine, "SELECT id, created_by, used_at, institution_id FROM invites") == [
        (1, SUPPORTER, None, main)
    ]
    # Closures and contacts stay shared: no institution means "for every institution".
    assert await rows(engine, "SELECT id, label, institution_id FROM closure_periods") == [
        (1, "Winter break", None)
    ]
    assert await rows(
        engine, "SELECT id, name, detail, institution_id FROM professional_contacts"
    ) == [(100, "Campus psychologist", "03 265 11 11", None)]


async def test_hours_set_by_a_coordinator_become_mains_hours(
    database_url: str, engine: AsyncEngine
) -> None:
    await migrate_to(database_url, BEFORE)
    await yesterdays_deployment(engine)

    await migrate_to(database_url, "head")

    assert await rows(engine, "SELECT opening_hours FROM institutions WHERE slug = 'main'") == [
        (HOURS,)
    ]
    async with make_sessions(engine)() as session:
        main = await institutions.by_slug(session, "main")
        assert main is not None
        schedule = await load_schedule(session, context(database_url, engine), main)
    assert str(schedule.hours) == HOURS
    assert schedule.is_open(datetime(2026, 11, 26, 15, 0, tzinfo=BRUSSELS))  # a Thursday
    assert not schedule.is_open(
        datetime(2026, 11, 27, 11, 0, tzinfo=BRUSSELS)
    )  # Friday: not any more
    closure = schedule.closure_on(date(2026, 12, 28))  # the shared closure is main's too
    assert closure is not None and closure.label == "Winter break"


async def test_without_hours_set_main_falls_back_to_the_setting(
    database_url: str, engine: AsyncEngine
) -> None:
    await migrate_to(database_url, BEFORE)

    await migrate_to(database_url, "head")

    assert await rows(engine, "SELECT slug, opening_hours FROM institutions") == [("main", None)]


async def test_downgrading_gives_the_hours_back_to_the_service_setting(
    database_url: str, engine: AsyncEngine
) -> None:
    await migrate_to(database_url, BEFORE)
    await yesterdays_deployment(engine)
    await migrate_to(database_url, "head")

    await asyncio.to_thread(command.downgrade, alembic_config(database_url), BEFORE)

    assert await rows(engine, "SELECT value FROM service_settings WHERE key = 'opening_hours'") == [
        (HOURS,)
    ]
    assert await rows(engine, "SELECT id, person_id FROM supporters") == [(1, SUPPORTER)]
    assert await rows(
        engine, "SELECT id, student_id, supporter_id FROM conversations ORDER BY id"
    ) == [(1, STUDENT_WAITING, None), (2, STUDENT_TALKING, 1)]


async def test_the_upgraded_schema_is_the_one_the_models_describe(
    database_url: str, engine: AsyncEngine
) -> None:
    await migrate_to(database_url, BEFORE)
    await yesterdays_deployment(engine)

    await migrate_to(database_url, "head")

    def differences(connection: Connection) -> list[object]:
        migration = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(migration, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


class TestTheBotOnAnUpgradedDatabase:
    """`praatmaat run` on yesterday's database: it upgrades it and carries on where it was."""

    @pytest.fixture
    async def database_url(self, database_url: str, engine: AsyncEngine) -> str:
        """Yesterday's deployment, still at revision 0003."""
        await migrate_to(database_url, BEFORE)
        await yesterdays_deployment(engine)
        return database_url

    @pytest.fixture
    def settings_overrides(self) -> dict[str, object]:
        """Yesterday's key, so the bot recognises its people."""
        return {"ENCRYPTION_KEYS": KEY}

    async def test_the_conversation_going_on_goes_on(
        self, running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
    ) -> None:
        robin = tg.user(id=ROBIN, first_name="Robin", language_code="en")
        talking = tg.user(id=TALKING, first_name="Talking", language_code="en")
        await talking.send("Are you still there?")
        assert (await robin.receives()).text == "Are you still there?"
        await robin.send("I am, take your time.")
        assert (await talking.receives()).text == "I am, take your time."

    async def test_the_request_waiting_and_the_hours_are_mains(
        self, running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
    ) -> None:
        queue = await said(coordinator, "queue")
        assert "1. Student K7" in queue
        assert "Monday–Thursday 10:00–16:00" in await said(coordinator, "hours")
        assert "Winter break" in await said(coordinator, "closed")
        assert "Campus psychologist" in await said(coordinator, "contacts")
