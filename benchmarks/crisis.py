"""Crisis detector benchmark: quality per language and category with 95 % intervals, then speed.

Data (tests/crisis/, TSV with language, label, category, text):
  blind/   batches written by helpers who saw only the spec's label definitions and the category
           list, never the detector; each is scored once, its figures recorded in
           benchmarks/README.md, and only then may it move to dev/
  dev/     what the lexicons and rules were tuned on (earlier blind batches included)
  legacy/  the first detector's corpora, kept as regression data (other labelling conventions)

Per set and language: acute recall (acute rows scored acute), risk recall (acute or concern rows
scored concern or acute), acute false-positive rate (rows not labelled acute scored acute) and
risk false-positive rate (rows labelled none scored concern or acute), each with a 95 % Wilson
interval; recall or false-positive rate per category; and leakage: the share of rows that contain
one of the lexicons' multi-word feature phrases verbatim (a high share means the rules were
written from the test data). Speed is measured on one core.
Run: python benchmarks/crisis.py [--set blind] [--seconds 0.5] [--misses] [--rules]
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import crisis  # noqa: E402
from bot.crisis import rules  # noqa: E402
from bot.crisis.lexicon import END, EXACT, LEXICON_DIR  # noqa: E402

DATA = ROOT / "tests" / "crisis"
SETS = ("blind", "dev", "legacy")
LANGUAGES = ("en", "nl", "nb")
Row = dict[str, str]


def load(paths: Iterable[Path], detector: crisis.Detector | None = None) -> list[Row]:
    """Rows of labelled TSV files, each with the (default) detector's severity added."""
    rows: list[Row] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(
                {"label": "none", "category": "everyday"} | row
                for row in csv.DictReader(handle, delimiter="\t")
            )
    assess = (detector or crisis.default_detector()).assess
    for row in rows:
        row["severity"] = assess(row["text"], row["language"]).severity
    return rows


def wilson(hits: int, total: int) -> tuple[float, float, float]:
    """A proportion and its 95 % Wilson score interval."""
    if not total:
        return math.nan, math.nan, math.nan
    z, p = 1.96, hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def rate(rows: Sequence[Row], which: Callable[[Row], bool], hit: Callable[[Row], bool]) -> str:
    """'0.950 [0.90-0.98] (38/40)' for the rows `which` selects."""
    chosen = [row for row in rows if which(row)]
    hits = sum(hit(row) for row in chosen)
    p, low, high = wilson(hits, len(chosen))
    return f"{p:5.3f} [{low:4.2f}-{high:4.2f}] ({hits}/{len(chosen)})"


def acute(row: Row) -> bool:
    """Scored acute."""
    return row["severity"] == "acute"


def alert(row: Row) -> bool:
    """Scored concern or acute."""
    return row["severity"] != "none"


def report(name: str, rows: Sequence[Row], misses: bool) -> None:
    """The four headline figures per language, then recall or FPR per category."""
    print(f"\n{name}: {len(rows)} messages")
    for language in (*LANGUAGES, "all"):
        subset = [row for row in rows if language in ("all", row["language"])]
        if not subset:
            continue
        print(
            f"  {language:3}  acute recall {rate(subset, lambda r: r['label'] == 'acute', acute)}"
            f"  risk recall {rate(subset, lambda r: r['label'] != 'none', alert)}\n"
            f"       acute FPR    {rate(subset, lambda r: r['label'] != 'acute', acute)}"
            f"  risk FPR    {rate(subset, lambda r: r['label'] == 'none', alert)}"
        )
    print("  per category (risk: scored concern or acute; none: scored concern or acute = FPR)")
    for category in sorted({row["category"] for row in rows}):
        subset = [row for row in rows if row["category"] == category]
        print(f"    {category:28} {rate(subset, lambda r: True, alert)}")
    print(f"  leakage: {leakage(rows):.3f} of rows contain a lexicon phrase verbatim")
    if misses:
        for row in rows:
            if row["severity"] != row["label"]:
                wrong = f"{row['label']:>7} -> {row['severity']:7}"
                print(f"    {wrong} [{row['language']}] {row['text']}")


def lexicon_phrases() -> set[str]:
    """The multi-word phrases that can start a feature, normalised, without gaps or anchors."""
    found: set[str] = set()
    for path in LEXICON_DIR.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if ":" not in line or line.lstrip().startswith("#"):
                continue
            tags, _, items = line.partition(":")
            if rules.TRIGGERS.isdisjoint(tags.split()):
                continue
            for item in items.split(","):
                words = [w.lstrip(EXACT).split("/")[0].split("(")[0] for w in item.split()]
                if len(words) > 1 and "..." not in words and END not in words:
                    found.add(crisis.normalise(" ".join(words)))
    return found


def leakage(rows: Sequence[Row]) -> float:
    """The share of rows whose normalised text holds a lexicon phrase as whole words."""
    phrases = lexicon_phrases()
    leaked = 0
    for row in rows:
        text = f" {crisis.normalise(row['text'])} "
        leaked += any(f" {phrase} " in text for phrase in phrases)
    return leaked / len(rows) if rows else math.nan


def per_second(texts: Sequence[str], seconds: float) -> float:
    """Messages assessed per second, best of five rounds."""
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


def report_speed(seconds: float) -> None:
    """First call, memory, and throughput on one core for typical chat and hard negatives."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with (DATA / "typical_chat.tsv").open(encoding="utf-8", newline="") as handle:
        typical = [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    hard = [row["text"] for row in load(sorted((DATA / "legacy").glob("*.tsv")))]
    long = [(" ".join(typical) * 20)[:2000] for _ in range(5)]
    print("\nspeed, one core (best of 5 rounds)")
    print(f"  typical chat ({len(typical)})      {per_second(typical, seconds):10,.0f} messages/s")
    print(f"  legacy corpora ({len(hard)})    {per_second(hard, seconds):10,.0f} messages/s")
    print(f"  2,000 characters        {per_second(long, seconds):10,.0f} messages/s")


def main() -> None:
    """Print the first-call cost, quality per set, then speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, action="append", help="only these sets")
    parser.add_argument("--seconds", type=float, default=0.5, help="length of one timed round")
    parser.add_argument("--misses", action="store_true", help="list every row scored wrongly")
    parser.add_argument("--rules", action="store_true", help="score the rules alone, no model")
    args = parser.parse_args()
    detector = crisis.Detector(learned=False) if args.rules else None
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    crisis.assess("first call")
    print(
        f"first call after import: {(time.perf_counter() - started) * 1000:.0f} ms, "
        f"peak RSS +{(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024:.1f} MiB"
    )
    for name in args.set or SETS:
        paths = sorted((DATA / name).glob("*.tsv"))
        if paths:
            report(name, load(paths, detector), args.misses)
    report_speed(args.seconds)


if __name__ == "__main__":
    main()
