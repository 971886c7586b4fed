"""Per-language word lists: every form of a lemma maps to the lemma, lemmas and phrases to tags.

A lexicon file (bot/crisis/lexicon/<language>.txt) has lines `TAG: item, item, …`. An item is one
word or a phrase of words separated by spaces; in a phrase `...` stands for up to three other
words and `$` for the end of the sentence. A word is written as its lemma, optionally with a
paradigm and irregular forms: `snijden/v(sneed sneden gesneden)`. `/v` and `/n` generate the
regular verb or noun forms of the language, `(…)` adds forms the rules miss, `stem*` matches any
word starting with the stem (compounds: "selvmordstanker") and `*end` any word ending so
("tromsøbrua"). A lemma declared once is known everywhere in the file, so a phrase word matches
any of its forms ("take ... life" matches "took my own life"), unless written `=word`: then only
that form does (and a single `=word` item tags that form alone, not its lemma). A `FUNCTION:`
line lists everyday words that tell the language.

Forms are normalised like messages, Norwegian æ/ø/å also match their ASCII spellings, and a
word of seven letters or more also matches with one letter (not the first) added or dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.crisis.forms import PARADIGMS, spellings
from bot.crisis.normalise import normalise

LEXICON_DIR = Path(__file__).parent / "lexicon"
GAP = "..."
END = "$"  # the end of a sentence: "kan niet meer $" is not "kan niet meer slapen"
FUNCTION = "FUNCTION"  # a line of everyday words that tell the language, not tags
EXACT = "="  # a phrase word matched as written, not by lemma ("=ha det" is not "har det")
GAP_WORDS = 3
FUZZY_FROM = 7

_ITEM = re.compile(r"^(?P<word>[^/(]+)(?:/(?P<paradigm>[vna]))?(?:\((?P<forms>[^)]*)\))?$")
_SEPARATED = re.compile(r"[^\s(]+_[^\s)]+")  # "ga_dood": a separable verb's form, as a phrase
_WORDS = re.compile(r"[^\s(]+(?:\([^)]*\))?")


class LexiconError(ValueError):
    """A lexicon line that cannot be read."""


SILENCING = frozenset({"HYPER", "BENIGN", "FRAME"})


@dataclass(slots=True)
class Phrase:
    """Lemmas in order (None for a gap), and the tags the whole span gets."""

    words: tuple[str | None, ...]
    tags: frozenset[str]
    needs: frozenset[str | None] = frozenset()
    silences: bool = False

    def __post_init__(self) -> None:
        self.needs = frozenset(w for w in self.words if w not in (None, END))
        self.silences = not self.tags.isdisjoint(SILENCING)


# Tokens remembered per language: about 2 MiB each when full, against 5 MiB per 50,000.
LEMMA_CACHE = 20_000


class _Lemmas(dict[str, str | None]):
    """Token -> lemma, filled on first sight (chat repeats its words; a miss costs one look-up)."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.lexicon = lexicon

    def __missing__(self, token: str) -> str | None:
        if len(self) > LEMMA_CACHE:
            self.clear()
        found = self[token] = self.lexicon.look_up(token)
        return found


@dataclass(slots=True)
class Lexicon:
    """One language's forms, lemma tags, phrases and compound prefixes."""

    language: str
    forms: dict[str, str] = field(default_factory=dict)
    fuzzy: dict[str, str] = field(default_factory=dict)
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    prefixes: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    suffixes: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    form_tags: dict[str, frozenset[str]] = field(default_factory=dict)
    fillers: frozenset[str] = frozenset()
    generated: set[str] = field(default_factory=set)
    starts: dict[bool, frozenset[str]] = field(default_factory=dict)
    function_words: frozenset[str] = frozenset()
    lemmas: _Lemmas = field(init=False)

    def __post_init__(self) -> None:
        self.lemmas = _Lemmas(self)

    def lemma(self, token: str) -> str | None:
        """The lemma a message token stands for, or None when it is not in the lexicon."""
        return self.lemmas[token]

    def look_up(self, token: str) -> str | None:
        """The lemma of a token not seen before: its form, or one typo away."""
        found = self.forms.get(token)
        if found is None and len(token) >= FUZZY_FROM and not token.isdigit():
            found = self._near(token)
        return found

    def tags_of(self, token: str, lemma: str | None) -> frozenset[str]:
        """The tags of a token: its lemma's (and its own form's), or a compound part's."""
        if lemma is not None:
            tags = self.tags.get(lemma, frozenset())
            return tags | self.form_tags[token] if token in self.form_tags else tags
        for prefix, tags in self.prefixes:
            if token.startswith(prefix) and len(token) > len(prefix):
                return tags
        for suffix, tags in self.suffixes:
            if token.endswith(suffix) and len(token) > len(suffix):
                return tags
        return frozenset()

    def _near(self, token: str) -> str | None:
        """A lemma one typo away (not in the first letter): a letter added or dropped."""
        if (lemma := self.fuzzy.get(token)) is not None:
            return lemma
        for i in range(1, len(token)):
            lemma = self.forms.get(token[:i] + token[i + 1 :])
            if lemma is not None:
                return lemma
        return None


def _items(line: str) -> Iterator[str]:
    """The comma-separated items of a line's right-hand side."""
    for item in line.split(","):
        if item.strip():
            yield item.strip()


