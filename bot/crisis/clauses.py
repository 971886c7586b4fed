"""A message as clauses of tagged tokens, read with one language's lexicon."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.crisis.lexicon import END, EXACT, GAP_WORDS, Lexicon

SENTENCE_END = "."
SPLIT = "SPLIT"  # a conjunction that starts a new clause ("but", "maar", "men")
_EMPTY: frozenset[str] = frozenset()
_CONTEXT = frozenset(
    {"HEIGHT", "TRACK", "WATER", "PLACE", "SPEAKER", "OTHER", "SELFREF", "OTHERREF", "TIME"}
    | {"PAST", "RECENTPAST", "HABIT", "AGAIN", "JOKE", "RECOVERED"}
)
_NUMBER = re.compile(r"x?(\d{1,6})(?:[.,]\d+)?([a-z]*)")
DIGIT = re.compile(r"\d")
_WEIGHT_UNITS = frozenset({"kg", "kilo", "kilos", "kgs", "lbs"})
_QTY = frozenset({"QTY"})
# "500mg", "40stk": a dose names a medicine even when its name is left out.
_DOSE_UNITS = frozenset({"mg", "g", "gr", "ml", "stk", "stuks", "pcs", "tabs", "tab"})
_DOSE = frozenset({"QTY", "MEANS"})
_YEAR = frozenset({"PAST"})  # "in 2019": a year is the past in chat about oneself
_WEIGHT = frozenset({"WEIGHT"})


def number_tags(token: str) -> frozenset[str]:
    """A quantity of ten or more ("30"), a dose ("500mg"), a weight ("60kg") or a year."""
    match = _NUMBER.fullmatch(token)
    if match is None:
        return _EMPTY
    if match[2] in _WEIGHT_UNITS:
        return _WEIGHT
    if match[2] in _DOSE_UNITS:
        return _DOSE
    if not match[2] and len(match[1]) == 4 and 1990 <= int(match[1]) < 2030:
        return _YEAR
    return _QTY if int(match[1]) >= 10 else _EMPTY


class Clause:
    """The tags of one clause's tokens; `words` names what each tag covered."""

    __slots__ = ("index", "tags", "words")

    def __init__(self, tags: list[frozenset[str]], words: list[str]) -> None:
        self.tags, self.words = tags, words
        self.index: dict[str, list[int]] = {}
        for i, own in enumerate(tags):
            for one in own:
                self.index.setdefault(one, []).append(i)

    def at(self, tag: str) -> list[int]:
        """Positions of the tokens that carry `tag`."""
        return self.index.get(tag, [])

    def at_any(self, tags: tuple[str, ...]) -> list[int]:
        """Positions of the tokens that carry any of `tags`."""
        index = self.index
        return sorted({i for tag in tags if tag in index for i in index[tag]})

    def has(self, *tags: str) -> bool:
        """Whether any token carries any of `tags`."""
        index = self.index
        return any(tag in index for tag in tags)

    def first(self, *tags: str) -> int | None:
        """Position of the first token carrying any of `tags`."""
        index = self.index
        found = [index[tag][0] for tag in tags if tag in index]
        return min(found) if found else None

    def all_tags(self) -> frozenset[str]:
        """Every tag in the clause."""
        return frozenset(self.index)


def _match(
    lemmas: list[str | None], tokens: list[str], start: int, words: tuple, fillers: frozenset[str]
) -> int | None:
    """The end of a phrase matched at `start` (exclusive), or None; fillers may stand between."""
    position, gap = start + 1, 0
    for word in words[1:]:
        if word is None:
            gap = GAP_WORDS
            continue
        if word == END:
            while position < len(tokens) and lemmas[position] in fillers:
                position += 1
            if position < len(tokens) and tokens[position] != SENTENCE_END:
                return None
            return position
        k, skipped = position, 0
        while k < len(tokens) and tokens[k] != SENTENCE_END:
            if lemmas[k] == word or tokens[k] == word or EXACT + tokens[k] == word:
                break
            if lemmas[k] in fillers:
                k += 1
                continue
            if skipped >= gap:
                return None
            skipped += 1
            k += 1
        else:
            return None
        position, gap = k + 1, 0
    return position


def tag(
    lexicon: Lexicon, tokens: list[str], lemmas: list[str | None] | None = None
) -> tuple[list[frozenset[str]], list[str]]:
    """Tags per token, phrases applied: a phrase's tags replace those of the words it covers."""
    if lemmas is None:
        lemmas = list(map(lexicon.lemmas.__getitem__, tokens))
    tags = [
        number_tags(token) if DIGIT.search(token) else lexicon.tags_of(token, lemma)
        for token, lemma in zip(tokens, lemmas, strict=True)
    ]
    words = list(tokens)
    present = {*lemmas, *tokens, *(EXACT + token for token in tokens)}
    covered: set[int] = set()
    # Idioms first: "want to die of cringe" is the idiom "die of", not a wish to die.
    for silencing in (True, False):
        _apply(lexicon, lemmas, tokens, tags, words, present, covered, silencing)
    return tags, words


def _apply(
    lexicon: Lexicon,
    lemmas: list[str | None],
    tokens: list[str],
    tags: list[frozenset[str]],
    words: list[str],
    present: set[str | None],
    covered: set[int],
    silencing: bool,
) -> None:
    """Apply the phrases of one kind (idioms and frames, or the rest) left to right."""
    if lexicon.starts[silencing].isdisjoint(present):
        return
    phrases = lexicon.phrases
    for i, lemma in enumerate(lemmas):
        if i in covered:
            continue
        candidates = phrases.get(lemma) if lemma is not None else None
        exact = phrases.get(EXACT + tokens[i])
        if exact:
            candidates = sorted([*(candidates or ()), *exact], key=lambda p: -len(p.words))
        if not candidates:
            continue
        for phrase in candidates:
            if phrase.silences is not silencing or not phrase.needs <= present:
                continue
            end = _match(lemmas, tokens, i, phrase.words, lexicon.fillers)
            if end is None:
                continue
            # Idioms and frames silence the words they cover; other phrases use up the words'
            # own features and negations ("don't want to live") but keep who and where.
            own = _covered(lemmas, tokens, i, end, phrase.words)
            if not covered.isdisjoint(own):
                continue
            for k in own:
                tags[k] = _EMPTY if silencing else tags[k] & _CONTEXT
                covered.add(k)
            tags[i] = phrase.tags if silencing else tags[i] | phrase.tags
            words[i] = " ".join(tokens[i:end])
            break


def _covered(
    lemmas: list[str | None], tokens: list[str], start: int, end: int, words: tuple
) -> list[int]:
    """The positions of a matched phrase's own words (not those in its gaps)."""
    wanted = {w for w in words if w is not None and w != END}
    return [
        k
        for k in range(start, end)
        if lemmas[k] in wanted or tokens[k] in wanted or EXACT + tokens[k] in wanted
    ]


def clauses(
    lexicon: Lexicon, tokens: list[str], lemmas: list[str | None] | None = None
) -> Iterator[Clause]:
    """The clauses of a normalised message, split at sentence ends and clause conjunctions."""
    tags, words = tag(lexicon, tokens, lemmas)
    start = 0
    for i in range(len(tokens) + 1):
        if i == len(tokens) or tokens[i] == SENTENCE_END or SPLIT in tags[i]:
            if i > start:
                yield Clause(tags[start:i], words[start:i])
            start = i + 1 if i < len(tokens) and tokens[i] == SENTENCE_END else i
            if i < len(tokens) and SPLIT in tags[i]:
                start = i + 1
