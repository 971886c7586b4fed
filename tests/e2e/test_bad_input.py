"""Bad input: 10,000 malformed, unexpected and forged updates while a conversation goes on."""

from __future__ import annotations

import asyncio
import re
import signal
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.e2e.bad_updates import Inject, Move, Redeliver, World, moves
from tests.e2e.conftest import COORDINATOR_ID, make_supporter
from tests.e2e.processes import bot_environment, new_key, pair_up, start_praatmaat
from tests.e2e.test_bad_input_seeds import found_inputs
from tests.fake_telegram import FakeTelegram, FakeUser

BATCH = 100
EXAMPLES = 100  # × BATCH bad updates
TURN_EVERY = 25  # a line of the normal conversation after this many bad updates
PREFIX = "§turn"
NEWCOMERS = (6400001, 6400002)
STRANGERS = 10  # known to the bot: each one's updates wait for their earlier ones
T = TypeVar("T")
PROBLEM = re.compile(r" (ERROR|CRITICAL) |Traceback|Warning:")


@dataclass
class Flood:
    """A `praatmaat run` process with one conversation, and what was sent to it."""

    tg: FakeTelegram
    process: asyncio.subprocess.Process
    log: Path
    world: World
    student: FakeUser
    supporter: FakeUser
    bad: int = 0
    turns: dict[bool, list[str]] = field(default_factory=lambda: {True: [], False: []})
    log_read: int = 0
    scanned: dict[int, tuple[int, list[str]]] = field(default_factory=dict)

    async def play(self, batch: list[Move]) -> None:
        """Send the batch, a line of the conversation every TURN_EVERY moves."""
        for n, move in enumerate(batch):
            if n % TURN_EVERY == 0:
                await self.turn(student=n // TURN_EVERY % 2 == 0)
            if isinstance(move, Inject):
                self.tg.inject(move.content)
            elif isinstance(move, Redeliver):
                await self.tg.redeliver(self.tg.updates[move.n % len(self.tg.updates)]["update_id"])
            else:
                await (self.student if move.student else self.supporter).send(move.text)
            self.bad += 1

    async def turn(self, *, student: bool) -> None:
        """The next numbered line, from the student or from the praatmaat."""
        lines = self.turns[student]
        lines.append(f"{PREFIX} {'student' if student else 'praatmaat'} {len(lines):04}")
        await (self.student if student else self.supporter).send(lines[-1])

    def relayed(self, to: FakeUser) -> list[str]:
        """The numbered lines copied into `to`'s chat so far, in order (read once each)."""
        seen, lines = self.scanned.setdefault(to.id, (0, []))
        inbox = to.inbox[seen:]
        lines += [m.text for m in inbox if m.text and m.text.startswith(PREFIX)]
        self.scanned[to.id] = (seen + len(inbox), lines)
        return lines

    async def conversation_intact(self) -> None:
        """Every line so far arrived once, in order, both ways; the log has no error."""
        await self.tg.wait_for(
            lambda: (
                self.relayed(self.supporter) == self.turns[True]
                and self.relayed(self.student) == self.turns[False]
            ),
            timeout=60,
            message="every line of the conversation relayed once, in order",
        )
        assert self.process.returncode is None, "the bot died"
        with self.log.open("rb") as log:
            log.seek(self.log_read)
            new = log.read()
        self.log_read += len(new)
        problems = [
            line for line in new.decode(errors="replace").splitlines() if PROBLEM.search(line)
        ]
        assert not problems, "\n".join(problems[:20])


@cache
def batches(world: World) -> st.SearchStrategy[list[Move]]:
    """BATCH moves (the strategy built and validated once: that costs more than a draw)."""
    return st.lists(moves(world), min_size=BATCH, max_size=BATCH)


async def the_world(tg: FakeTelegram, student: FakeUser, supporter: FakeUser) -> World:
    """The conversation's id as its card showed it, and a few bystanders the bot knows."""
    pressed = next(u["callback_query"]["data"] for u in tg.updates if "callback_query" in u)
    conversation = int(pressed.removeprefix("acc:"))
    other = await make_supporter(tg, tg.users[COORDINATOR_ID], "Fuzzy", 6200001)
    strangers = [tg.user(id=6300000 + n) for n in range(STRANGERS)]
    for stranger in strangers:
        await stranger.command("start")
        await stranger.receives()
    return World(
        student=student.id,
        supporter=supporter.id,
        coordinator=COORDINATOR_ID,
        bystanders=(other.id, *(s.id for s in strangers)),
        conversation=conversation,
    )


async def flooding(tmp_path: Path) -> AsyncIterator[Flood]:
    """A bot process and its conversation; afterwards: it stops cleanly and the count holds."""
    async with FakeTelegram() as tg:
        tg.user(id=COORDINATOR_ID, first_name="Coordinator")
        process = await start_praatmaat(bot_environment(tg, tmp_path, new_key()), tmp_path)
        try:
            await tg.wait_for(lambda: tg.count("getUpdates") > 0, timeout=60, message="bot up")
            [(student, supporter)] = await pair_up(tg, 1)
            world = await the_world(tg, student, supporter)
            flood = Flood(tg, process, tmp_path / "bot.log", world, student, supporter)
            for update in found_inputs(student.id, supporter.id, NEWCOMERS):
                tg.inject(update)
            await flood.conversation_intact()
            started = time.monotonic()
            yield flood
            await flood.conversation_intact()
            print(f"{flood.bad} bad updates in {time.monotonic() - started:.1f} s")
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), timeout=15)
        assert code == 0
        assert flood.bad >= BATCH * EXAMPLES


class Background:
    """An event loop in a thread: the fake Telegram serves the bot while Hypothesis draws."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, step: Awaitable[T]) -> T:
        """Run a coroutine in the loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(_awaited(step), self.loop).result(timeout=600)

    def close(self) -> None:
        """Stop the loop and its thread."""
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


async def _awaited(step: Awaitable[T]) -> T:
    return await step


@pytest.fixture
def flood(tmp_path: Path) -> Iterator[tuple[Flood, Background]]:
    """`flooding` driven from the test's thread."""
    background = Background()
    steps = flooding(tmp_path)
    try:
        yield background.run(anext(steps)), background
        with pytest.raises(StopAsyncIteration):
            background.run(anext(steps))
    finally:
        background.run(steps.aclose())
        background.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.generate],  # a failing batch is shown as sent: the bot's state can't be undone
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(data=st.data())
def test_bad_input_never_stops_the_bot_nor_the_conversation(
    flood: tuple[Flood, Background], data: st.DataObject
) -> None:
    bot, background = flood
    batch = data.draw(batches(bot.world))
    background.run(bot.play(batch))
    background.run(bot.conversation_intact())
