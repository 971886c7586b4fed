"""Crisis-language detector: assess(text, language) says if a message is acute, concern or none.

Pure: no I/O beyond reading the lexicons and the model's weights once. A message is normalised
(bot.crisis.normalise), read with each language's lexicon into clauses of lemmatised, tagged
tokens (bot.crisis.clauses), and the features of each clause are weighed (bot.crisis.rules).
A learned model (bot.crisis.model) gives a second opinion on every message: it can raise the
rules' level on its own, and lower a rules-only "acute" it finds very unlikely (see _weighed).
Coordinators' own phrases are never lowered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from bot.crisis import model, rules
from bot.crisis.clauses import DIGIT, clauses, number_tags
from bot.crisis.lexicon import EXACT, Lexicon, load
from bot.crisis.normalise import normalise

SEVERITIES = ("none", "concern", "acute")
LANGUAGES = ("en", "nl", "nb")
__all__ = ["LANGUAGES", "SEVERITIES", "Assessment", "Detector", "assess", "normalise", "prepare"]


@dataclass(frozen=True, slots=True)
class Assessment:
    """How worrying a message is, and the features (or phrases) that made it so."""

    severity: str
    matched: tuple[str, ...] = ()


_NONE = Assessment("none")
# The model's probability above which it makes a message acute (or at risk) on its own (acute
# also needs "at risk" above ACUTE_ALONE_RISK), and below which it overrules the rules' acute (or
# concern). In a message of fewer than SHORT words it needs *_SHORT to raise it and never lowers
# it: the model makes little of so few words, and "jeg vil ta livet mitt" stands on the rules.
# Where the rules saw hyperbole or a joke (PLAYFUL), the model alone never makes it acute. Chosen
# on batches the model had not seen (benchmarks/README.md).
SHORT = 10
PLAYFUL = frozenset({"HYPER", "JOKE", "JOKING"})
ACUTE_ALONE, ACUTE_SHORT, ACUTE_ALONE_RISK, ACUTE_CONFIRM = 0.5, 0.9, 0.5, 0.1
RISK_ALONE, RISK_SHORT, RISK_CONFIRM = 0.6, 0.9, 0.2
NONE = 0


def assess(text: str, language: str | None = None) -> Assessment:
    """Assess one message with the built-in lexicons (see Detector.assess)."""
    return default_detector().assess(text, language)


def prepare() -> None:
    """Load the built-in lexicons and the model's weights now (once per process)."""
    _lexicons()
    model.weights()


@cache
def default_detector() -> Detector:
    """The detector with the built-in lexicons only."""
    return Detector()


class _Language:
    """A lexicon and the lemmas that can start a feature in it."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.starts = frozenset(
            lemma for lemma, tags in lexicon.tags.items() if not tags.isdisjoint(rules.TRIGGERS)
        )
        # Each phrase that can start a feature is filed under its longest word, the likeliest to
        # be rare: a message is checked only against the phrases whose key word it holds.
        self.phrases: dict[str, list[frozenset[str | None]]] = {}
        for phrases in lexicon.phrases.values():
            for phrase in phrases:
                if not phrase.tags.isdisjoint(rules.TRIGGERS):
                    key = max(phrase.needs, key=lambda word: len(word or ""))
                    self.phrases.setdefault(key, []).append(phrase.needs)
        self.firsts = frozenset(self.phrases)
        self.prefix = _any_part(lexicon.prefixes, r"(?<!\S)(?:", r")\S")
        self.suffix = _any_part(lexicon.suffixes, r"\S(?:", r")(?!\S)")
        self.exact = frozenset(
            word[1:]
            for needs in self.phrases.values()
            for one in needs
            for word in one
            if word and word.startswith(EXACT)
        )

    def triggered(self, flat: str, tokens: list[str]) -> list[str | None] | None:
        """The tokens' lemmas when a word, or all words of a phrase, could start a feature."""
        lemmas = list(map(self.lexicon.lemmas.__getitem__, tokens))
        if (
            not self.starts.isdisjoint(lemmas)
            or self.prefix.search(flat)
            or self.suffix.search(flat)
        ):
            return lemmas
        if DIGIT.search(flat) and any("MEANS" in number_tags(token) for token in tokens):
            return lemmas
        present = {*lemmas, *tokens, *(EXACT + token for token in self.exact.intersection(tokens))}
        phrases = self.phrases
        found = any(
            needs <= present
            for first in self.firsts.intersection(present)
            for needs in phrases[first]
        )
        return lemmas if found else None


def _weighed(
    level: int, acute: float, risk: float, short: bool, playful: bool
) -> tuple[int, list[str]]:
    """The rules' level with the model's opinion, and a label when the model raised it."""
    if (level >= rules.ACUTE and (short or acute > ACUTE_CONFIRM)) or (
        not playful and acute > (ACUTE_SHORT if short else ACUTE_ALONE) and risk > ACUTE_ALONE_RISK
    ):
        weighed = rules.ACUTE
    elif (level >= rules.CONCERN and (short or risk > RISK_CONFIRM)) or risk > (
        RISK_SHORT if short else RISK_ALONE
    ):
        weighed = rules.CONCERN
    else:
        weighed = NONE
    if weighed > level:
        return weighed, [f"model: {SEVERITIES[weighed]} ({acute:.2f} acute, {risk:.2f} at risk)"]
    return weighed, []


