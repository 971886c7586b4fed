"""The learned second opinion: word weights that say how likely a message is acute, or at risk.

Two logistic models trained by `tools/train_crisis_model.py` on the labelled messages in
tests/crisis/dev: one for "acute", one for "at risk" (concern or acute). Their features are the
normalised message's words, word pairs and word starts (the first five letters: "kuttet" and
"kutter" share one), and the lemma and tags the lexicons give a word (so "sneed", "gesneden" and
"snijd" share features, as do synonyms with one tag). Character n-grams scored a little better
but cost four times the rules' own time. Each weight pair is stored as one complex number
(acute + risk·i), so one sum gives both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path

from bot.crisis.lexicon import Lexicon

WEIGHTS = Path(__file__).with_name("model") / "weights.tsv"
WORD, PAIR, STEM, LEMMA, TAG = "w:", "b:", "s:", "l:", "t:"
STEM_LENGTH = 5
BIAS = ""


def features(flat: str, lexicons: Sequence[Lexicon]) -> set[str]:
    """A normalised message's features: words, pairs, starts, lemmas, tags, and the bias."""
    words = flat.split()
    found = set(map(WORD.__add__, words))
    found.update(map(PAIR.__add__, map(" ".join, pairwise(words))))
    found.update(STEM + word[:STEM_LENGTH] for word in words if len(word) > STEM_LENGTH)
    for lexicon in lexicons:
        forms, tags = lexicon.forms, lexicon.tags
        for lemma in filter(None, map(forms.get, words)):
            found.add(LEMMA + lemma)
            found.update(map(TAG.__add__, tags.get(lemma, ())))
    found.add(BIAS)
    return found


def probabilities(flat: str, lexicons: Sequence[Lexicon]) -> tuple[float, float]:
    """How likely a normalised message is acute, and how likely at risk (each 0 to 1)."""
    found = features(flat, lexicons)
    total = sum(filter(None, map(weights().get, found)), 0j) / math.sqrt(len(found))
    return _sigmoid(total.real), _sigmoid(total.imag)


def _sigmoid(z: float) -> float:
    """The logistic function, safe for any z."""
    return 1 / (1 + math.exp(-z)) if z > -500 else 0.0


@cache
def weights() -> dict[str, complex]:
    """The trained weights, read once: gram, acute weight, risk weight per line."""
    table: dict[str, complex] = {}
    with WEIGHTS.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            gram, acute, risk = line.rstrip("\n").split("\t")
            table[gram] = complex(float(acute), float(risk))
    return table
