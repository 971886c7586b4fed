"""Only one polling process per database, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import make_engine
from storage.polling_lock import AlreadyPolling, polling_lock


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A SQLite file, or a database on the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    return await request.getfixturevalue("postgres_server").create_database()


async def test_a_second_holder_is_refused_until_the_first_lets_go(database_url: str) -> None:
    first, second = make_engine(database_url), make_engine(database_url)
    try:
        async with polling_lock(first, database_url):
            with pytest.raises(AlreadyPolling, match="already polling"):
                async with polling_lock(second, database_url):
                    pass
        async with polling_lock(second, database_url):
            pass
    finally:
        await first.dispose()
        await second.dispose()
