"""Text as the detector reads it: folded, unaccented, no leetspeak, sentence ends as " . "."""

from __future__ import annotations

import operator
import re
import string
import unicodedata

_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\u3164\ufeff"
)
# Emoji that name a means become the word, so "💊💊💊 x20" reads like "pills pills pills x20".
_EMOJI_WORDS = {"💊": " pills ", "🔪": " knife ", "🪢": " rope ", "🔫": " gun ", "🩸": " blood "}
# Laughing emoji mark a joke the way "haha" does ("im dead 💀", "exam is killing me 😂").
_EMOJI_WORDS |= dict.fromkeys("😂🤣💀😹😆", " haha ")
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
