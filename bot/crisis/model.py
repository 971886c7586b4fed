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
# Words whose features are remembered (per set of lexicons), about 3 MiB when full.
WORDS_KEPT = 20_000
BIAS = ""
# A feature: a word pair as a tuple (cheaper than joining it into a string), else a string.
Gram = str | tuple[str, str]


def gram_text(gram: Gram) -> str:
    """A feature as the weights file writes it ("b:" and the two words for a pair)."""
    return gram if isinstance(gram, str) else f"{PAIR}{gram[0]} {gram[1]}"


def _gram(text: str) -> Gram:
    """A feature as the weights file wrote it."""
    if text.startswith(PAIR):
        first, _, second = text[len(PAIR) :].partition(" ")
        return first, second
    return text


def features(flat: str, lexicons: Sequence[Lexicon]) -> set[Gram]:
    """A normalised message's features: words, pairs, starts, lemmas, tags, and the bias."""
    words = flat.split()
    found: set[Gram] = set(pairwise(words))
    known = _known_words(lexicons)
    for word in words:
        if (own := known.get(word)) is None:
            if len(known) > WORDS_KEPT:
                known.clear()
            own = known[word] = _word_features(word, lexicons)
        found.update(own)
    found.add(BIAS)
    return found


def _word_features(word: str, lexicons: Sequence[Lexicon]) -> tuple[str, ...]:
    """One word's own features: itself, its start, and each lexicon's lemma and tags for it."""
    own = [WORD + word]
    if len(word) > STEM_LENGTH:
        own.append(STEM + word[:STEM_LENGTH])
    for lexicon in lexicons:
        if (lemma := lexicon.forms.get(word)) is not None:
            own.append(LEMMA + lemma)
            own.extend(map(TAG.__add__, lexicon.tags.get(lemma, ())))
    return tuple(own)


_known: dict[tuple[int, ...], dict[str, tuple[str, ...]]] = {}


def _known_words(lexicons: Sequence[Lexicon]) -> dict[str, tuple[str, ...]]:
    """The words seen with these lexicons and their features (chat repeats its words)."""
    return _known.setdefault(tuple(map(id, lexicons)), {})


def probabilities(flat: str, lexicons: Sequence[Lexicon]) -> tuple[float, float]:
    """How likely a normalised message is acute, and how likely at risk (each 0 to 1)."""
    found = features(flat, lexicons)
    total = sum(filter(None, map(weights().get, found)), 0j) / math.sqrt(len(found))
    return _sigmoid(total.real), _sigmoid(total.imag)


def _sigmoid(z: float) -> float:
    """The logistic function, safe for any z."""
    return 1 / (1 + math.exp(-z)) if z > -500 else 0.0


@cache
def weights() -> dict[Gram, complex]:
    """The trained weights, read once: gram, acute weight, risk weight per line."""
    table: dict[Gram, complex] = {}
    with WEIGHTS.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            gram, acute, risk = line.rstrip("\n").split("\t")
            table[_gram(gram)] = complex(float(acute), float(risk))
    return table
