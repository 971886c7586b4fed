"""The forms a lexicon word stands for: regular en/nl/nb paradigms and keyboard spellings."""

from __future__ import annotations

from bot.crisis.normalise import normalise

_NORWEGIAN = {"æ": ("ae",), "ø": ("oe", "o"), "å": ("aa", "a")}


def _en(lemma: str, paradigm: str) -> set[str]:
    """Regular English forms: -s, -ed, -ing for verbs; plurals for nouns."""
    forms = {lemma}
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    elif len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if paradigm == "v":
        if lemma.endswith("e"):
            forms |= {lemma + "d", (lemma[:-2] + "ying") if lemma.endswith("ie") else ""}
            forms.add(lemma[:-1] + "ing" if not lemma.endswith(("ee", "ie")) else lemma + "ing")
        elif len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
            forms |= {lemma[:-1] + "ied", lemma + "ing"}
        else:
            forms |= {lemma + "ed", lemma + "ing"}
    return forms - {""}


def _nl(lemma: str, paradigm: str) -> set[str]:
    """Regular Dutch forms: stem, -t, -de/-te, ge-…-d/-t for verbs; -en, -s for nouns."""
    if paradigm == "n":
        return {lemma, lemma + "en", lemma + "s", lemma + "n"}
    if paradigm == "a":
        return {lemma, lemma + "e"}
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1]
    if stem.endswith("v"):
        stem = stem[:-1] + "f"
    elif stem.endswith("z"):
        stem = stem[:-1] + "s"
    forms = {lemma, stem, stem + "t", stem + "end", stem + "ende"}
    forms |= {stem + ending for ending in ("de", "te", "den", "ten")}
    forms |= {"ge" + stem + "d", "ge" + stem + "t"}
    return forms


def _nb(lemma: str, paradigm: str) -> set[str]:
    """Regular Norwegian forms: -er, -et, -a, -te, -de for verbs; definite and plural nouns."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if paradigm == "n":
        return {lemma, *(stem + ending for ending in ("en", "et", "a", "er", "ene", "ane", "ar"))}
    if paradigm == "a":
        return {lemma, lemma + "e", lemma + "t"}
    endings = ("e", "er", "et", "a", "te", "de", "t", "ar", "ande", "ende")
    return {lemma, *(stem + ending for ending in endings)}


PARADIGMS = {"en": _en, "nl": _nl, "nb": _nb}


def spellings(form: str) -> set[str]:
    """A normalised form and, for æ/ø/å, the spellings typed on other keyboards."""
    variants = {""}
    for ch in form:
        options = _NORWEGIAN.get(ch, ())
        # "ø" as plain "o" only in longer words: "dø" must not become "do".
        if ch == "ø" and len(form) < 4:
            options = ("oe",)
        variants = {v + o for v in variants for o in (ch, *options)}
    return {normalise(v) for v in variants}
