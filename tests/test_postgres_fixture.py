"""Checks that the throwaway PostgreSQL fixtures work and isolate tests."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.postgres import PostgresServer


async def test_select_one_and_version(postgres_url: str) -> None:
    """A fresh database answers select 1 and reports a PostgreSQL version."""
    engine = create_async_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("select 1"))).scalar_one() == 1
            version = (await conn.execute(text("select version()"))).scalar_one()
            assert version.startswith("PostgreSQL ")
    finally:
        await engine.dispose()


async def test_databases_are_isolated(postgres_url: str, postgres_server: PostgresServer) -> None:
    """Two databases do not see each other's tables."""
    other_url = await postgres_server.create_database()
    assert other_url != postgres_url
    first = create_async_engine(postgres_url)
    second = create_async_engine(other_url)
    try:
        async with first.begin() as conn:
            await conn.execute(text("create table marker (id int)"))
            await conn.execute(text("insert into marker values (42)"))
        async with second.connect() as conn:
            found = await conn.execute(text("select to_regclass('public.marker')"))
            assert found.scalar_one() is None
        async with first.connect() as conn:
            assert (await conn.execute(text("select id from marker"))).scalar_one() == 42
    finally:
        await first.dispose()
        await second.dispose()


async def test_server_listens_on_localhost_only(postgres_url: str) -> None:
    """The server listens on 127.0.0.1 and the URL uses the asyncpg driver."""
    assert postgres_url.startswith("postgresql+asyncpg://praatmaat@127.0.0.1:")
    engine = create_async_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            setting = await conn.execute(text("show listen_addresses"))
            assert setting.scalar_one() == "127.0.0.1"
    finally:
        await engine.dispose()
