"""Train the crisis detector's learned second opinion (bot/crisis/model/weights.tsv).

Two logistic regressions (acute; at risk = concern or acute) over bot.crisis.model.features,
fitted by seeded stochastic gradient descent, so the same data gives the same weights. Data:
every labelled TSV in tests/crisis/dev (language, label, category, text) and the ordinary chat
in tests/crisis/typical_chat.tsv as "none". Grams seen in fewer than --min-count messages are
left out (they rarely generalise, and each costs memory in the bot).
`--hold-out PREFIX` leaves the dev files starting with PREFIX out and prints how the detector
(rules and this model) scores them: the honest measure of how it generalises. Needs numpy
(installed with matplotlib).
Run: python tools/train_crisis_model.py [--hold-out test4] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import crisis  # noqa: E402
from bot.crisis import model  # noqa: E402
from bot.crisis.lexicon import load  # noqa: E402
from bot.crisis.normalise import normalise  # noqa: E402

DATA = ROOT / "tests" / "crisis"
EPOCHS, RATE, L2 = 40, 0.5, 1e-4


def rows(paths: list[Path]) -> list[dict[str, str]]:
    """Labelled rows of TSV files (a file without a label column is ordinary chat: none)."""
    found: list[dict[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            found.extend({"label": "none"} | row for row in csv.DictReader(handle, delimiter="\t"))
    return found


def fit(samples: list[np.ndarray], targets: np.ndarray, size: int) -> np.ndarray:
    """Weights of a logistic regression over sparse binary features (each row scaled by √n)."""
    weights = np.zeros(size)
    for epoch in range(EPOCHS):
        for i in np.random.default_rng(epoch).permutation(len(samples)):
            index = samples[i]
            scale = 1 / math.sqrt(len(index))
            p = 1 / (1 + math.exp(-weights[index].sum() * scale))
            weights[index] -= RATE * ((p - targets[i]) * scale + L2 * weights[index])
    return weights


def main() -> None:
    """Train on the development data and write the weights (or score a held-out batch)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hold-out", default="", help="leave out dev files with this prefix")
    parser.add_argument("--min-count", type=int, default=2, help="keep grams seen this often")
    parser.add_argument("--out", type=Path, default=model.WEIGHTS, help="where to write")
    options = parser.parse_args()
    lexicons = [load(language) for language in ("en", "nl", "nb")]
    dev = sorted((DATA / "dev").glob("*.tsv"))
    held = [p for p in dev if options.hold_out and p.name.startswith(options.hold_out)]
    training = rows([p for p in dev if p not in held] + [DATA / "typical_chat.tsv"])
    seen = [model.features(normalise(row["text"]), lexicons) for row in training]
    counts = Counter(gram for found in seen for gram in found)
    kept = sorted(
        (gram for gram, n in counts.items() if n >= options.min_count), key=model.gram_text
    )
    number = {gram: n for n, gram in enumerate(kept)}
    samples = [np.array([number[g] for g in found if g in number]) for found in seen]
    acute = fit(samples, np.array([r["label"] == "acute" for r in training], float), len(kept))
    risk = fit(samples, np.array([r["label"] != "none" for r in training], float), len(kept))
    options.out.parent.mkdir(parents=True, exist_ok=True)
    with options.out.open("w", encoding="utf-8") as out:
        out.write(f"# tools/train_crisis_model.py: {len(training)} messages, {len(kept)} grams\n")
        for gram, a, r in zip(kept, acute, risk, strict=True):
            out.write(f"{model.gram_text(gram)}\t{a:.4f}\t{r:.4f}\n")
    print(f"{len(training)} messages, {len(kept)} grams -> {options.out}")
    if held:
        score(rows(held), options.out)


def score(held: list[dict[str, str]], path: Path) -> None:
    """Print how the detector with these weights scores held-out rows (recall, FPR)."""
    model.WEIGHTS = path
    model.weights.cache_clear()
    found = [(row["label"], crisis.assess(row["text"], row["language"]).severity) for row in held]
    figures = {
        "acute recall": [s == "acute" for label, s in found if label == "acute"],
        "risk recall": [s != "none" for label, s in found if label != "none"],
        "acute FPR": [s == "acute" for label, s in found if label != "acute"],
        "risk FPR": [s != "none" for label, s in found if label == "none"],
    }
    print(", ".join(f"{name} {sum(hit) / max(1, len(hit)):.2f}" for name, hit in figures.items()))


if __name__ == "__main__":
    main()