def _any_part(parts: list[tuple[str, frozenset[str]]], before: str, after: str) -> re.Pattern[str]:
    """A regex for a word with one of the parts (a compound's start or end) that can trigger."""
    found = sorted((p for p, tags in parts if not tags.isdisjoint(rules.TRIGGERS)), key=len)
    if not found:
        return re.compile(r"(?!x)x")
    return re.compile(before + "|".join(map(re.escape, reversed(found))) + after)


@cache
def _lexicons() -> tuple[_Language, ...]:
    """The built-in lexicons, loaded once."""
    return tuple(_Language(load(language)) for language in LANGUAGES)


@cache
def _function_words() -> dict[str, tuple[int, ...]]:
    """Each function word, and the positions in _lexicons() of the languages it belongs to."""
    found: dict[str, tuple[int, ...]] = {}
    for n, entry in enumerate(_lexicons()):
        for word in entry.lexicon.function_words:
            found[word] = (*found.get(word, ()), n)
    return found


def _phrase(item: tuple[str, str, str | None]) -> tuple[str, str, str | None] | None:
    """A coordinator's phrase as (normalised words, severity, language), or None if unusable."""
    phrase, level, language = item
    if not isinstance(phrase, str) or level not in ("acute", "concern"):
        return None
    words = " ".join(normalise(phrase).replace(".", " ").split())
    return (words, level, language) if words else None


class Detector:
    """The built-in lexicons plus coordinators' extra phrases."""

    def __init__(
        self, extra: Iterable[tuple[str, str, str | None]] = (), *, learned: bool = True
    ) -> None:
        """Add `extra` (phrase, "acute" | "concern", language or None) to the built-in analysis.

        `learned=False` leaves the model out: the rules alone (for their tests and figures).

        An extra phrase that cannot be used is left out and listed in `skipped` rather than
        raising: detectors are built on the message path, where a crash would skip screening.
        """
        self._languages = _lexicons()
        self._lexicons = tuple(entry.lexicon for entry in self._languages)
        self._learned = learned
        self._function = _function_words()
        usable, skipped = [], []
        for item in extra:
            try:
                phrase = _phrase(item)
            except (TypeError, ValueError):
                phrase = None
            (usable if phrase else skipped).append(phrase or item)
        self._extra: tuple[tuple[str, str, str | None], ...] = tuple(usable)
        self.skipped: tuple[tuple[str, str, str | None], ...] = tuple(skipped)

    def assess(self, text: str, language: str | None = None) -> Assessment:
        """Assess one message.

        `language` is a hint that never narrows the analysis: students write Dutch or Norwegian
        under an English Telegram app and mix English in, so the lexicons that read a message
        are chosen from its own words (see _reading).
        """
        if not isinstance(text, str) or not text:
            return _NONE
        flat = normalise(text)
        tokens = flat.split()
        found: list[rules.Signal] = []
        playful = False
        for entry in self._reading(tokens):
            if (lemmas := entry.triggered(flat, tokens)) is not None:
                read = list(clauses(entry.lexicon, tokens, lemmas))
                tags = frozenset().union(*(clause.all_tags() for clause in read))
                found.extend(rules.signals(read, tags))
                playful = playful or not PLAYFUL.isdisjoint(tags)
        level, behind = rules.severity(found) if found else (NONE, [])
        level, learned = max(level, NONE), []
        if self._learned:
            acute, risk = model.probabilities(flat, self._lexicons)
            level, learned = _weighed(level, acute, risk, len(tokens) < SHORT, playful)
        if self._extra and (extra := self._extra_signals(flat)):
            phrases, named = rules.severity(extra)
            if phrases >= level:
                level, behind = phrases, [*named, *behind]
        if level < rules.CONCERN:
            return _NONE
        labels = [f"{s.name}: {s.words}" + (" (someone else)" if s.other else "") for s in behind]
        return Assessment(SEVERITIES[level], tuple(dict.fromkeys([*labels, *learned])))

    def _reading(self, tokens: list[str]) -> list[_Language]:
        """The languages whose lexicons read this message.

        A lexicon reads a message that has at least half as many of its function words as the
        best-matching language's, or three of them, or when no language has any: so Dutch "die"
        (that) is not English "die", and Norwegian "havet" (the sea) not a typo of "havent".
        """
        scores = [0] * len(self._languages)
        for hits in map(self._function.get, tokens):
            if hits:
                for n in hits:
                    scores[n] += 1
        best = max(scores)
        if best == 0:
            return list(self._languages)
        return [
            entry
            for entry, score in zip(self._languages, scores, strict=True)
            if 2 * score >= best or score >= 3
        ]

    def _extra_signals(self, flat: str) -> list[rules.Signal]:
        """Coordinators' phrases found as whole words, unless a negation just before voids one."""
        padded = f" {flat} "
        found = []
        for words, level, language in self._extra:
            at = padded.find(f" {words} ")
            if at < 0 or self._negated_before(padded[:at].split()[-3:], language):
                continue
            found.append(
                rules.Signal("phrase", rules.ACUTE if level == "acute" else rules.CONCERN, words)
            )
        return found

    def _negated_before(self, words: list[str], language: str | None) -> bool:
        """Whether one of these words is a negation in the phrase's language (or any)."""
        return any(
            "NEG" in entry.lexicon.tags_of(word, entry.lexicon.lemma(word))
            for entry in self._languages
            if language in (None, entry.lexicon.language)
            for word in words
            if word != "."
        )
