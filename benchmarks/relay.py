"""Relay benchmark: N concurrent conversations, a burst of messages, over the fake Bot API.

Prints relayed messages/s, bot-side latency p50/p95/p99 (from the user's message being queued
for getUpdates to the copyMessage call reaching the server), peak RSS, and lost / duplicated /
out-of-order counts. Run: python benchmarks/relay.py [--users 20] [--messages 25]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.fernet import Fernet

from bot import app
from bot.clock import FakeClock
from bot.settings import load_settings
from tests.e2e.conftest import COORDINATOR_ID, make_supporter
from tests.fake_telegram import FakeTelegram, FakeUser


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def pair_up(tg: FakeTelegram, users: int) -> list[tuple[FakeUser, FakeUser]]:
    """Onboard `users` supporters and connect each with a student."""
    coordinator = tg.users[COORDINATOR_ID]
    pairs = []
    for n in range(users):
        supporter = await make_supporter(
            tg, coordinator, f"Bench{chr(65 + n // 26)}{chr(97 + n % 26)}", 6000000 + n
        )
        await supporter.command("duty")
        await supporter.receives()
        student = tg.user(id=6100000 + n)
        await student.command("talk")
        await student.receives()
        card = await supporter.receives(containing="waiting")
        await supporter.press(card.button_texts[0], message=card)
        await student.receives()
        await supporter.receives()
        pairs.append((student, supporter))
        for other in pairs:
            other[1].mark_read()
    return pairs


async def main(users: int, messages: int) -> None:
    """Start the bot, build the conversations, fire the burst, print the figures."""
    directory = Path(tempfile.mkdtemp(prefix="praatmaat-bench-"))
    clock = FakeClock()
    clock.set("2026-11-23 10:00", tz="Europe/Brussels")
    async with FakeTelegram(now=lambda: clock.now().timestamp()) as tg:
        tg.user(id=COORDINATOR_ID, first_name="Coordinator")
        settings = load_settings(
            BOT_TOKEN="123456:BENCH",
            TELEGRAM_API_URL=tg.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
            ENCRYPTION_KEYS=Fernet.generate_key().decode(),
            COORDINATOR_IDS=str(COORDINATOR_ID),
            LOG_LEVEL="WARNING",
        )
        stop = asyncio.Event()
        ready = asyncio.get_running_loop().create_future()
        task = asyncio.create_task(app.run(settings, clock, stop, lambda b, r: ready.set_result(r)))
        rt = await ready
        rt.extras["scheduler"].pause()
        pairs = await pair_up(tg, users)
        by_text: dict[str, float] = {}
        started = time.monotonic()
        calls_before = len(tg.calls)

        async def burst(student: FakeUser, index: int) -> None:
            for n in range(messages):
                text = f"u{index} m{n}"
                by_text[text] = time.monotonic()
                await student.send(text)

        await asyncio.gather(*(burst(student, i) for i, (student, _) in enumerate(pairs)))
        total = users * messages
        await tg.wait_for(
            lambda: sum(1 for c in tg.calls[calls_before:] if c.method == "copyMessage") >= total,
            timeout=120,
            message="all copies",
        )
        elapsed = time.monotonic() - started
        copies = [c for c in tg.calls[calls_before:] if c.method == "copyMessage"]
        latencies = []
        lost = duplicated = out_of_order = 0
        for index, (_, supporter) in enumerate(pairs):
            received = [
                m.text for m in supporter.inbox if m.text and m.text.startswith(f"u{index} ")
            ]
            expected = [f"u{index} m{n}" for n in range(messages)]
            lost += len(set(expected) - set(received))
            duplicated += len(received) - len(set(received))
            out_of_order += sum(
                1
                for a, b in itertools.pairwise(received)
                if int(a.split("m")[1]) > int(b.split("m")[1])
            )
        sources = {}
        for student, _ in pairs:
            for message in student.sent:
                sources[(student.id, message.message_id)] = message.text
        for call in copies:
            text = sources.get((int(call.params["from_chat_id"]), int(call.params["message_id"])))
            if text in by_text:
                latencies.append((call.time - by_text[text]) * 1000)
        stop.set()
        await task
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"conversations      {users}")
    print(f"messages           {total}")
    print(f"relayed msg/s      {len(copies) / elapsed:.0f}")
    print(f"latency p50 (ms)   {percentile(latencies, 0.50):.0f}")
    print(f"latency p95 (ms)   {percentile(latencies, 0.95):.0f}")
    print(f"latency p99 (ms)   {percentile(latencies, 0.99):.0f}")
    print(f"peak RSS (MiB)     {peak:.0f}  (bot and fake server in one process)")
    print(f"lost               {lost}")
    print(f"duplicated         {duplicated}")
    print(f"out of order       {out_of_order}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--messages", type=int, default=25)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.users, arguments.messages))
