"""A burst of numbered texts from students to their praatmaten, and what arrived of it."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass

from tests.fake_telegram import Call, FakeTelegram, FakeUser


@dataclass
class Burst:
    """Who writes, how much, and when each text was written."""

    tg: FakeTelegram
    pairs: list[tuple[FakeUser, FakeUser]]
    messages: int
    started: float = 0.0
    calls_before: int = 0

    def __post_init__(self) -> None:
        self.written: dict[str, float] = {}

    @property
    def total(self) -> int:
        """How many texts the burst sends."""
        return len(self.pairs) * self.messages

    async def send(self) -> None:
        """Every student writes their texts, all at once."""
        self.calls_before = len(self.tg.calls)
        self.started = time.monotonic()

        async def write(student: FakeUser, index: int) -> None:
            for n in range(self.messages):
                text = f"u{index} m{n}"
                self.written[text] = time.monotonic()
                await student.send(text)
                await asyncio.sleep(0)

        await asyncio.gather(*(write(s, i) for i, (s, _) in enumerate(self.pairs)))

    def received(self, index: int) -> list[str]:
        """The burst texts praatmaat `index` got, in order."""
        prefix = f"u{index} "
        return [m.text for m in self.pairs[index][1].inbox if m.text and m.text.startswith(prefix)]

    def relayed(self) -> int:
        """How many different burst texts arrived."""
        return sum(len(set(self.received(i))) for i in range(len(self.pairs)))

    def score(self) -> dict[str, float | int]:
        """Sent, relayed, lost, duplicated, reordered, throughput and p99 latency."""
        lost = duplicated = reordered = 0
        for index in range(len(self.pairs)):
            got = self.received(index)
            expected = {f"u{index} m{n}" for n in range(self.messages)}
            lost += len(expected - set(got))
            duplicated += len(got) - len(set(got))
            numbers = [int(text.split("m")[1]) for text in dict.fromkeys(got)]
            reordered += sum(1 for a, b in itertools.pairwise(numbers) if a > b)
        copies = self.copies()
        latencies = sorted(
            (call.time - self.written[text]) * 1000 for call, text in copies if text in self.written
        )
        last = max((call.time for call, _ in copies), default=self.started)
        relayed = self.relayed()
        return {
            "sent": self.total,
            "relayed": relayed,
            "lost": lost,
            "duplicated": duplicated,
            "reordered": reordered,
            "throughput": round(relayed / max(last - self.started, 1e-9), 1),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))])
            if latencies
            else 0,
        }

    def doubles(self) -> dict[str, list[float]]:
        """Each text that arrived more than once, with the times of its copies."""
        times: dict[str, list[float]] = {}
        for call, text in self.copies():
            times.setdefault(text, []).append(call.time)
        return {text: found for text, found in times.items() if len(found) > 1}

    def copies(self) -> list[tuple[Call, str]]:
        """The copyMessage calls that carried a burst text (429s left out), with the text."""
        sources = {
            (student.id, message.message_id): message.text
            for student, _ in self.pairs
            for message in student.sent
        }
        failed = {id(failure.call) for failure in self.tg.failures}
        found = []
        for call in self.tg.calls[self.calls_before :]:
            if call.method != "copyMessage" or id(call) in failed:
                continue
            key = (int(call.params["from_chat_id"]), int(call.params["message_id"]))
            if sources.get(key) is not None:
                found.append((call, sources[key]))
        return found
