"""Relay benchmark: N concurrent conversations, a burst of messages, over the fake Bot API.

The bot runs as `praatmaat run` in its own process (SQLite, migrated beforehand). Prints relayed
messages/s, bot-side latency p50/p95/p99 (from getUpdates serving the update to the copyMessage
call reaching the server; "sent-to-copy" also counts time spent waiting on the server), the bot's
peak RSS, and lost / duplicated / out-of-order counts. With two or more CPUs the bot gets one to
itself, so the load generator (fake server and users, in this process) does not compete with it.
Run: python benchmarks/relay.py [--conversations 20|100|1000] [--messages N] [--database postgres]
With more conversations than MAX_SUPPORTERS, praatmaten share them (capacity up to 20 each), as a
busy evening would; the bot starts as a user starts it, on a fresh database it migrates itself.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import COORDINATOR_ID  # noqa: E402
from tests.e2e.processes import bot_environment, new_key, pair_up, start_praatmaat  # noqa: E402
from tests.fake_telegram import FakeTelegram, FakeUser  # noqa: E402
from tests.postgres import PostgresServer  # noqa: E402


def separate_cpus() -> tuple[int | None, str]:
    """Give the bot a CPU of its own (the fake server and users run here, on another one)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, f"bot and fake server share {len(cpus)} CPU"
    os.sched_setaffinity(0, {cpus[0]})
    return cpus[1], f"bot on CPU {cpus[1]}, fake server and users on CPU {cpus[0]}"


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def start_profiler(pid: int) -> asyncio.subprocess.Process | None:
    """PROFILE_BOT=out.txt records the burst with py-spy (raw stacks, GIL holder only)."""
    profile = os.environ.get("PROFILE_BOT")
    if not profile:
        return None
    command = ["py-spy", "record", "-o", profile, "-f", "raw", "--gil", "-r", "250", "-p", str(pid)]
    profiler = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.DEVNULL)
    await asyncio.sleep(1)
    return profiler


MAX_SUPPORTERS = 50
# Messages per conversation when not given: 500, 1,000 and 2,000 messages in all.
DEFAULT_MESSAGES = {20: 25, 100: 10, 1000: 2}


async def main(conversations: int, messages: int, database: str, bot_cpu: int | None) -> None:
    """Start the bot, build the conversations, fire the burst, print the figures."""
    directory = Path(tempfile.mkdtemp(prefix="praatmaat-bench-"))
    server = PostgresServer() if database == "postgres" else None
    async with FakeTelegram() as tg:
        tg.user(id=COORDINATOR_ID, first_name="Coordinator")
        env = bot_environment(tg, directory, new_key())
        if server is not None:
            server.start()
            env["DATABASE_URL"] = await server.create_database()
        process = await start_praatmaat(env, directory, bot_cpu, migrate_first=False)
        try:
            await tg.wait_for(lambda: tg.count("getUpdates") > 0, timeout=60, message="bot up")
            supporters = min(conversations, MAX_SUPPORTERS)
            pairs = await pair_up(tg, conversations, supporters)
            setup_peak = peak_rss_mib(process.pid)
            profiler = await start_profiler(process.pid)
            queued_at: dict[str, float] = {}
            calls_before = len(tg.calls)
            cpu_before = cpu_seconds(process.pid)
            started = time.monotonic()

            async def burst(student: FakeUser, index: int) -> None:
                for n in range(messages):
                    text = f"u{index} m{n}"
                    queued_at[text] = time.monotonic()
                    await student.send(text)

            await asyncio.gather(*(burst(student, i) for i, (student, _) in enumerate(pairs)))
            total = conversations * messages
            await tg.wait_for(
                lambda: (
                    sum(1 for c in tg.calls[calls_before:] if c.method == "copyMessage") >= total
                ),
                timeout=120,
                message="all copies",
            )
            elapsed = time.monotonic() - started
            peak = peak_rss_mib(process.pid)
            bot_cpu = cpu_seconds(process.pid) - cpu_before
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)
                await profiler.wait()
        finally:
            process.send_signal(signal.SIGINT)
            await process.wait()
            if server is not None:
                server.stop()
        copies = [c for c in tg.calls[calls_before:] if c.method == "copyMessage"]
        report(tg, pairs, copies, queued_at, messages, elapsed, (setup_peak, peak), bot_cpu)


def report(
    tg: FakeTelegram,
    pairs: list[tuple[FakeUser, FakeUser]],
    copies: list,
    queued_at: dict[str, float],
    messages: int,
    elapsed: float,
    peak: tuple[float, float],
    bot_cpu: float,
) -> None:
    """Print throughput, latency, memory and delivery counts."""
    lost = duplicated = out_of_order = 0
    for index, (_, supporter) in enumerate(pairs):
        received = [m.text for m in supporter.inbox if m.text and m.text.startswith(f"u{index} ")]
        expected = [f"u{index} m{n}" for n in range(messages)]
        lost += len(set(expected) - set(received))
        duplicated += len(received) - len(set(received))
        out_of_order += sum(
            1
            for a, b in itertools.pairwise(received)
            if int(a.split("m")[1]) > int(b.split("m")[1])
        )
    served = {
        (update["message"]["chat"]["id"], update["message"]["message_id"]): tg.served_at[
            update["update_id"]
        ]
        for update in tg.updates
        if "message" in update and update["update_id"] in tg.served_at
    }
    sources = {
        (student.id, message.message_id): message.text
        for student, _ in pairs
        for message in student.sent
    }
    latencies, end_to_end = [], []
    for call in copies:
        key = (int(call.params["from_chat_id"]), int(call.params["message_id"]))
        if key in served:
            latencies.append((call.time - served[key]) * 1000)
        if sources.get(key) in queued_at:
            end_to_end.append((call.time - queued_at[sources[key]]) * 1000)
    print(f"conversations      {len(pairs)}")
    print(f"messages           {len(pairs) * messages}")
    print(f"relayed msg/s      {len(copies) / elapsed:.0f}")
    print(f"latency p50 (ms)   {percentile(latencies, 0.50):.0f}")
    print(f"latency p95 (ms)   {percentile(latencies, 0.95):.0f}")
    print(f"latency p99 (ms)   {percentile(latencies, 0.99):.0f}")
    print(f"sent-to-copy p99 (ms) {percentile(end_to_end, 0.99):.0f}")
    print(f"bot peak RSS (MiB) {peak[1]:.0f} (after setting up: {peak[0]:.0f})")
    print(f"bot CPU per message (ms) {bot_cpu * 1000 / max(1, len(copies)):.1f}")
    print(f"lost               {lost}")
    print(f"duplicated         {duplicated}")
    print(f"out of order       {out_of_order}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", "--users", type=int, default=20)
    parser.add_argument("--messages", type=int, help="per conversation (default: by size)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    arguments = parser.parse_args()
    count = arguments.conversations
    per = arguments.messages or DEFAULT_MESSAGES.get(count, max(1, 500 // count))
    bot_cpu, placement = separate_cpus()
    print(f"{placement}; {arguments.database}")
    asyncio.run(main(count, per, arguments.database, bot_cpu))
