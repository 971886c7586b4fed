"""Crisis-language detector: assess(text, language) says if a message is acute, concern or none.

Pure: no I/O beyond reading the phrase files in bot/crisis_data once. Those files hold all the
language; this module only normalises text, compiles phrases and weighs their context.

A message is judged in four steps:
1. normalise() folds case, strips accents (keeping Norwegian æ/ø/å), zero-width characters,
   leetspeak, spaced-out letters, punctuation (sentence ends become " . ") and repeated letters;
   filler words ("just", "gewoon", "bare") are then dropped from the text and the phrases alike.
2. One regex over the phrases of every language finds each phrase starting at each word, so
   overlapping phrases are all seen.
3. Context: a [hyperbole] phrase overlapping an alert cancels it ("die of embarrassment"), a
   [softer] one keeps it at concern ("the weather makes me want to die"); a [benign] purpose
   anywhere cancels [method] phrases ("paracetamol for my headache"); a negation
   just before an alert ("I'm not suicidal") lowers acute to concern and concern to nothing;
   another person as subject ("my friend is suicidal") lowers acute to concern; an [intent]
   phrase (a plan, a time, a means at hand) lifts a concern of the speaker's own, or a bare
   [means] word without a benign purpose, to acute ("bought a rope. it's happening tonight").
4. The highest remaining severity wins; `matched` lists the phrases behind it.

The phrase format is described at the top of bot/crisis_data/en.txt.
"""

from __future__ import annotations

import operator
import re
import string
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

SEVERITIES = ("none", "concern", "acute")
LANGUAGES = ("en", "nl", "nb")
DATA_DIR = Path(__file__).parent / "crisis_data"

# Phrase kinds, in the order they win when several start at the same word: a hyperbole reading
# must beat the alert it contains, and an acute phrase must beat a concern phrase.
PHRASE_KINDS = ("hyperbole", "softer", "acute", "method", "concern", "intent", "means", "benign")
WORD_KINDS = (
    "filler",
    "negation",
    "after-negation",
    "not-negation",
    "other-person",
    "after-other-person",
)

_GAP_WORDS = 3
_ALERT_KINDS = frozenset({"acute", "method", "concern", "softer"})
_INTENT_AND_MEANS = frozenset({"intent", "means"})
_CONTEXT_CHARS = 120


@dataclass(frozen=True, slots=True)
class Assessment:
    """How worrying a message is, and the phrases (or rules) that made it so."""

    severity: str
    matched: tuple[str, ...] = ()


_NONE = Assessment("none")


def assess(text: str, language: str | None = None) -> Assessment:
    """Assess one message with the built-in phrases (see Detector.assess)."""
    return default_detector().assess(text, language)


def prepare() -> None:
    """Compile the built-in phrases now, letter-by-letter variant included (once per process)."""
    _builtin_rules().builtin.compile_loose()


@cache
def default_detector() -> Detector:
    """The detector for the built-in phrases, compiled once."""
    return Detector()


# --- normalisation --------------------------------------------------------------------------------

