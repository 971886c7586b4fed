"""Weekly hours as typed: parsing, canonical form, errors naming the bad part, and in words."""

from __future__ import annotations

import re
import string
from datetime import UTC, date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.hours import DAY_NAMES, Closure, HoursError, WeeklyHours, describe_hours
from bot.i18n import LOCALES, Translator
from bot.schedule import describe_opening
from bot.settings import SettingsError, load_settings
from tests.hours_cases import (
    BRUSSELS,
    OSLO,
    WEEKDAYS,
    local,
    utc,
    weekdays,
)


def test_closure_cannot_end_before_it_starts() -> None:
    with pytest.raises(HoursError, match='closure "Exams" ends'):
        Closure(date(2027, 1, 10), date(2027, 1, 3), "Exams")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("mon-fri 09:00-20:00", "mon-fri 09:00-20:00"),
        ("  Mon - FRI   9:00 - 20:00 ", "mon-fri 09:00-20:00"),
        ("mon-thu 09:00-20:00; fri 09:00-17:00", "mon-thu 09:00-20:00; fri 09:00-17:00"),
        ("sat 10:00-14:00", "sat 10:00-14:00"),
        ("mon,wed 10:00-12:00", "mon,wed 10:00-12:00"),
        ("Monday, Wednesday 10-12", "mon,wed 10:00-12:00"),
        ("tues-thurs 9-17", "tue-thu 09:00-17:00"),
        ("ma–vr 09.00–20.00", "mon-fri 09:00-20:00"),
        ("Lørdag-søndag 10-14", "sat,sun 10:00-14:00"),
        ("di,do 9-12; wo 13-17", "tue,thu 09:00-12:00; wed 13:00-17:00"),
        ("fri-mon 18:00-24:00", "mon,fri-sun 18:00-24:00"),
        ("tue 13:00-17:00, 09:00-12:00", "tue 09:00-12:00, 13:00-17:00"),
        ("mon 09:00-12:00; mon 12:00-17:00", "mon 09:00-17:00"),
        ("mon-wed 9-17; thu-fri 9-17", "mon-fri 09:00-17:00"),
        ("mon-fri 09:00-20:00;", "mon-fri 09:00-20:00"),
        ("  Closed ", "closed"),
    ],
)
def test_valid_hours_have_a_canonical_form_that_parses_back(text: str, canonical: str) -> None:
    hours = WeeklyHours.parse(text)
    assert str(hours) == canonical
    assert WeeklyHours.parse(canonical) == hours


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon-fry 9-20", 'unknown day "fry"'),
        ("m 09:00-10:00", 'unknown day "m"'),
        ("mon,,tue 9-10", 'missing day in "mon,,tue 9-10"'),
        ("mon-fri 09:00-25:00", 'bad time "25:00"'),
        ("mon 09:60-10:00", 'bad time "09:60"'),
        ("mon 9h-10h", 'bad time "9h"'),
        ("mon-fri 20:00-09:00", 'range "mon-fri 20:00-09:00" ends before it starts'),
        ("mon 09:00-09:00", 'range "mon 09:00-09:00" is empty'),
        ("mon 09:00", 'bad hours "09:00"'),
        ("mon-fri", 'missing hours in "mon-fri"'),
        ("09:00-20:00", 'missing days in "09:00-20:00"'),
        ("", "no opening hours given"),
        (" ; ", "no opening hours given"),
        ("closed; mon 09:00-10:00", '"closed" cannot be combined with hours'),
        (
            "mon-fri 09:00-12:00; mon 11:00-13:00",
            'overlapping ranges on monday: "09:00-12:00" and "11:00-13:00"',
        ),
    ],
)
def test_malformed_hours_are_rejected_naming_the_bad_part(text: str, message: str) -> None:
    with pytest.raises(HoursError) as raised:
        WeeklyHours.parse(text)
    assert message in str(raised.value)


@pytest.mark.parametrize("length", [2, 3])
def test_every_short_day_name_means_one_day_in_every_language(length: int) -> None:
    for weekday, names in enumerate(DAY_NAMES):
        for name in names:
            assert WeeklyHours.parse(f"{name[:length]} 9-17").week[weekday] == ((540, 1020),)


def test_opening_hours_setting_names_the_bad_part() -> None:
    with pytest.raises(SettingsError, match=r'OPENING_HOURS: .*unknown day "fry"'):
        load_settings(BOT_TOKEN="123:abc", OPENING_HOURS="mon-fry 9-20")


def day_intervals() -> st.SearchStrategy[tuple[tuple[int, int], ...]]:
    """Sorted, separate intervals of one day, drawn as distinct boundary minutes."""
    return st.lists(st.integers(0, 24 * 60), unique=True, max_size=6).map(
        lambda minutes: tuple(zip(sorted(minutes)[0::2], sorted(minutes)[1::2], strict=False))
    )


