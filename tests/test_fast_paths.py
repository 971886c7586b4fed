"""The relay's shortcuts keep their promises: group commit, direct SQLite reads, recent id map."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.id_map import RecentLinks
from storage import repositories as repo
from storage.appends import AppendWriter
from storage.db import make_engine, make_reader, make_sessions, migrate
from storage.lookups import caller_for_update
from storage.models import Conversation, Person, ProcessedUpdate, Supporter

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def _database(tmp_path: Path) -> tuple[str, AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fast.db'}"
    await migrate(url)
    return url, make_engine(url)


async def _talking(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    """A student talking with a praatmaat: (conversation id, supporter id)."""
    async with sessions() as session:
        student = Person(id_hash="h:student", chat_id_enc="s", language="nl", created_at=NOW)
        helper = Person(id_hash="h:helper", chat_id_enc="p", language="nb", created_at=NOW)
        session.add_all([student, helper])
        await session.flush()
        supporter = Supporter(person_id=helper.id, alias="Sol", alias_key="sol", joined_at=NOW)
        session.add(supporter)
        await session.flush()
        conversation = Conversation(
            student_id=student.id,
            supporter_id=supporter.id,
            pseudonym="Student K7",
            language="nl",
            status="active",
            created_at=NOW,
            queued_at=NOW,
            last_activity_at=NOW,
        )
        session.add(conversation)
        await session.commit()
        return conversation.id, supporter.id


async def test_group_commit_writes_every_row_and_isolates_a_bad_one(tmp_path: Path) -> None:
    _, engine = await _database(tmp_path)
    sessions = make_sessions(engine)
    conversation_id, supporter_id = await _talking(sessions)
    writer = AppendWriter(engine)
    good = [
        [
            repo.link_row(conversation_id, supporter_id, n, 1000 + n, True, NOW),
            repo.processed_row(n, NOW),
        ]
        for n in range(1, 40)
    ]
    duplicate = [repo.processed_row(5, NOW)]  # update 5 is also among the good ones
    outcomes = await asyncio.gather(
        *(writer.append(rows) for rows in [*good, duplicate]), return_exceptions=True
    )
    assert all(outcome is None for outcome in outcomes[:-1])
    assert isinstance(outcomes[-1], IntegrityError)
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 39
        found = await repo.link_on_student_side(session, conversation_id, 17)
        assert found is not None and found.supporter_message_id == 1017
    await engine.dispose()


async def test_direct_read_matches_the_pool_and_falls_back_when_it_cannot_read(
    tmp_path: Path,
) -> None:
    url, engine = await _database(tmp_path)
    sessions = make_sessions(engine)
    conversation_id, supporter_id = await _talking(sessions)
    reader = make_reader(url)
    broken = make_reader(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'nothing.db'}")
    assert reader is not None and broken is not None
    hashes = ["h:old-key", "h:student"]
    async with sessions() as session:
        pooled = await caller_for_update(session, None, hashes, 77)
    async with sessions() as session:
        direct = await caller_for_update(session, reader, hashes, 77)
    async with sessions() as session:
        fallback = await caller_for_update(session, broken, hashes, 77)
    assert pooled == direct == fallback
    caller, seen = direct
    assert not seen and caller is not None and caller.conversation is not None
    assert caller.conversation.id == conversation_id
    assert caller.conversation.supporter_id == supporter_id
    assert caller.conversation.supporter_language == "nb"
    async with sessions() as session:
        await AppendWriter(engine).append([repo.processed_row(77, NOW)])
        assert (await caller_for_update(session, reader, hashes, 77))[1]
        assert await caller_for_update(session, reader, ["h:nobody"], 78) == (None, False)
    reader.dispose()
    broken.dispose()
    await engine.dispose()


def test_reader_only_for_sqlite_files() -> None:
    assert make_reader("sqlite+aiosqlite:///:memory:") is None
    assert make_reader("postgresql+asyncpg://u:p@localhost/db") is None


def test_recent_links_answer_both_ways_and_forget_the_oldest() -> None:
    recent = RecentLinks(size=3)
    for n in range(5):
        recent.note(conversation_id=9, supporter_id=4, student_message=n, supporter_message=100 + n)
    assert recent.supporter_side(9, 4) == 104
    assert recent.student_side(4, 102) == (9, 2)
    assert recent.supporter_side(9, 1) is None
    assert recent.student_side(4, 101) is None


@pytest.mark.parametrize("keys", [1, 3])
async def test_caller_look_up_with_several_keys(tmp_path: Path, keys: int) -> None:
    url, engine = await _database(tmp_path)
    sessions = make_sessions(engine)
    await _talking(sessions)
    reader = make_reader(url)
    hashes = [f"h:other{n}" for n in range(keys - 1)] + ["h:helper"]
    async with sessions() as session:
        caller, _ = await caller_for_update(session, reader, hashes, 1)
    assert caller is not None and caller.alias == "Sol" and caller.conversation is None
    assert reader is not None
    reader.dispose()
    await engine.dispose()
