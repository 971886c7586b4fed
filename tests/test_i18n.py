"""The catalogs agree across languages, plurals pick the right form, and lookups fall back."""

from __future__ import annotations

import string
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot import i18n
from bot.i18n import FALLBACK, LANGUAGES, LOCALES, Translator, pick_language

ROOT = Path(__file__).resolve().parent.parent
OTHERS = [language for language in LANGUAGES if language != FALLBACK]

Forms = tuple[str, ...]


def entries(language: str) -> dict[str, tuple[str | None, Forms]]:
    """Every message of one language: key -> (msgid_plural or None, its texts)."""
    found: dict[str, tuple[str | None, Forms]] = {}
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if isinstance(message.id, tuple | list):
                    found[message.id[0]] = (message.id[1], tuple(message.string))
                elif message.id:
                    found[message.id] = (None, (message.string,))
    return found


def placeholders(text: str) -> set[str]:
    """The {names} a text expects from str.format."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def dummies(text: str) -> dict[str, str]:
    """A value for every placeholder, so a text can be formatted."""
    return {name: f"<{name}>" for name in placeholders(text)}


ENGLISH = entries(FALLBACK)
PLURALS = sorted(key for key, (plural, _) in ENGLISH.items() if plural)


@pytest.mark.parametrize("language", OTHERS)
def test_same_keys_in_every_language(language: str) -> None:
    translated = entries(language)
    assert set(translated) - set(ENGLISH) == set(), "keys English does not have"
    assert set(ENGLISH) - set(translated) == set(), "keys missing from the translation"
    for key, (plural, _) in ENGLISH.items():
        assert translated[key][0] == plural, f"{key}: msgid_plural differs from English"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_filled_in(language: str) -> None:
    empty = [key for key, (_, forms) in entries(language).items() if not all(forms)]
    assert empty == []


@pytest.mark.parametrize("language", OTHERS)
def test_translations_use_the_placeholders_of_english(language: str) -> None:
    translated = entries(language)
    for key, (_, forms) in ENGLISH.items():
        theirs = translated[key][1]
        assert len(theirs) == len(forms), f"{key}: number of plural forms"
        for index, (english, text) in enumerate(zip(forms, theirs, strict=True)):
            assert placeholders(text) == placeholders(english), f"{key}[{index}]"


def test_plural_entries_follow_the_key_plural_convention() -> None:
    assert len(PLURALS) >= 13
    for key in PLURALS:
        plural, forms = ENGLISH[key]
        assert plural == key + ".plural"
        assert len(forms) == 2 and forms[0] != forms[1], key


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", PLURALS)
def test_plural_picks_singular_for_one_and_plural_otherwise(language: str, key: str) -> None:
    t = Translator(language)
    one, other = entries(language)[key][1]
    values = dummies(one) | dummies(other)
    assert t.plural(key, 1, **values) == one.format(**values)
    for n in (0, 2, 5):
        assert t.plural(key, n, **values) == other.format(**values)


def test_plural_fills_in_the_number_it_is_given() -> None:
    assert "1 minute." in Translator("en").plural("talk.queued-wait", 1, minutes=1, place=3)
    assert "5 minuten." in Translator("nl").plural("talk.queued-wait", 5, minutes=5, place=3)
    assert "2 minutter." in Translator("nb").plural("talk.queued-wait", 2, minutes=2, place=3)


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_is_looked_up_and_filled_in(language: str) -> None:
    _, (text,) = entries(language)["route.sent"]
    t = Translator(language)
    assert t.language == language
    assert t("route.sent", pseudonym="K7") == text.format(pseudonym="K7")
    assert "K7" in t("route.sent", pseudonym="K7")


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_key_is_returned_as_is(language: str) -> None:
    t = Translator(language)
    assert t("no.such.key") == "no.such.key"
    assert t("no.such.key", count=3) == "no.such.key"
    assert t.plural("no.such.key", 1) == "no.such.key"
    assert t.plural("no.such.key", 4) == "no.such.key"


def test_unsupported_language_speaks_english() -> None:
    t = Translator("de")
    assert t.language == FALLBACK
    assert t("route.sent", pseudonym="K7") == Translator(FALLBACK)("route.sent", pseudonym="K7")


PO_HEADER = """\
msgid ""
msgstr ""
"Language: {language}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


@pytest.fixture
def tiny_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A locales folder where nl lacks some of English's entries, in two domains."""
    files = {
        ("en", "core"): """
            msgid "greet"
            msgstr "Hello {name}"

            msgid "only.english"
            msgstr "English {name}"

            msgid "waiting"
            msgid_plural "waiting.plural"
            msgstr[0] "{n} waits"
            msgstr[1] "{n} wait"
            """,
        ("en", "hours"): """
            msgid "hours.now"
            msgstr "now"
            """,
        ("nl", "core"): """
            msgid "greet"
            msgstr "Hallo {name}"

            msgid "only.english"
            msgstr ""
            """,
        ("nl", "hours"): """
            msgid "hours.now"
            msgstr "nu"
            """,
    }
    for (language, domain), body in files.items():
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        text = PO_HEADER.format(language=language) + textwrap.dedent(body)
        (folder / f"{domain}.po").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.translations.cache_clear()
    yield tmp_path
    i18n.translations.cache_clear()


@pytest.mark.usefixtures("tiny_locales")
def test_missing_dutch_entry_falls_back_to_english() -> None:
    t = Translator("nl")
    assert t("greet", name="Ann") == "Hallo Ann"
    assert t("hours.now") == "nu"
    assert t("only.english", name="Ann") == "English Ann"
    assert t.plural("waiting", 1, n=1) == "1 waits"
    assert t.plural("waiting", 3, n=3) == "3 wait"
    assert t("nowhere") == "nowhere"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("nl", "nl"),
        ("nl-BE", "nl"),
        ("nl_NL", "nl"),
        ("NB", "nb"),
        ("no", "nb"),
        ("nn", "nb"),
        ("nn-NO", "nb"),
        ("en-GB", "en"),
        ("de", "default"),
        ("", "default"),
        (None, "default"),
    ],
)
def test_pick_language(code: str | None, expected: str) -> None:
    assert pick_language(code, "default") == expected


def test_extraction_finds_t_and_t_plural_calls(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text(
        textwrap.dedent(
            """
            def handle(t, n, urgent):
                t("duty.off")
                t("card.crisis-acute" if urgent else "card.crisis-concern", x=1)
                t.plural("duty.on", n, waiting=n)
                t(f"menu.{n}")
                print("not.a.message")
            """
        ),
        encoding="utf-8",
    )
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = [
        message
        for _, _, message, _, _ in extract_from_dir(
            tmp_path, method_map, options_map, keywords=DEFAULT_KEYWORDS
        )
    ]
    assert found == [
        "duty.off",
        "card.crisis-acute",
        "card.crisis-concern",
        ("duty.on", "duty.on.plural"),
    ]
