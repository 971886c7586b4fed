"""Crisis detector benchmark: how well it judges the labelled corpora, and how fast, on one core.

For each corpus (tests/crisis/*.tsv) and language it prints two views:
  acute      positives are messages labelled acute, an alert is severity "acute"
  any alert  positives are acute + concern, an alert is any severity but "none"; negation rows
             are left out of this view (a denial may fairly be concern or none)
with recall, precision and false-positive rate (alerts among the negatives). Then messages per
second for typical chat (the everyday and hyperbole rows), for the whole corpus (mostly crisis
language, the slow path) and for 2,000-character messages, plus the one-off compile cost.
Run: python benchmarks/crisis.py [--seconds 1.0]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import crisis  # noqa: E402

CORPORA = ROOT / "tests" / "crisis"
LANGUAGES = ("en", "nl", "nb")

Row = dict[str, str]


def load(path: Path) -> list[Row]:
    """Rows of a labelled corpus with the detector's severity added."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        row["severity"] = crisis.assess(row["text"], row["language"]).severity
    return rows


def rates(rows: Sequence[Row], positive: set[str], alert: Callable[[str], bool]) -> str:
    """Recall, precision and false-positive rate as one line."""
    pos = [row for row in rows if row["label"] in positive]
    neg = [row for row in rows if row["label"] not in positive]
    caught = sum(alert(row["severity"]) for row in pos)
    false = sum(alert(row["severity"]) for row in neg)
    recall = caught / len(pos) if pos else float("nan")
    precision = caught / (caught + false) if caught + false else float("nan")
    fpr = false / len(neg) if neg else float("nan")
    return (
        f"recall {recall:6.3f} ({caught}/{len(pos)})  precision {precision:6.3f}  "
        f"false-positive rate {fpr:6.3f} ({false}/{len(neg)})"
    )


def report_quality(name: str, rows: Sequence[Row]) -> None:
    """Both views, per language and overall."""
    print(f"\n{name}: {len(rows)} messages")
    for language in (*LANGUAGES, "all"):
        subset = [row for row in rows if language in ("all", row["language"])]
        alerting = [row for row in subset if row["label"] != "negation"]
        print(f"  {language:3}  acute      {rates(subset, {'acute'}, lambda s: s == 'acute')}")
        print(
            f"  {language:3}  any alert  "
            f"{rates(alerting, {'acute', 'concern'}, lambda s: s != 'none')}"
        )
    misses = [row for row in rows if row["label"] == "acute" and row["severity"] != "acute"]
    for row in misses:
        print(f"       missed acute [{row['language']}] -> {row['severity']}: {row['text']}")


def per_second(texts: Sequence[str], seconds: float) -> float:
    """Messages assessed per second, best of several timed rounds of about `seconds` each."""
    assess = crisis.default_detector().assess
    best = 0.0
    for _ in range(5):
        count, started = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < seconds:
            for text in texts:
                assess(text)
            count += len(texts)
        best = max(best, count / elapsed)
    return best


def report_speed(rows: Sequence[Row], seconds: float) -> None:
    """Throughput on one core for typical, crisis-heavy and long messages."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    typical = [row["text"] for row in rows if row["label"] in ("everyday", "hyperbole")]
    everything = [row["text"] for row in rows]
    long = [(" ".join(typical) * 20)[:2000] for _ in range(5)]
    print("\nspeed, one core (best of 5 rounds)")
    print(f"  typical chat      {per_second(typical, seconds):10,.0f} messages/s")
    print(f"  whole corpus      {per_second(everything, seconds):10,.0f} messages/s")
    print(f"  2,000 characters  {per_second(long, seconds):10,.0f} messages/s")


def report_compile() -> None:
    """The one-off cost of compiling the built-in phrases, and of adding coordinators' ones."""
    crisis._builtin_rules.cache_clear()
    crisis.default_detector.cache_clear()
    started = time.perf_counter()
    crisis.default_detector()
    built_in = time.perf_counter() - started
    extra = [(f"extra phrase number {n}", "concern", "en") for n in range(50)]
    started = time.perf_counter()
    crisis.Detector(extra=extra)
    with_extra = time.perf_counter() - started
    print(f"\ncompile: built-in phrases {built_in * 1000:.0f} ms once per process; ", end="")
    print(f"Detector with 50 extra phrases {with_extra * 1000:.1f} ms")


def main() -> None:
    """Print quality per corpus, then speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one timed round")
    args = parser.parse_args()
    report_compile()
    corpus = []
    for path in sorted(CORPORA.glob("*.tsv")):
        rows = load(path)
        report_quality(path.name, rows)
        corpus.extend(rows)
    report_speed(corpus, args.seconds)


if __name__ == "__main__":
    main()
