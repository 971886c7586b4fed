"""Failover benchmark: N webhook instances on one PostgreSQL, one SIGKILLed mid-burst.

The script starts a PostgreSQL server, N `praatmaat run` processes in webhook mode behind a
proxy (as deploy/nginx.conf spreads Telegram's posts), and the fake Bot API posting on 40
connections at once. 20 students each send 25 numbered texts in a burst to their praatmaten;
when a third has been relayed one instance is SIGKILLed and started again. Prints and writes
{"sent", "relayed", "lost", "duplicated", "reordered", "throughput", "p99_ms", "killed"}.
With --limits telegram the fake answers sends over 1 message/s per chat or 30/s per bot with
429 and retry_after, and the achieved rate is reported against the allowed one.
Run: python benchmarks/failover.py [--instances 3] [--json OUT.json] [--limits telegram]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.burst import Burst  # noqa: E402
from tests.e2e.conftest import COORDINATOR_ID  # noqa: E402
from tests.e2e.instances import Instances  # noqa: E402
from tests.e2e.processes import pair_up  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.postgres import PostgresServer  # noqa: E402

STUDENTS, MESSAGES = 20, 25
PER_CHAT, PER_BOT = 1.0, 30.0  # Telegram's flood limits, messages per second
CONNECTIONS = 40  # Telegram's default max_connections


async def main(instances: int, limits: bool, kill: bool) -> dict[str, object]:
    """Run the burst with a kill and a restart; the figures."""
    server = PostgresServer()
    server.start()
    directory = Path(tempfile.mkdtemp(prefix="praatmaat-failover-"))
    try:
        async with FakeTelegram() as tg:
            tg.webhook_connections = CONNECTIONS
            tg.user(id=COORDINATOR_ID, first_name="Coordinator")
            bots = Instances(tg, directory, await server.create_database(), instances)
            try:
                await bots.start_all()
                pairs = await pair_up(tg, STUDENTS)
                if limits:
                    tg.telegram_limits(PER_CHAT, PER_BOT)
                burst = Burst(tg, pairs, MESSAGES)
                failures_before = len(tg.failures)
                await burst.send()
                killed, killed_at = False, 0.0
                if kill:
                    await tg.wait_for(
                        lambda: burst.relayed() >= burst.total // 3, timeout=120, message="a third"
                    )
                    killed = burst.relayed() < burst.total
                    victim = 1 % instances
                    killed_at = time.monotonic()
                    await bots.kill(victim)
                    await bots.start(victim)
                await tg.wait_for(
                    lambda: burst.relayed() >= burst.total, timeout=300, message="every text"
                )
                await asyncio.sleep(1)  # a late duplicate would show now
                figures: dict[str, object] = {**burst.score(), "killed": killed}
                # a double whose first copy was made before the kill: sent in the instant
                # before the kill, before its record was committed
                figures["duplicated_at_kill"] = sum(
                    1 for times in burst.doubles().values() if times[0] <= killed_at < times[1]
                )
                rate_limited = sum(1 for f in tg.failures[failures_before:] if f.error_code == 429)
                if limits:
                    figures.update(rates(burst, rate_limited))
                figures["instances"] = instances
                figures["proxy_retries"] = bots.proxy.retried
            finally:
                codes = await bots.stop_all()
            figures["clean_exits"] = all(code == 0 for code in codes)
            figures["tracebacks_in_logs"] = bots.logs().count("Traceback")
            return figures
    finally:
        server.stop()


def rates(burst: Burst, rate_limited: int) -> dict[str, object]:
    """The achieved relay rates, the allowed one, and the 429s.

    n copies at the allowed rate need (n - 1) / rate seconds from the first to the last: over
    the whole burst, and (what the 1/s limit bounds) in each chat, summed over the chats.
    """
    copies = burst.copies()
    times = sorted(call.time for call, _ in copies)
    allowed = min(PER_BOT, PER_CHAT * len(burst.pairs))
    achieved = (len(times) - 1) / max(times[-1] - times[0], 1e-9)
    by_chat: dict[str, list[float]] = {}
    for call, text in copies:
        by_chat.setdefault(text.split()[0], []).append(call.time)
    per_chat = sum((len(t) - 1) / max(t[-1] - t[0], 1e-9) for t in by_chat.values() if len(t) > 1)
    return {
        "allowed_rate": allowed,
        "achieved_rate": round(achieved, 2),
        "share_of_allowed": round(achieved / allowed, 3),
        "chats_rate": round(per_chat, 2),
        "chats_share_of_allowed": round(per_chat / allowed, 3),
        "rate_limited_calls": rate_limited,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--limits", choices=("none", "telegram"), default="none")
    parser.add_argument("--no-kill", action="store_true", help="no instance is killed")
    arguments = parser.parse_args()
    began = time.monotonic()
    result = asyncio.run(
        main(arguments.instances, arguments.limits == "telegram", not arguments.no_kill)
    )
    result["wall_seconds"] = round(time.monotonic() - began, 1)
    print(json.dumps(result, indent=2))
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n")