_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\u3164\ufeff"
)
# Emoji that name a means become the word, so "💊💊💊 x20" reads like "pills pills pills x20".
_EMOJI_WORDS = {"💊": " pills ", "🔪": " knife ", "🪢": " rope ", "🔫": " gun ", "🩸": " blood "}
_APOSTROPHES = "’‘‛`´ʼʹ′"
# Cyrillic look-alikes slip past filters; lower case is enough, this runs after casefold.
_HOMOGLYPHS = dict(zip("аеорсухіјѕкмтԁӏ", "aeopcyxijskmtdl", strict=True))
_SPECIAL = {
    **dict.fromkeys(_INVISIBLE, ""),
    **_EMOJI_WORDS,
    **dict.fromkeys(_APOSTROPHES, "'"),
    "×": " x ",
    "…": ".",
}
# A regex finding the few characters to replace: str.translate with a dict costs ~0.1 µs per
# character of the whole text, a long message with one emoji would pay it all.
_SPECIAL_CHARS = re.compile("[" + re.escape("".join(_SPECIAL)) + "]")
_HOMOGLYPH_CHARS = re.compile("[" + "".join(_HOMOGLYPHS) + "]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_OTHER_SYMBOLS = re.compile(r"[^\w\s!-/:-@\[-`{-~]")

_LETTER = "a-zøæå"
# Cheap test first: most messages have no leetspeak, and the rewrite runs a callback per word.
_LEET_HINT = re.compile(rf"[{_LETTER}][013457@$]|[013457@$][{_LETTER}]|[{_LETTER}][!|][{_LETTER}]")
_LEET_TOKEN = re.compile(r"\S+")
_UNITS = (
    *("mg", "gram", "grams", "g", "gr", "ml", "l", "x", "st", "stk", "stuks", "pcs", "pc"),
    *("tab", "tabs", "tablets", "pills", "pillen", "piller", "km", "kms", "k"),
    *("am", "pm", "u", "h", "uur", "min", "mins", "nd", "rd", "th", "e", "de", "ste", "ne"),
)
_LEET_TABLE = str.maketrans("013457@$", "oieastas")
_LEET_BETWEEN = re.compile(rf"(?<=[{_LETTER}])[!|](?=[{_LETTER}])")

_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_DECIMAL_MARK = "\ue000"  # private use: survives the byte table and is neither space nor word
# Bytes, not str.translate: ASCII punctuation becomes a space or a sentence end in one C pass
# (a third of the time), and UTF-8 bytes of other letters are all >= 0x80, so they pass untouched.
_PUNCTUATION_BYTES = bytes.maketrans(
    (string.punctuation + "\t\n\r").encode(),
    b"".join(b"." if ch in ".,!?;:\n\r" else b" " for ch in string.punctuation + "\t\n\r"),
)
_SPACED_HINT = re.compile(r"[\s.][^\W\d_][\s.]+[^\W\d_][\s.]+[^\W\d_](?!\w)")
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][\s.]+){2,}[^\W\d_](?!\w)")
_DOT_RUNS = re.compile(r"\.(?: \.)+")
_REPEATED = re.compile(r"([a-zøæå])\1+")
# Leetspeak and decimals both need one of these; most messages have none, so both are skipped.
_DIGITS_AND_SYMBOLS = frozenset("0123456789@$!|")


def normalise(text: str) -> str:
    """Text as the phrases see it: folded, unaccented, no leet, sentence ends as ' . '."""
    return _normalise(text)[0]


def _normalise(text: str) -> tuple[str, tuple[str, ...]]:
    """The normalised text, and the words spelled out letter by letter ("s u i c i d e")."""
    text = text.casefold()
    if not text.isascii():
        text = _fold_unicode(text)
    if "'" in text:
        text = text.replace("'", "")  # "don't" -> "dont", before leet sees "0'm" as "0m"
    if not _DIGITS_AND_SYMBOLS.isdisjoint(text):
        if _LEET_HINT.search(text):
            text = _LEET_TOKEN.sub(_unleet, text)
        text = _DECIMAL.sub(_DECIMAL_MARK, text)
    text = _collapse(text.encode().translate(_PUNCTUATION_BYTES).decode())
    spelled: tuple[str, ...] = ()
    if _SPACED_HINT.search(" " + text):
        spelled = tuple(_join_letters(m) for m in _SPACED.finditer(text))
        text = _SPACED.sub(_join_letters, text)
    text = " ".join(text.replace(".", " . ").split())
    if ". ." in text:
        text = _DOT_RUNS.sub(".", text)
    if _DECIMAL_MARK in text:
        text = text.replace(_DECIMAL_MARK, ".")
    return text, spelled


def _collapse(text: str) -> str:
    """Repeated letters to one ("diiie" -> "die", "kill" -> "kil"), digits untouched."""
    # itemgetter runs in C: a Python callback per doubled letter ("all", "see") costs more.
    return _REPEATED.sub(_FIRST_LETTER, text)


_FIRST_LETTER = operator.itemgetter(1)  # the letter a run of it stands for


# A number with a unit is a quantity the method phrases need ("800mg", "x20", "30pills"), not
# leet; units are also accepted collapsed ("30pils"), so normalising twice changes nothing.
_QUANTITY = re.compile(
    r"x?\d+(?:[.,]\d+)?(?:"
    + "|".join(sorted({*_UNITS, *map(_collapse, _UNITS)}, key=len, reverse=True))
    + r")?[.,!?]*"
)


def _fold_unicode(text: str) -> str:
    """Strip accents but keep å (ø and æ do not decompose); drop invisible and other symbols."""
    text = _SPECIAL_CHARS.sub(_special, text)
    # Fold again after NFKD: styled capitals ("𝐊𝐈𝐋𝐋", fullwidth) only become A-Z there.
    text = unicodedata.normalize("NFKD", text).casefold().replace("a\u030a", "å")
    text = _HOMOGLYPH_CHARS.sub(_latin, _COMBINING.sub("", text))
    return _OTHER_SYMBOLS.sub(" ", text)


def _special(match: re.Match[str]) -> str:
    """What an invisible character, apostrophe or means emoji becomes."""
    return _SPECIAL[match.group()]


def _latin(match: re.Match[str]) -> str:
    """The Latin letter a Cyrillic look-alike stands for."""
    return _HOMOGLYPHS[match.group()]


def _unleet(match: re.Match[str]) -> str:
    """Read one word's leetspeak ("k1ll", "$uicide") unless it is a quantity."""
    token = match.group()
    if not _LEET_HINT.search(token) or _QUANTITY.fullmatch(token):
        return token
    token = _LEET_BETWEEN.sub(lambda m: "i" if m.group() == "!" else "l", token)
    return token.translate(_LEET_TABLE)


def _join_letters(match: re.Match[str]) -> str:
    """'s u i c i d e' -> 'suicide', 'k i l l' -> 'kil'."""
    return _collapse("".join(match.group().split()).replace(".", ""))


# --- phrase syntax --------------------------------------------------------------------------------


class PhraseError(ValueError):
    """A phrase file line, or a coordinator's phrase, that cannot be compiled."""


@dataclass(frozen=True, slots=True)
class _Word:
    """A phrase word: its accepted spellings, and whether any ending may follow (word*)."""

    spellings: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class _Macro:
    """{NAME}, qualified by its file ("en.txt:SELF")."""

    name: str


@dataclass(frozen=True, slots=True)
class _Count:
    """#N: a number written in digits, at least N."""

    at_least: int


@dataclass(frozen=True, slots=True)
class _Gap:
    """...: up to three other words."""


@dataclass(frozen=True, slots=True)
class _End:
    """$: the end of a sentence or of the message."""


_Token = _Word | _Macro | _Count | _Gap | _End
_Tokens = tuple[_Token, ...]
_Macros = Mapping[str, tuple[_Tokens, ...]]

_MACRO_REF = re.compile(r"\{([A-ZÆØÅ][A-ZÆØÅ0-9_]*)\}")
_COUNT_REF = re.compile(r"#(\d{1,6})")
_MACRO_DEF = re.compile(r"@([A-ZÆØÅ][A-ZÆØÅ0-9_]*)\s*=(.*)")
_NORWEGIAN_SPELLINGS = {"ø": ("ø", "oe"), "æ": ("æ", "ae"), "å": ("å", "a")}
_END = r"(?=\s*(?:\.|$))"


def _at_least(n: int) -> str:
    """A regex for a whole number of at least `n` written in digits (not part of a decimal)."""
    digits = str(n)
    width = len(digits)
    options = [rf"[1-9]\d{{{width},}}"]
    for i, digit in enumerate(digits):
        if digit != "9":
            options.append(f"{digits[:i]}[{int(digit) + 1}-9]" + rf"\d{{{width - i - 1}}}")
    options.append(digits)
    return r"(?<![\d.])(?:" + "|".join(options) + r")(?!\d|\.\d)"


def _spellings(word: str, fuzzy: bool) -> tuple[str, ...]:
    """Every spelling a phrase word accepts: typos if fuzzy, and ASCII forms of æ/ø/å."""
    forms = {word}
    # Swapped neighbours ("wnat", "overdoes") from four letters, dropped letters from six: a
    # dropped letter in a short word makes other words ("want" -> "wan", "ant").
    if fuzzy and len(word) >= 4:
        forms |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    if fuzzy and len(word) >= 6:
        forms |= {word[:i] + word[i + 1 :] for i in range(len(word))}
    spellings = set()
    for form in forms:
        variants = [""]
        for ch in form:
            variants = [v + s for v in variants for s in _NORWEGIAN_SPELLINGS.get(ch, (ch,))]
        spellings.update(_collapse(v) for v in variants)
    return tuple(sorted(spellings, key=lambda s: (-len(s), s)))


def _strip_words(text: str, words: re.Pattern[str] | None) -> str:
    """Drop filler words from normalised text."""
    return words.sub("", text) if words else text


def _parse_phrase(
    text: str,
    fillers: re.Pattern[str] | None,
    macro_names: Mapping[str, str] | None = None,
    syntax: bool = True,
) -> _Tokens:
    """Tokens of one phrase; with syntax=False every word is literal (phrases from coordinators)."""
    tokens: list[_Token] = []
    plain: list[str] = []

    def words(raw: str) -> list[str]:
        return _strip_words(normalise(raw), fillers).replace(".", " ").split()

    def flush() -> None:
        tokens.extend(_Word(_spellings(w, fuzzy=False)) for w in words(" ".join(plain)))
        plain.clear()

    for raw in text.split():
        special = syntax and (
            raw in ("...", "$")
            or _MACRO_REF.fullmatch(raw)
            or _COUNT_REF.fullmatch(raw)
            or raw[-1] in "*~"
        )
        if not special:
            plain.append(raw)
            continue
        flush()
        if raw == "...":
            tokens.append(_Gap())
        elif raw == "$":
            tokens.append(_End())
        elif macro := _MACRO_REF.fullmatch(raw):
            name = macro.group(1)
            tokens.append(_Macro((macro_names or {}).get(name, f"?:{name}")))
        elif count := _COUNT_REF.fullmatch(raw):
            tokens.append(_Count(int(count.group(1))))
        else:
            *first, last = words(raw[:-1]) or [""]
            tokens.extend(_Word(_spellings(w, fuzzy=False)) for w in first)
            if last:
                spellings = _spellings(last, fuzzy=raw[-1] == "~")
                tokens.append(_Word(spellings, prefix=raw[-1] == "*"))
    flush()
    return tuple(tokens)


def _alternation(options: Iterable[str]) -> str:
    """A non-capturing alternation, longest option first."""
    unique = sorted(set(options), key=lambda s: (-len(s), s))
    return unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"


def _alternation_in_order(options: Sequence[str]) -> str:
    """A non-capturing alternation that keeps the given (priority) order."""
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def _word_list(words: Iterable[str]) -> str:
    """An alternation of normalised words or short word sequences, for the context rules."""
    options = []
    for entry in words:
        parts = [_alternation(re.escape(s) for s in _spellings(w, False)) for w in entry.split()]
        options.append(r"\s+".join(parts))
    return _alternation(options)


# --- phrase files ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One phrase: as written (reported in `matched`), its kind and its tokens."""

    source: str
    kind: str
    tokens: _Tokens


@dataclass(frozen=True, slots=True)
class _File:
    """A phrase file as read, before compiling."""

    name: str
    macros: dict[str, str]
    phrases: list[tuple[str, str]]
    words: dict[str, list[str]]


def _read_file(path: Path) -> _File:
    """Macros, phrase lines and word lists of one phrase file, not yet compiled."""
    parsed = _File(path.name, {}, [], {kind: [] for kind in WORD_KINDS})
    section = None
    macro = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split(" # ", 1)[0].strip()
        if not line or line == "#" or line.startswith("# "):
            continue
        if line.startswith("|") and macro:
            parsed.macros[macro] += " " + line
            continue
        macro = None
        if definition := _MACRO_DEF.fullmatch(line):
            macro = definition.group(1)
            parsed.macros[macro] = definition.group(2)
        elif line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in PHRASE_KINDS and section not in WORD_KINDS:
                raise PhraseError(f"{path.name}:{number}: unknown section [{section}]")
        elif section is None:
            raise PhraseError(f"{path.name}:{number}: a phrase before the first [section]")
        elif section in WORD_KINDS:
            parsed.words[section].append(line)
        else:
            parsed.phrases.append((section, line))
    return parsed


def _macro_names(file: _File, shared: Mapping[str, str]) -> dict[str, str]:
    """{NAME} -> qualified name: the file's own macros first, then the shared ones."""
    return {**shared, **{name: f"{file.name}:{name}" for name in file.macros}}


def _compile_macros(
    file: _File, fillers: re.Pattern[str] | None, names: Mapping[str, str], known: _Macros
) -> dict[str, tuple[_Tokens, ...]]:
    """A file's macros under qualified names, checked to exist, not to loop and not to gap."""
    macros = {
        names[name]: tuple(_parse_phrase(alt, fillers, names) for alt in body.split("|"))
        for name, body in file.macros.items()
    }
    every = {**known, **macros}

    def check(name: str, seen: tuple[str, ...]) -> None:
        if name not in every:
            raise PhraseError(f"{file.name}: unknown macro {{{name.split(':')[1]}}}")
        if name in seen:
            raise PhraseError(f"{file.name}: macro {{{name.split(':')[1]}}} refers to itself")
        for alternative in every[name]:
            for token in alternative:
                if isinstance(token, _Macro):
                    check(token.name, (*seen, name))
                elif isinstance(token, _Gap | _End):
                    raise PhraseError(f"{file.name}: '...' and '$' cannot stand in a macro")

    for name in macros:
        check(name, ())
    for _, line in file.phrases:
        for name in _MACRO_REF.findall(line):
            check(names.get(name, f"?:{name}"), ())
    return macros


# --- compiling phrases into one regex -------------------------------------------------------------
#
# sre rejects an alternative in one comparison only when it starts with a literal character, and
# records groups slowly, so the phrases become a trie: shared leading tokens are matched once,
# the first word branches on characters, and each phrase ends in an empty named group that sre
# only reaches when the whole phrase has matched. A lookahead around it all lets every word start
# a match, so overlapping phrases are all found.


@dataclass(slots=True)
class _Node:
    """A token trie node: the tokens that may follow, the phrases ending here, the best rank."""

    children: dict[_Token, _Node] = field(default_factory=dict)
    ends: list[tuple[int, _Phrase]] = field(default_factory=list)
    rank: int = len(PHRASE_KINDS)


class _Regexes:
    """Regex text for the tokens of one set of macros, each built once: a macro is used often."""

    def __init__(self, macros: _Macros) -> None:
        self.macros = macros
        self._tokens: dict[_Token, tuple[str, bool]] = {}
        self._starts: dict[_Token, list[tuple[str, str]]] = {}

    def sequence(self, tokens: _Tokens, started: bool) -> str:
        """Regex for a run of tokens inside a macro; words may be spaced or run together."""
        parts = []
        for token in tokens:
            body, optional = self.token(token)
            piece = (r"\s*" if started else "") + body
            parts.append(f"(?:{piece})?" if optional else piece)
            started = True
        return "".join(parts)

    def token(self, token: _Token) -> tuple[str, bool]:
        """Regex for one word, number or macro, and whether it may be left out."""
        if token not in self._tokens:
            self._tokens[token] = self._build_token(token)
        return self._tokens[token]

    def starts(self, token: _Token) -> list[tuple[str, str]]:
        """A leading token as (first character, regex for the rest of the token) pairs."""
        if token not in self._starts:
            self._starts[token] = self._build_starts(token)
        return self._starts[token]

    def _build_token(self, token: _Token) -> tuple[str, bool]:
        """See token()."""
        # Alternatives go into a character trie too: a macro is tried after every word a gap may
        # end on, and sre rejects a trie branch in one comparison where a flat list costs one each.
        if isinstance(token, _Word):
            body = _trie((spelling, "", 0) for spelling in token.spellings)
            return body + (r"\w*" if token.prefix else ""), False
        if isinstance(token, _Count):
            return _at_least(token.at_least), False
        if isinstance(token, _Macro):
            alternatives = self.macros[token.name]
            entries = [
                (first, regex + self.sequence(alternative[1:], started=True), 0)
                for alternative in alternatives
                if alternative
                for first, regex in self.starts(alternative[0])
            ]
            return _trie(entries), not all(alternatives)
        raise PhraseError("'...' and '$' only stand between words")

    def _build_starts(self, token: _Token) -> list[tuple[str, str]]:
        """See starts()."""
        by_char: dict[str, list[tuple[str, str, int]]] = {}
        if isinstance(token, _Word):
            for spelling in token.spellings:
                by_char.setdefault(spelling[0], []).append((spelling[1:], "", 0))
            suffix = r"\w*" if token.prefix else ""
            return [(ch, _trie(rests) + suffix) for ch, rests in by_char.items()]
        if isinstance(token, _Count):
            return [("", _at_least(token.at_least))]
        if isinstance(token, _Macro):
            for alternative in self.macros[token.name]:
                if alternative:
                    after = self.sequence(alternative[1:], started=True)
                    for first, regex in self.starts(alternative[0]):
                        by_char.setdefault(first, []).append(("", regex + after, 0))
            return [(ch, _trie(rests)) for ch, rests in by_char.items()]
        raise PhraseError("a phrase must start with a word, a macro or #N")


@dataclass(slots=True)
class _CharNode:
    """A character trie node: the characters that may follow, the entries ending here."""

    children: dict[str, _CharNode] = field(default_factory=dict)
    entries: list[tuple[tuple[int, int], str]] = field(default_factory=list)


def _trie(entries: Iterable[tuple[str, str, int]]) -> str:
    """One alternation of (literal, regex, rank) entries sharing their literal prefixes.

    Where entries could match at the same place, the branch with the lowest rank goes first.
    """
    root = _CharNode()
    for order, (literal, regex, rank) in enumerate(entries):
        node = root
        for ch in literal:
            node = node.children.setdefault(ch, _CharNode())
        node.entries.append(((rank, order), regex))
    if not root.children and not root.entries:
        return "(?!)"
    return _emit_chars(root)[1]


def _emit_chars(node: _CharNode) -> tuple[tuple[int, int], str]:
    """The regex below a character trie node, and the best rank in it."""
    branches = list(node.entries)
    for ch, child in node.children.items():
        rank, regex = _emit_chars(child)
        branches.append((rank, re.escape(ch) + regex))
    branches.sort(key=lambda branch: branch[0])
    return branches[0][0], _alternation_in_order([regex for _, regex in branches])


class _Compiler:
    """Turns phrase tries into regex text and remembers what each empty group stands for.

    sre copies every group slot into each match, so the scanning regex only names one group per
    (first character, kind): about 150, not one per phrase. Naming the phrase behind an alert is
    left to a per-kind regex with a group per phrase end (`name_phrases`), run at that word only.
    """

    def __init__(self, regexes: _Regexes, loose: bool, gap: str, name_phrases: bool) -> None:
        self.regexes = regexes
        self.gap = gap
        self.tail = "" if loose else r"(?!\w)"
        self.name_phrases = name_phrases
        self.groups: dict[str, _Phrase | str] = {}

    def root(self, tries: Mapping[str, _Node], only: str | None = None) -> str:
        """Branch once on the first character, then try each kind's trie in priority order.

        Kinds get their own tries because only one phrase is reported per word: in a shared trie
        a concern ending could shadow an acute one starting at the same word. With `only`, just
        the phrases starting with that character ("" for a digit).
        """
        by_start: dict[str, list[str]] = {}
        for kind, trie in tries.items():
            entries: dict[str, list[tuple[str, str, int]]] = {}
            for literal, regex, rank in self._entries(trie, only):
                entries.setdefault(literal[:1], []).append((literal[1:], regex, rank))
            for first, kind_entries in entries.items():
                body = _trie(kind_entries)
                if not self.name_phrases:
                    body = f"(?:{body}){self._group(kind)}"
                by_start.setdefault(first, []).append(body)
        # Phrases opening with a number share one lookahead, or each would cost a test per word.
        branches = [
            (re.escape(first) if first else r"(?=\d)") + _alternation_in_order(kinds)
            for first, kinds in sorted(by_start.items(), key=lambda item: not item[0])
        ]
        return _alternation_in_order(branches) if branches else "(?!)"

    def _group(self, meaning: _Phrase | str) -> str:
        name = f"g{len(self.groups)}"
        self.groups[name] = meaning
        return f"(?P<{name}>)"

    def _entries(self, node: _Node, only: str | None) -> list[tuple[str, str, int]]:
        """(first character, regex, rank) for the phrases below the root, optionally filtered."""
        entries = []
        for token, child in node.children.items():
            if isinstance(token, _Macro) and not all(self.regexes.macros[token.name]):
                entries.extend(self._entries(child, only))
            for first, regex in self.regexes.starts(token):
                if only is None or first == only:
                    entries.append((first, regex + self.node(child, r"\s*"), child.rank))
        return entries

    def node(self, node: _Node, separator: str) -> str:
        """Regex for what may follow a token: phrase ends, then the next tokens by rank."""
        branches: list[tuple[int, bool, str]] = []
        for rank, phrase in node.ends:
            marker = self._group(phrase) if self.name_phrases else ""
            branches.append((rank, False, self.tail + marker))
        for token, child in node.children.items():
            if isinstance(token, _Gap):
                branches.append((child.rank, False, self.gap + self.node(child, r"\s+")))
            elif isinstance(token, _End):
                branches.append((child.rank, False, _END + self.node(child, separator)))
            else:
                body, optional = self.regexes.token(token)
                rest = self.node(child, r"\s*")
                if optional:
                    branches.append((child.rank, False, f"(?:{separator}{body})?{rest}"))
                else:
                    branches.append((child.rank, True, body + rest))
        branches.sort(key=lambda branch: branch[0])
        # Neighbouring branches that start with the separator share it, so that each of them
        # starts with its first word again and sre can reject it in one comparison.
        merged: list[str] = []
        run: list[str] = []
        for _, joins, regex in branches:
            if joins:
                run.append(regex)
                continue
            if run:
                merged.append(separator + _alternation_in_order(run))
                run = []
            merged.append(regex)
        if run:
            merged.append(separator + _alternation_in_order(run))
        return _alternation_in_order(merged)


def _build_trie(phrases: Iterable[_Phrase]) -> _Node:
    """Phrases as a token trie; each node knows the best (lowest) rank of the phrases below it."""
    root = _Node()
    for phrase in phrases:
        rank = PHRASE_KINDS.index(phrase.kind)
        node = root
        node.rank = min(node.rank, rank)
        for token in phrase.tokens:
            node = node.children.setdefault(token, _Node())
            node.rank = min(node.rank, rank)
        node.ends.append((rank, phrase))
    return root


def _gap_pattern(negations: Sequence[str]) -> str:
    """Up to three words, none a negation: "thinking *a lot* about suicide", never "*not*"."""
    words = [normalise(w) for w in negations if len(normalise(w).split()) == 1]
    guard = rf"(?!{_word_list(words)}(?![^\s.]))" if words else ""
    return rf"(?:\s+{guard}[^\s.]+){{0,{_GAP_WORDS}}}"


def _filler_pattern(fillers: Sequence[str]) -> re.Pattern[str] | None:
    """Filler words with the space after them, to drop from text and phrases alike."""
    if not fillers:
        return None
    entries = []
    for filler in fillers:
        spaced = normalise(filler).split()
        for spelling in _spellings(spaced[0], False):
            entries.append((spelling, r"\s+".join(map(re.escape, spaced[1:])), 0))
    return re.compile(rf"(?<![^\s.])(?:{_trie(entries)})(?: |$)")


def _context_pattern(
    cues: Sequence[str], between: Sequence[str], voiding: Sequence[str]
) -> re.Pattern[str]:
    """Text ending in a cue and at most five `between` words ("not" + "going to")."""
    if not cues:
        return re.compile(r"(?!)")
    voids = "".join(
        rf"(?<!\b{re.escape(s)})" for word in voiding for s in _spellings(normalise(word), False)
    )
    glue = rf"(?:\s+{_word_list(normalise(w) for w in between)}){{0,5}}" if between else ""
    return re.compile(rf"(?:^|{voids}\s){_word_list(normalise(c) for c in cues)}{glue}\s*$")


def _words_before(text: str, position: int) -> str:
    """The text just before `position`, cut at a word boundary."""
    if position <= _CONTEXT_CHARS:
        return text[:position]
    return text[position - _CONTEXT_CHARS : position].split(" ", 1)[-1]


class _Hit(NamedTuple):
    """A phrase found: its kind, its span, the spelled-out word it was in (None: the message)."""

    kind: str
    start: int
    end: int
    spelled: str | None
    phrases: _PhraseSet


class _PhraseSet:
    """Phrases compiled into one scanning regex, plus regexes to name the phrase behind a hit."""

    def __init__(self, phrases: Sequence[_Phrase], macros: _Macros, gap: str) -> None:
        self._regexes = _Regexes(macros)
        self._gap = gap
        self._tries = {
            kind: _build_trie(p for p in phrases if p.kind == kind) for kind in PHRASE_KINDS
        }
        self._namers: dict[tuple[str, str, bool], tuple[dict[str, _Phrase | str], re.Pattern[str]]]
        self._namers = {}
        self._kinds, self._scan = self._compile(self._tries, loose=False, name_phrases=False)

    def find(self, core: str, spelled: Sequence[str]) -> list[_Hit]:
        """Every phrase starting at every word of `core`; spelled-out words match anywhere."""
        # In " " + core a phrase starts one after the character before it: m.start() in core.
        hits = [
            _Hit(self._kinds[group], m.start(), m.start(group) - 1, None, self)  # type: ignore[index]
            for m in self._scan.finditer(" " + core)
            if (group := m.lastgroup)
        ]
        if spelled:
            kinds, loose = self._loose
            for word in spelled:
                hits.extend(
                    _Hit(kinds[group], m.start(), m.start(group), word, self)  # type: ignore[index]
                    for m in loose.finditer(word)
                    if (group := m.lastgroup)
                )
        return hits

    def name(self, kind: str, text: str, start: int, loose: bool) -> str:
        """The phrase (as written in its file) of this kind that matches `text` at `start`."""
        first = "" if text[start].isdigit() else text[start]
        key = (kind, first, loose)
        if key not in self._namers:
            self._namers[key] = self._compile({kind: self._tries[kind]}, loose, True, first)
        groups, pattern = self._namers[key]
        match = pattern.match(text, start)
        phrase = groups[match.lastgroup] if match and match.lastgroup else kind
        return phrase.source if isinstance(phrase, _Phrase) else phrase

    def compile_loose(self) -> None:
        """Compile the letter-by-letter variant now rather than on the first spelled-out word."""
        self._loose  # noqa: B018  (a cached property: reading it compiles it)

    @cached_property
    def _loose(self) -> tuple[dict[str, _Phrase | str], re.Pattern[str]]:
        """The phrases without word boundaries, for words spelled out letter by letter."""
        return self._compile(self._tries, loose=True, name_phrases=False)

    def _compile(
        self, tries: Mapping[str, _Node], loose: bool, name_phrases: bool, only: str | None = None
    ) -> tuple[dict[str, _Phrase | str], re.Pattern[str]]:
        compiler = _Compiler(self._regexes, loose, self._gap, name_phrases)
        body = compiler.root(tries, only)
        if name_phrases:
            return compiler.groups, re.compile(body)
        if loose:
            return compiler.groups, re.compile(f"(?={body})")
        # Scanned as " " + text: opening on a non-word character lets sre skip ahead to the next
        # one in C instead of trying the whole pattern at every character of every word.
        return compiler.groups, re.compile(rf"\W(?={body})")


@dataclass(frozen=True, slots=True)
class _Rules:
    """Everything compiled from the phrase files."""

    fillers: re.Pattern[str] | None
    gap: str
    negation: re.Pattern[str]
    other_person: re.Pattern[str]
    builtin: _PhraseSet


@cache
def _builtin_rules() -> _Rules:
    """The shipped phrase files, compiled once per process."""
    # common.txt holds macros every language uses, such as one list of medicines: phrases that
    # open with the same macro share one branch of the regex, whatever their language.
    common = _read_file(DATA_DIR / "common.txt")
    files = [_read_file(DATA_DIR / f"{language}.txt") for language in LANGUAGES]
    words = {kind: [w for f in files for w in f.words[kind]] for kind in WORD_KINDS}
    fillers = _filler_pattern(words["filler"])
    shared = _macro_names(common, {})
    macros = _compile_macros(common, fillers, shared, {})
    phrases = []
    for file in files:
        names = _macro_names(file, shared)
        macros.update(_compile_macros(file, fillers, names, macros))
        for kind, line in file.phrases:
            try:
                tokens = _parse_phrase(line, fillers, names)
                _Regexes(macros).starts(tokens[0])
            except (PhraseError, IndexError):
                raise PhraseError(f"{file.name}: cannot use phrase {line!r}") from None
            phrases.append(_Phrase(line, kind, tokens))
    gap = _gap_pattern(words["negation"])
    return _Rules(
        fillers=fillers,
        gap=gap,
        negation=_context_pattern(
            words["negation"], words["after-negation"], words["not-negation"]
        ),
        other_person=_context_pattern(words["other-person"], words["after-other-person"], ()),
        builtin=_PhraseSet(phrases, macros, gap),
    )


def _extra_phrase(item: tuple[str, str, str | None], fillers: re.Pattern[str] | None) -> _Phrase:
    """A coordinator's phrase: plain words (no phrase syntax), normalised like the text."""
    phrase, severity, _language = item
    if not isinstance(phrase, str):
        raise PhraseError(f"{phrase!r}: a phrase must be text")
    if severity not in ("acute", "concern"):
        raise PhraseError(f"{phrase!r}: severity must be acute or concern, not {severity!r}")
    tokens = _parse_phrase(phrase, fillers, syntax=False)
    if not tokens:
        raise PhraseError(f"{phrase!r}: no words left once normalised")
    return _Phrase(phrase, severity, tokens)


# --- the detector ---------------------------------------------------------------------------------


class Detector:
    """The built-in phrases plus coordinators' extra phrases, and the rules to weigh them."""

    def __init__(self, extra: Iterable[tuple[str, str, str | None]] = ()) -> None:
        """Add `extra` (phrase, "acute" | "concern", language or None) to the built-in phrases.

        The built-in phrases compile once per process, so building a Detector is cheap. An extra
        phrase that cannot be used is left out and listed in `skipped` rather than raising,
        because detectors are built on the message path, where a crash would skip the screening.
        """
        self._rules = _builtin_rules()
        usable, skipped = [], []
        for item in extra:
            try:
                usable.append(_extra_phrase(item, self._rules.fillers))
            except (PhraseError, TypeError, ValueError):
                skipped.append(item)
        self.skipped: tuple[tuple[str, str, str | None], ...] = tuple(skipped)
        self._sets = (
            self._rules.builtin,
            *([_PhraseSet(usable, {}, self._rules.gap)] if usable else []),
        )

    def assess(self, text: str, language: str | None = None) -> Assessment:
        """Assess one message.

        `language` ("en", "nl", "nb", None or anything else) is a hint that never narrows the
        search: students write Dutch or Norwegian under an English Telegram app and mix English
        in, so every language's phrases are always checked.
        """
        if not isinstance(text, str) or not text:
            return _NONE
        flat, spelled = _normalise(text)
        core = _strip_words(flat, self._rules.fillers)
        hits = [hit for phrases in self._sets for hit in phrases.find(core, spelled)]
        if not hits:
            return _NONE
        # Most chat that hits anything hits only idioms, means or everyday purposes: with no
        # alert phrase, and no intent beside a means, nothing can be raised, so skip the weighing.
        kinds = {hit.kind for hit in hits}
        if kinds.isdisjoint(_ALERT_KINDS) and not kinds >= _INTENT_AND_MEANS:
            return _NONE
        return self._judge(core, hits)

    def _judge(self, core: str, hits: Sequence[_Hit]) -> Assessment:
        """Weigh the phrases found against their context; the highest severity left wins."""
        hyperbole = [(h.start, h.end) for h in hits if h.kind == "hyperbole" and not h.spelled]
        softer = [(h.start, h.end) for h in hits if h.kind == "softer" and not h.spelled]
        benign = any(hit.kind == "benign" for hit in hits)
        means = not benign and any(hit.kind == "means" for hit in hits)
        found: dict[int, list[tuple[_Hit, str]]] = {1: [], 2: []}
        intents: list[tuple[_Hit, str]] = []
        own_concern = False
        for hit in hits:
            kind, start, end, word, _ = hit
            if kind in ("hyperbole", "means", "benign") or (kind == "method" and benign):
                continue
            level = 2 if kind in ("acute", "method") else 1
            note = ""
            if word is None:
                if any(s < end and start < e for s, e in hyperbole):
                    continue
                if level == 2 and any(s < end and start < e for s, e in softer):
                    level = 1
                before = _words_before(core, start)
                if self._rules.negation.search(before):
                    level -= 1
                    note = " (negated)"
                elif self._rules.other_person.search(before):
                    level = 1
                    note = " (someone else)"
            if kind == "intent":
                if level:
                    intents.append((hit, note))
            elif level:
                found[level].append((hit, note))
                own_concern = own_concern or (kind in ("concern", "softer") and not note)
        # A passive wish, or a means, with a plan or a time is active ideation.
        if intents and (own_concern or means):
            found[2].extend(found[1] + intents)
        for level in (2, 1):
            if found[level]:
                return Assessment(SEVERITIES[level], self._labels(core, found[level]))
        return _NONE

    @staticmethod
    def _labels(core: str, found: Sequence[tuple[_Hit, str]]) -> tuple[str, ...]:
        """The phrases behind the hits, in the order they appear, each once."""
        ordered = sorted(found, key=lambda item: -1 if item[0].spelled else item[0].start)
        labels = [
            hit.phrases.name(hit.kind, hit.spelled or core, hit.start, loose=bool(hit.spelled))
            + note
            for hit, note in ordered
        ]
        return tuple(dict.fromkeys(labels))
