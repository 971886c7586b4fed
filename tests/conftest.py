"""Shared pytest fixtures: a throwaway PostgreSQL server and per-test databases."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.engine import make_url

from bot.telegram import lazy_models
from tests.postgres import REQUIRE_ENV, PostgresServer, PostgresUnavailable

lazy_models.install()  # the in-process bot builds models on first use, like `praatmaat run`


def pytest_configure(config: pytest.Config) -> None:
    """Register the postgres marker."""
    config.addinivalue_line(
        "markers", "postgres: needs a real PostgreSQL server (added automatically by the fixtures)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the PostgreSQL fixtures with `postgres`."""
    for item in items:
        if "postgres_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start one throwaway PostgreSQL server for the session (only if a test needs it)."""
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{exc} ({REQUIRE_ENV} is set)", pytrace=False)
        pytest.skip(f"{exc} (set {REQUIRE_ENV}=1 to make this a failure)")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """Return a postgresql+asyncpg URL of a fresh, empty database; dropped after the test."""
    url = await postgres_server.create_database()
    yield url
    await postgres_server.drop_database(make_url(url).database or "")