@given(week=st.tuples(*[day_intervals()] * 7))
def test_any_weekly_hours_round_trip_through_text(week: tuple) -> None:
    hours = WeeklyHours(week=week)
    assert WeeklyHours.parse(str(hours)) == hours


@settings(max_examples=300)
@given(
    text=st.one_of(
        st.text(),
        st.text(alphabet=string.digits + "monwedfriSATUclos:-;, \t", max_size=40),
    )
)
def test_garbage_is_rejected_only_with_hours_error(text: str) -> None:
    try:
        hours = WeeklyHours.parse(text)
    except HoursError:
        return
    assert WeeklyHours.parse(str(hours)) == hours


SATURDAY_NIGHT = "2026-11-28 23:40"


@pytest.mark.parametrize(
    ("now", "opening", "expected"),
    [
        (
            "2026-11-30 07:15",
            "2026-11-30 09:00",
            {"en": "today at 09:00", "nl": "vandaag om 09:00"},
        ),
        (
            "2026-11-29 10:00",
            "2026-11-30 09:00",
            {"en": "tomorrow at 09:00", "nl": "morgen om 09:00"},
        ),
        (SATURDAY_NIGHT, "2026-11-30 09:00", {"en": "Monday at 09:00", "nl": "maandag om 09:00"}),
        ("2026-11-30 20:30", "2026-12-07 09:00", {"en": "Monday 7 December at 09:00"}),
        (
            "2026-12-18 20:00",
            "2027-01-04 09:00",
            {
                "en": "Monday 4 January at 09:00",
                "nl": "maandag 4 januari om 09:00",
                "nb": "mandag 4. januar kl. 09:00",
            },
        ),
    ],
)
def test_next_opening_in_words(now: str, opening: str, expected: dict[str, str]) -> None:
    for language, words in expected.items():
        described = describe_opening(
            local(opening).astimezone(UTC), local(now), BRUSSELS, Translator(language), language
        )
        assert described == words


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Monday at 09:00"), ("nl", "maandag om 09:00"), ("nb", "mandag kl. 09:00")],
)
def test_saturday_night_student_hears_we_are_back_monday(language: str, words: str) -> None:
    now = local(SATURDAY_NIGHT)
    opening = weekdays().next_opening(now)
    assert opening is not None
    assert describe_opening(opening, now, BRUSSELS, Translator(language), language) == words


@pytest.mark.parametrize(
    ("language", "today", "tomorrow"),
    [
        ("en", "today at 14:00", "tomorrow at 14:00"),
        ("nb", "i dag kl. 14:00", "i morgen kl. 14:00"),
    ],
)
def test_today_and_tomorrow_follow_the_local_calendar(
    language: str, today: str, tomorrow: str
) -> None:
    t = Translator(language)
    opening = local("2026-12-01 14:00", OSLO)
    monday_night_in_oslo = local("2026-11-30 23:30", OSLO)
    already_tuesday_in_oslo = utc("2026-11-30 23:30")
    assert describe_opening(opening, monday_night_in_oslo, OSLO, t, language) == tomorrow
    assert describe_opening(opening, already_tuesday_in_oslo, OSLO, t, language) == today


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            WEEKDAYS,
            {
                "en": "Monday–Friday 09:00–20:00",
                "nl": "maandag–vrijdag 09:00–20:00",
                "nb": "mandag–fredag 09:00–20:00",
            },
        ),
        (
            "mon-thu 09:00-20:00; fri 09:00-12:00, 13:00-17:00; sat,sun 10:00-14:00",
            {
                "en": "Monday–Thursday 09:00–20:00; Friday 09:00–12:00 and 13:00–17:00; "
                "Saturday and Sunday 10:00–14:00",
                "nl": "maandag–donderdag 09:00–20:00; vrijdag 09:00–12:00 en 13:00–17:00; "
                "zaterdag en zondag 10:00–14:00",
            },
        ),
        (
            "closed",
            {
                "en": "closed until further notice",
                "nl": "voorlopig gesloten",
                "nb": "stengt inntil videre",
            },
        ),
    ],
)
def test_weekly_hours_in_words(spec: str, expected: dict[str, str]) -> None:
    for language, words in expected.items():
        assert describe_hours(WeeklyHours.parse(spec), Translator(language), language) == words


def test_hours_catalogs_have_the_same_keys_and_placeholders_in_every_language() -> None:
    def read(language: str) -> dict[str, str]:
        path = Path(LOCALES, language, "LC_MESSAGES", "hours.po")
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        assert catalog.charset.lower() == "utf-8"
        return {str(message.id): str(message.string) for message in catalog if message.id}

    english = read("en")
    assert {"hours.today", "hours.tomorrow", "hours.weekday", "hours.date"} <= english.keys()
    for language in ("nl", "nb"):
        translated = read(language)
        assert translated.keys() == english.keys()
        for key, text in english.items():
            assert set(re.findall(r"{(\w+)}", translated[key])) == set(re.findall(r"{(\w+)}", text))
