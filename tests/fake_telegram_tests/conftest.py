"""Fixtures: a running fake, a real aiogram Bot pointed at it, and two users."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram_tests.bot_side import TOKEN


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    """A running fake server."""
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    """A real aiogram Bot pointed at the fake."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
    bot = Bot(token=TOKEN, session=session)
    yield bot
    # Closing the aiohttp session first skips aiogram's fixed 250 ms grace sleep on close.
    await (await session.create_session()).close()
    await session.close()


@pytest.fixture
def anna(tg: FakeTelegram) -> FakeUser:
    """A Dutch-speaking student."""
    return tg.user(
        id=1001,
        first_name="Anna",
        last_name="Peeters",
        username="annap",
        language_code="nl",
        phone="+32470000001",
    )


@pytest.fixture
def ben(tg: FakeTelegram) -> FakeUser:
    """A supporter."""
    return tg.user(id=2002, first_name="Ben", language_code="en")
