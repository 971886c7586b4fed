"""Two bot instances ticking at once on one PostgreSQL database: everything happens exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiogram import Bot
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot import institutions, queue, roles
from bot.clock import FakeClock
from bot.context import Context
from bot.keys import cipher_for
from bot.seed import seed_defaults
from bot.settings import load_settings
from bot.telegram.dispatcher import make_bot
from bot.telegram.messenger import TelegramMessenger
from scheduler.jobs import tick
from storage import repositories as repo
from storage.db import make_engine, make_sessions, migrate
from storage.models import Conversation, Person, Supporter, SupporterInstitution
from tests.fake_telegram import FakeTelegram

ALERT_CHAT_ID = -1009000002
BRUSSELS = "Europe/Brussels"
ROUNDS = 3


@dataclass
class Instance:
    """One bot process: its own Bot client and its own database engine."""

    bot: Bot
    ctx: Context


@pytest.fixture
def clock() -> FakeClock:
    """The clock both instances read."""
    return FakeClock()


@pytest.fixture
async def tg(clock: FakeClock) -> AsyncIterator[FakeTelegram]:
    """One fake Bot API server that both instances talk to."""
    async with FakeTelegram(now=lambda: clock.now().timestamp()) as server:
        server.chat(id=ALERT_CHAT_ID, title="Crisis on call")
        yield server


@pytest.fixture
async def instances(
    postgres_url: str, tg: FakeTelegram, clock: FakeClock
) -> AsyncIterator[list[Instance]]:
    """Two instances with separate engines on the same fresh PostgreSQL database."""
    settings = load_settings(
        BOT_TOKEN="123456:TEST-token",
        TELEGRAM_API_URL=tg.base_url,
        DATABASE_URL=postgres_url,
        ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        HOLIDAYS_COUNTRY="BE",
        CRISIS_ALERT_CHAT_ID=str(ALERT_CHAT_ID),
    )
    await migrate(postgres_url)
    engines = [make_engine(postgres_url) for _ in range(2)]
    bots = [make_bot(settings) for _ in range(2)]
    cipher = cipher_for(settings)
    pair = [
        Instance(
            bot,
            Context(
                settings,
                make_sessions(engine),
                cipher,
                clock,
                TelegramMessenger(bot),
                tg.bot_username,
            ),
        )
        for bot, engine in zip(bots, engines, strict=True)
    ]
    async with pair[0].ctx.sessions() as session:
        await seed_defaults(session)
    try:
        yield pair
    finally:
        for bot in bots:
            await bot.session.close()
        for engine in engines:
            await engine.dispose()


async def tick_both(pair: list[Instance]) -> None:
    """Both instances tick at the same moment, a few times over."""
    for _ in range(ROUNDS):
        await asyncio.gather(*(tick(instance.ctx) for instance in pair))


async def student(ctx: Context, tg: FakeTelegram, user_id: int) -> Person:
    """Someone who wrote to the bot."""
    tg.user(id=user_id)
    async with ctx.sessions() as session:
        person = await roles.resolve(session, ctx, user_id, "en")
        await session.commit()
    return person


async def supporter(
    ctx: Context, tg: FakeTelegram, user_id: int, *, on_duty: bool = False
) -> Supporter:
    """A supporter who joined today."""
    person = await student(ctx, tg, user_id)
    alias = f"Praatmaat{user_id}"
    now = ctx.clock.now()
    async with ctx.sessions() as session:
        row = Supporter(
            person_id=person.id,
            alias=alias,
            alias_key=alias.casefold(),
            on_duty=on_duty,
            joined_at=now,
            last_supervision_on=now.date(),
        )
        main = await institutions.default(session)
        row.memberships.append(SupporterInstitution(institution_id=main.id))
        session.add(row)
        await session.commit()
    return row


async def request(ctx: Context, person: Person, accepted_by: Supporter | None = None) -> int:
    """A waiting request, or a conversation when `accepted_by` is given; its id."""
    async with ctx.sessions() as session:
        conversation = await queue.open_request(session, ctx, person)
        await session.commit()
        if accepted_by is not None:
            now = ctx.clock.now()
            assert await repo.claim_request(session, conversation.id, accepted_by.id, now)
            await session.commit()
        return conversation.id


def inbox(tg: FakeTelegram, user_id: int) -> list[str]:
    """The texts the bot sent to a chat."""
    return [message.body for message in tg.inbox(user_id)]


async def test_opening_is_announced_once_to_each_supporter(
    instances: list[Instance], tg: FakeTelegram, clock: FakeClock
) -> None:
    ctx = instances[0].ctx
    clock.set("2026-11-28 23:40", tz=BRUSSELS)
    supporters = [5400001, 5400002, 5400003]
    for user_id in supporters:
        await supporter(ctx, tg, user_id)
    await request(ctx, await student(ctx, tg, 4500001))

    clock.set("2026-11-30 09:00", tz=BRUSSELS)
    await tick_both(instances)

    for user_id in supporters:
        texts = inbox(tg, user_id)
        assert len(texts) == 1
        assert "1 request is waiting" in texts[0]
    assert inbox(tg, 4500001) == []


async def test_idle_conversations_are_asked_and_closed_once(
    instances: list[Instance], tg: FakeTelegram, clock: FakeClock
) -> None:
    ctx = instances[0].ctx
    clock.set("2026-11-23 10:00", tz=BRUSSELS)
    silent_for_an_hour = []
    for n in range(4):
        helper = await supporter(ctx, tg, 5410000 + n, on_duty=True)
        await request(ctx, await student(ctx, tg, 4510000 + n), accepted_by=helper)
        silent_for_an_hour.append((4510000 + n, 5410000 + n))
    clock.set("2026-11-23 10:30", tz=BRUSSELS)
    silent_for_half_an_hour = []
    for n in range(4):
        helper = await supporter(ctx, tg, 5420000 + n, on_duty=True)
        await request(ctx, await student(ctx, tg, 4520000 + n), accepted_by=helper)
        silent_for_half_an_hour.append((4520000 + n, 5420000 + n))

    clock.set("2026-11-23 11:00", tz=BRUSSELS)
    await tick_both(instances)

    for student_id, supporter_id in silent_for_an_hour:
        ended = inbox(tg, student_id)
        assert len(ended) == 2
        assert "haven't heard from each other" in ended[0]
        assert "Did you feel heard?" in ended[1]
        assert len(inbox(tg, supporter_id)) == 1
    for student_id, supporter_id in silent_for_half_an_hour:
        assert len(inbox(tg, student_id)) == 1
        assert "Are you still there?" in inbox(tg, student_id)[0]
        assert len(inbox(tg, supporter_id)) == 1
    async with ctx.sessions() as session:
        idle = select(func.count()).where(Conversation.close_reason == "idle")
        assert await session.scalar(idle) == 4


async def test_closing_warning_notice_and_off_duty_happen_once(
    instances: list[Instance], tg: FakeTelegram, clock: FakeClock
) -> None:
    ctx = instances[0].ctx
    clock.set("2026-11-23 19:40", tz=BRUSSELS)
    pairs = []
    for n in range(3):
        helper = await supporter(ctx, tg, 5430000 + n, on_duty=True)
        conversation = await request(ctx, await student(ctx, tg, 4530000 + n), accepted_by=helper)
        pairs.append((4530000 + n, 5430000 + n, conversation))
    waiting = [4531000 + n for n in range(3)]
    for user_id in waiting:
        await request(ctx, await student(ctx, tg, user_id))

    clock.set("2026-11-23 19:45", tz=BRUSSELS)
    await tick_both(instances)
    for student_id, supporter_id, _ in pairs:
        assert len(inbox(tg, student_id)) == 1
        assert len(inbox(tg, supporter_id)) == 1
        assert "closes at 20:00" in inbox(tg, supporter_id)[0]

    clock.set("2026-11-23 20:00", tz=BRUSSELS)
    await tick_both(instances)
    for user_id in waiting:
        assert len(inbox(tg, user_id)) == 1
        assert "tomorrow at 09:00" in inbox(tg, user_id)[0]

    async with ctx.sessions() as session:
        for _, _, conversation in pairs:
            await repo.close_conversation(session, conversation, "ended", clock.now())
        await session.commit()
    await tick_both(instances)
    for _, supporter_id, _ in pairs:
        texts = inbox(tg, supporter_id)
        assert len(texts) == 2
        assert "you're off duty" in texts[1]
    assert tg.inbox(ALERT_CHAT_ID) == []


async def test_long_wait_is_escalated_once_per_request(
    instances: list[Instance], tg: FakeTelegram, clock: FakeClock
) -> None:
    ctx = instances[0].ctx
    clock.set("2026-11-23 10:00", tz=BRUSSELS)
    pseudonyms = []
    for n in range(3):
        conversation_id = await request(ctx, await student(ctx, tg, 4540000 + n))
        async with ctx.sessions() as session:
            conversation = await session.get(Conversation, conversation_id)
            assert conversation is not None
            pseudonyms.append(conversation.pseudonym)

    clock.set("2026-11-23 10:10", tz=BRUSSELS)
    await tick_both(instances)

    alerts = [message.body for message in tg.inbox(ALERT_CHAT_ID)]
    assert len(alerts) == 3
    for pseudonym in pseudonyms:
        assert sum(f"Student {pseudonym} " in alert for alert in alerts) == 1