def _declare(lexicon: Lexicon, word: str, line_no: int, own: bool = False) -> str | None:
    """Register a word's forms; its lemma (None for a gap). Forms "a_b" are left to the caller."""
    if word == GAP:
        return None
    if word == END:
        return END
    if word.startswith(EXACT) and len(word) > 1:
        return EXACT + normalise(word[1:])
    match = _ITEM.match(word)
    if match is None:
        raise LexiconError(f"{lexicon.language}.txt:{line_no}: cannot read {word!r}")
    lemma = normalise(match["word"])
    if not lemma or " " in lemma:
        raise LexiconError(f"{lexicon.language}.txt:{line_no}: {word!r} is not one word")
    # A tagged word declares its lemma and its listed forms; a word in a phrase, and forms a
    # paradigm guessed, only hold a place until one does ("doden", to kill, is not "doen").
    known = lemma if own else lexicon.forms.get(lemma, lemma)
    listed = {lemma, *(f for f in (match["forms"] or "").split() if "_" not in f)}
    paradigm = match["paradigm"]
    guessed = PARADIGMS[lexicon.language](match["word"], paradigm) if paradigm else set()
    for form in listed | guessed:
        strong = own and form in listed
        for spelling in spellings(form):
            if spelling not in lexicon.forms or (strong and spelling in lexicon.generated):
                lexicon.forms[spelling] = known
                if strong:
                    lexicon.generated.discard(spelling)
                else:
                    lexicon.generated.add(spelling)
    return lemma


def _add_fuzzy(lexicon: Lexicon) -> None:
    """One-letter-dropped variants of every tagged form of FUZZY_FROM letters or more."""
    tagged = set(lexicon.tags)
    for form, lemma in lexicon.forms.items():
        if len(form) < FUZZY_FROM or lemma not in tagged:
            continue
        for i in range(1, len(form)):
            shorter = form[:i] + form[i + 1 :]
            if shorter not in lexicon.forms:
                lexicon.fuzzy.setdefault(shorter, lemma)


def parse(language: str, lines: Iterable[str]) -> Lexicon:
    """Build a lexicon from a file's lines."""
    lexicon = Lexicon(language)
    tagged: list[tuple[str, frozenset[str]]] = []
    function: set[str] = set()
    phrases: list[tuple[list[str | None], frozenset[str]]] = []
    for line_no, raw in enumerate(lines, 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        head, sep, rest = line.partition(":")
        if not sep or not head.strip():
            raise LexiconError(f"{language}.txt:{line_no}: expected 'TAG: item, item'")
        tags = frozenset(head.split())
        if tags == {FUNCTION}:
            function.update(normalise(word) for word in _items(rest))
            continue
        for item in _items(rest):
            words = _WORDS.findall(item.replace("-", " "))
            if len(words) == 1 and words[0].endswith("*"):
                lexicon.prefixes.append((normalise(words[0][:-1]), tags))
            elif len(words) == 1 and words[0].startswith(EXACT):
                form = normalise(words[0][1:])
                lexicon.form_tags[form] = lexicon.form_tags.get(form, frozenset()) | tags
            elif len(words) == 1 and words[0].startswith("*"):
                lexicon.suffixes.append((normalise(words[0][1:]), tags))
            elif len(words) == 1:
                lemma = _declare(lexicon, words[0], line_no, own=True)
                if lemma is not None:
                    tagged.append((lemma, tags))
                for form in _SEPARATED.findall(words[0]):
                    parts = form.split("_")
                    phrases.append(([_declare(lexicon, w, line_no) for w in parts], tags))
            else:
                phrases.append(([_declare(lexicon, w, line_no) for w in words], tags))
    resolve = lexicon.forms.get
    for lemma, tags in tagged:
        if tags != {"-"}:
            known = resolve(lemma, lemma)
            lexicon.tags[known] = lexicon.tags.get(known, frozenset()) | tags
    merged: dict[tuple[str | None, ...], frozenset[str]] = {}
    for words, tags in phrases:
        if words[0] in (None, END) or words[-1] is None:
            raise LexiconError(f"{language}.txt: a phrase cannot start or end with ...")
        key = tuple(w if w is None or w == END or w[0] == EXACT else resolve(w, w) for w in words)
        merged[key] = merged.get(key, frozenset()) | tags
    for words, tags in merged.items():
        lexicon.phrases.setdefault(words[0], []).append(Phrase(words, tags))
    for candidates in lexicon.phrases.values():
        candidates.sort(key=lambda phrase: -len(phrase.words))
    lexicon.starts = {
        kind: frozenset(
            w for w, ps in lexicon.phrases.items() if any(p.silences is kind for p in ps)
        )
        for kind in (True, False)
    }
    lexicon.prefixes.sort(key=lambda item: -len(item[0]))
    lexicon.function_words = frozenset(function)
    lexicon.fillers = frozenset(lemma for lemma, tags in lexicon.tags.items() if "FILLER" in tags)
    _add_fuzzy(lexicon)
    return lexicon


def load(language: str) -> Lexicon:
    """The built-in lexicon of one language."""
    path = LEXICON_DIR / f"{language}.txt"
    return parse(language, path.read_text(encoding="utf-8").splitlines())
