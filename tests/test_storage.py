"""Storage on SQLite and PostgreSQL: migrations, encryption at rest, key rotation."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from bot.clock import FakeClock
from bot.context import Context
from bot.messenger import Sent
from bot.queue import Held, hold_message, open_request, take_held
from bot.roles import chat_of, resolve
from bot.settings import load_settings
from storage import repositories as repo
from storage.crypto import Cipher, readable_with
from storage.db import HEAD, make_engine, make_sessions, migrate
from storage.models import Conversation, Person, Supporter

PEOPLE = [
    (5550123401, "Anneleen", "Vermeulen", "anneleen_v"),
    (5550123402, "Øystein", "Haugen", "oystein_h"),
    (5550123403, "Maarten", "Jacobs", "mjacobs"),
]


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on a SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
    return await request.getfixturevalue("postgres_server").create_database()


class Unused:
    """A messenger for storage tests, which never send anything."""

    def __getattr__(self, name: str) -> Sent:
        raise AssertionError(f"storage tests do not send ({name})")


def runtime(url: str, keys: list[str]) -> tuple[Context, object]:
    """A context over a migrated database."""
    settings = load_settings(BOT_TOKEN="1:abc", DATABASE_URL=url, ENCRYPTION_KEYS=",".join(keys))
    engine = make_engine(url)
    return Context(settings, make_sessions(engine), Cipher(keys), FakeClock(), Unused()), engine


async def test_people_and_conversations_round_trip(database_url: str) -> None:
    await migrate(database_url)
    rt, engine = runtime(database_url, [Fernet.generate_key().decode()])
    try:
        async with rt.sessions() as session:
            person = await resolve(session, rt, PEOPLE[0][0], "nl-BE")
            conversation = await open_request(session, rt, person)
            await hold_message(session, rt, conversation, Held(41, None), "hallo daar")
            await session.commit()
        async with rt.sessions() as session:
            again = await resolve(session, rt, PEOPLE[0][0], "en")
            assert again.id == person.id
            assert again.language == "nl"
            assert chat_of(rt, again) == PEOPLE[0][0]
            found = await repo.open_conversation_of(session, again.id)
            assert found is not None and found.status == "waiting"
            assert await take_held(session, rt, found.id) == [Held(41, None)]
            await session.commit()
            assert await take_held(session, rt, found.id) == []
    finally:
        await engine.dispose()


async def test_claim_is_exclusive(database_url: str) -> None:
    await migrate(database_url)
    rt, engine = runtime(database_url, [Fernet.generate_key().decode()])
    try:
        async with rt.sessions() as session:
            person = await resolve(session, rt, PEOPLE[1][0], None)
            conversation = await open_request(session, rt, person)
            now = datetime.now(UTC)
            helpers = []
            for telegram_id in (PEOPLE[0][0], PEOPLE[2][0]):
                helper = await resolve(session, rt, telegram_id, None)
                helpers.append(Supporter(person_id=helper.id, joined_at=now))
            session.add_all(helpers)
            await session.commit()
        async with rt.sessions() as first, rt.sessions() as second:
            assert await repo.claim_request(first, conversation.id, helpers[0].id, now)
            await first.commit()
            assert not await repo.claim_request(second, conversation.id, helpers[1].id, now)
    finally:
        await engine.dispose()


async def test_sqlite_file_holds_no_identities(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'raw.db'}"
    await migrate(url)
    rt, engine = runtime(url, [Fernet.generate_key().decode()])
    try:
        for telegram_id, _first, _last, _username in PEOPLE:
            async with rt.sessions() as session:
                person = await resolve(session, rt, telegram_id, "en")
                conversation = await open_request(session, rt, person)
                await hold_message(session, rt, conversation, Held(7, None), "I feel alone")
                await session.commit()
    finally:
        await engine.dispose()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("raw.db*"))
    for telegram_id, first, last, username in PEOPLE:
        for secret in (str(telegram_id), first, last, username):
            assert secret.encode() not in raw, secret
    assert b"I feel alone" not in raw


def test_rotate_keys_re_encrypts_everything(tmp_path: Path) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    url = f"sqlite+aiosqlite:///{tmp_path / 'rotate.db'}"

    async def fill() -> None:
        await migrate(url)
        rt, engine = runtime(url, [old])
        try:
            async with rt.sessions() as session:
                for telegram_id, *_ in PEOPLE:
                    person = await resolve(session, rt, telegram_id, "en")
                    conversation = await open_request(session, rt, person)
                    await hold_message(session, rt, conversation, Held(9, None), "held text")
                await session.commit()
        finally:
            await engine.dispose()

    import asyncio

    asyncio.run(fill())
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME"}}
    env.update(
        BOT_TOKEN="1:abc",
        DATABASE_URL=url,
        ENCRYPTION_KEYS=f"{new},{old}",
        PYTHONPATH=str(Path(__file__).parents[1]),
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "rotate-keys"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

    async def verify() -> None:
        rt, engine = runtime(url, [new])
        try:
            async with rt.sessions() as session:
                people = list(await session.scalars(select(Person)))
                assert len(people) == len(PEOPLE)
                for person in people:
                    assert readable_with(person.chat_id_enc, new)
                    assert not readable_with(person.chat_id_enc, old)
                for telegram_id, *_ in PEOPLE:
                    found = await resolve(session, rt, telegram_id, "en")
                    assert found.id in {person.id for person in people}
                for conversation in await session.scalars(select(Conversation)):
                    held = await take_held(session, rt, conversation.id)
                    assert held == [Held(9, None)]
                    assert readable_with(conversation.first_preview_enc or "", new)
                    assert not readable_with(conversation.first_preview_enc or "", old)
        finally:
            await engine.dispose()

    asyncio.run(verify())


def test_generated_sqlite_key_is_private(tmp_path: Path) -> None:
    from bot.keys import cipher_for

    settings = load_settings(BOT_TOKEN="1:abc", DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/k.db")
    first = cipher_for(settings)
    key_file = tmp_path / "k.db.key"
    assert key_file.exists()
    assert key_file.stat().st_mode & 0o777 == 0o600
    second = cipher_for(settings)
    assert second.decrypt(first.encrypt("same key")) == "same key"


def test_head_constant_is_alembics_newest_migration() -> None:
    """`migrate` skips loading Alembic when the database is at HEAD, so HEAD must be current."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    assert ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() == HEAD


async def test_migrate_twice_leaves_the_schema_at_head(tmp_path: Path) -> None:
    """A second start finds the schema current and changes nothing."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'twice.db'}"
    await migrate(url)
    await migrate(url)
    engine = make_engine(url)
    async with engine.connect() as connection:
        revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    await engine.dispose()
    assert revision == HEAD
