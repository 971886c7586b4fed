"""Opening hours: parsing, open/closed across DST, closures and holidays, and the words for them."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.hours import DAY_NAMES, Closure, HoursError, WeeklyHours, describe_hours
from bot.i18n import LOCALES, Translator
from bot.schedule import Schedule, describe_opening
from bot.settings import SettingsError, load_settings

BRUSSELS = "Europe/Brussels"
OSLO = "Europe/Oslo"
WEEKDAYS = "mon-fri 09:00-20:00"

SPECS = (
    WEEKDAYS,
    "mon-thu 09:00-20:00; fri 09:00-17:00",
    "sat 10:00-14:00",
    "mon,wed 10:00-12:00, 13:00-15:30",
    "fri 20:00-24:00; sat 00:00-02:30",
    "sun 00:00-02:30, 02:45-03:15",
    "mon-sun 02:15-02:45",
    "mon-sun 00:00-24:00",
    "closed",
)


def local(text: str, timezone: str = BRUSSELS) -> datetime:
    """The moment the clock in `timezone` shows `text`, e.g. "2026-11-28 23:40"."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone))


def utc(text: str) -> datetime:
    """The moment `text`, e.g. "2026-03-30 07:00", in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of a month (months 3 and 10 have 31 days)."""
    end = date(year, month, 31)
    return end - timedelta(days=(end.weekday() + 1) % 7)


def eu_clock_changes(year: int) -> list[datetime]:
    """When Europe changes its clocks: 01:00 UTC on the last Sundays of March and October."""
    return [datetime.combine(last_sunday(year, month), time(1), UTC) for month in (3, 10)]


def wall_clock_open(schedule: Schedule, at: datetime) -> bool:
    """Open by reading the local clock and calendar, the way a student would."""
    moment = at.astimezone(schedule.zone)
    if schedule.closure_on(moment.date()) is not None:
        return False
    since_midnight = moment.replace(tzinfo=None) - datetime.combine(moment.date(), time())
    return any(
        timedelta(minutes=start) <= since_midnight < timedelta(minutes=end)
        for start, end in schedule.hours.week[moment.weekday()]
    )


def is_ambiguous(at: datetime, zone: ZoneInfo) -> bool:
    """Whether the local clock shows this time twice (the autumn night's repeated hour)."""
    moment = at.astimezone(zone)
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def boundaries(schedule: Schedule, start: datetime, stop: datetime) -> list[datetime]:
    """Every moment in [start, stop] where openness can change; it is constant in between."""
    zone = schedule.zone
    minutes = {0} | {minute for day in schedule.hours.week for pair in day for minute in pair}
    moments = {start, stop}
    day = start.astimezone(zone).date() - timedelta(days=2)
    while day <= stop.astimezone(zone).date() + timedelta(days=1):
        for minute in minutes:
            wall = datetime.combine(day, time()) + timedelta(minutes=minute)
            for fold in (0, 1):
                moment = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
                if moment.astimezone(zone).replace(tzinfo=None) == wall:
                    moments.add(moment)
        day += timedelta(days=1)
    for year in range(start.year, stop.year + 1):
        moments.update(eu_clock_changes(year))
    return sorted(moment for moment in moments if start <= moment <= stop)


clock_changes = [change for year in range(2025, 2029) for change in eu_clock_changes(year)]
zones = st.sampled_from([ZoneInfo(name) for name in (BRUSSELS, OSLO, "UTC", "America/New_York")])
moments = st.one_of(
    st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31), timezones=zones),
    st.builds(
        lambda change, shift, zone: (change + shift).astimezone(zone),
        st.sampled_from(clock_changes),
        st.one_of(
            st.timedeltas(timedelta(hours=-6), timedelta(hours=6)),
            st.timedeltas(timedelta(days=-3), timedelta(days=3)),
        ),
        zones,
    ),
)
closures = st.lists(
    st.builds(
        lambda start, length: Closure(start, start + timedelta(days=length), "Closed"),
        st.dates(date(2025, 1, 1), date(2028, 12, 31)),
        st.integers(0, 30),
    ),
    max_size=3,
)
schedules = st.builds(
    Schedule,
    hours=st.sampled_from(SPECS).map(WeeklyHours.parse),
    timezone=st.sampled_from([BRUSSELS, OSLO]),
    closures=closures,
    holidays_country=st.sampled_from(["", "BE", "NO"]),
)


@settings(max_examples=300, deadline=None)
@given(schedule=schedules, moment=moments)
def test_is_open_agrees_with_the_wall_clock_outside_the_repeated_hour(
    schedule: Schedule, moment: datetime
) -> None:
    if not is_ambiguous(moment, schedule.zone):
        assert schedule.is_open(moment) == wall_clock_open(schedule, moment)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("timezone", [BRUSSELS, OSLO])
@pytest.mark.parametrize("change", eu_clock_changes(2026), ids=["spring", "autumn"])
def test_is_open_agrees_with_the_wall_clock_around_each_boundary_on_clock_change_days(
    spec: str, timezone: str, change: datetime
) -> None:
    schedule = Schedule(WeeklyHours.parse(spec), timezone)
    moments = boundaries(schedule, change - timedelta(days=1), change + timedelta(days=1))
    halfway = [early + (late - early) / 2 for early, late in pairwise(moments)]
    nearby = [at + nudge for at in moments for nudge in (-timedelta(seconds=1), timedelta())]
    for at in sorted(nearby + halfway):
        if not is_ambiguous(at, schedule.zone):
            assert schedule.is_open(at) == wall_clock_open(schedule, at), at


@settings(max_examples=150, deadline=None)
@given(schedule=schedules, moment=moments)
def test_next_opening_is_open_and_nothing_earlier_is(schedule: Schedule, moment: datetime) -> None:
    opening = schedule.next_opening(moment)
    if opening is None:
        assert schedule.hours.is_closed
        return
    start = moment.astimezone(UTC)  # PEP 495: a repeated-hour time never equals another zone's
    assert opening.tzinfo is UTC
    assert opening >= start
    assert schedule.is_open(opening)
    assert (opening == start) == schedule.is_open(moment)
    earlier = [at for at in boundaries(schedule, start, opening) if at < opening]
    assert not any(schedule.is_open(at) for at in earlier)


@settings(max_examples=150, deadline=None)
@given(schedule=schedules, moment=moments)
def test_next_closing_is_closed_and_nothing_earlier_is(
    schedule: Schedule, moment: datetime
) -> None:
    closing = schedule.next_closing(moment)
    if closing is None:
        assert str(schedule.hours) == "mon-sun 00:00-24:00"
        return
    start = moment.astimezone(UTC)  # PEP 495: a repeated-hour time never equals another zone's
    assert closing.tzinfo is UTC
    assert closing >= start
    assert not schedule.is_open(closing)
    assert (closing == start) == (not schedule.is_open(moment))
    earlier = [at for at in boundaries(schedule, start, closing) if at < closing]
    assert all(schedule.is_open(at) for at in earlier)


def weekdays(timezone: str = BRUSSELS, **options: object) -> Schedule:
    """Monday to Friday, 09:00 to 20:00."""
    return Schedule(WeeklyHours.parse(WEEKDAYS), timezone, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("timezone", [BRUSSELS, OSLO])
def test_weekend_before_spring_forward_reopens_monday_at_nine_summer_time(timezone: str) -> None:
    friday_evening = local("2026-03-27 20:00", timezone)
    assert weekdays(timezone).next_opening(friday_evening) == utc("2026-03-30 07:00")


@pytest.mark.parametrize("timezone", [BRUSSELS, OSLO])
def test_weekend_before_fall_back_reopens_monday_at_nine_winter_time(timezone: str) -> None:
    friday_evening = local("2026-10-23 20:30", timezone)
    schedule = weekdays(timezone)
    assert schedule.next_opening(friday_evening) == utc("2026-10-26 08:00")
    assert schedule.next_closing(utc("2026-10-26 08:00")) == utc("2026-10-26 19:00")


def test_range_starting_in_the_skipped_hour_opens_when_the_clock_jumps() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 02:30-05:00"), BRUSSELS)
    assert schedule.next_opening(local("2026-03-28 12:00")) == utc("2026-03-29 01:00")
    assert not schedule.is_open(utc("2026-03-29 00:59:59"))
    assert schedule.next_closing(utc("2026-03-29 01:00")) == local("2026-03-29 05:00")


def test_range_wholly_inside_the_skipped_hour_does_not_open_that_day() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 02:10-02:50"), BRUSSELS)
    assert schedule.next_opening(local("2026-03-28 12:00")) == local("2026-04-05 02:10")


def test_range_over_the_repeated_hour_stays_open_through_both_passes() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 00:00-02:30"), BRUSSELS)
    first_pass_0245 = utc("2026-10-25 00:45")
    assert schedule.is_open(first_pass_0245)
    assert schedule.next_closing(local("2026-10-25 00:00")) == utc("2026-10-25 01:30")


def test_range_starting_in_the_repeated_hour_opens_at_its_first_pass() -> None:
    schedule = Schedule(WeeklyHours.parse("sun 02:30-04:00"), BRUSSELS)
    assert schedule.next_opening(local("2026-10-24 12:00")) == utc("2026-10-25 00:30")
    assert schedule.next_closing(utc("2026-10-25 00:30")) == utc("2026-10-25 03:00")


def test_christmas_break_reopens_on_the_first_monday_of_january() -> None:
    winter_break = Closure(date(2026, 12, 21), date(2027, 1, 3), "Winter break")
    schedule = weekdays(closures=[winter_break], holidays_country="BE")
    opening = schedule.next_opening(local("2026-12-18 20:00"))
    assert opening == local("2027-01-04 09:00")
    assert schedule.closure_on(date(2026, 12, 25)) == winter_break
    assert not schedule.is_open(local("2026-12-22 10:00"))


def test_easter_monday_is_a_belgian_holiday() -> None:
    schedule = weekdays(holidays_country="BE")
    assert schedule.next_opening(local("2026-04-03 20:00")) == local("2026-04-07 09:00")
    easter_monday = date(2026, 4, 6)
    assert schedule.closure_on(easter_monday) == Closure(
        easter_monday, easter_monday, "Easter Monday"
    )


def test_ascension_day_is_a_norwegian_holiday_named_in_english() -> None:
    schedule = weekdays(OSLO, holidays_country="no")
    assert not schedule.is_open(local("2026-05-14 12:00", OSLO))
    closure = schedule.closure_on(date(2026, 5, 14))
    assert closure is not None
    assert closure.label == "Ascension Day"


def test_subdivision_holidays_apply() -> None:
    bavaria = weekdays("Europe/Berlin", holidays_country="DE-BY")
    assert bavaria.closure_on(date(2026, 1, 6)) is not None
    assert weekdays("Europe/Berlin", holidays_country="DE").closure_on(date(2026, 1, 6)) is None


def test_ordinary_days_have_no_closure() -> None:
    assert weekdays(holidays_country="BE").closure_on(date(2026, 11, 30)) is None
    assert weekdays().closure_on(date(2026, 12, 25)) is None


def test_unknown_holidays_country_is_named() -> None:
    with pytest.raises(HoursError, match='unknown holidays country "XX"'):
        weekdays(holidays_country="XX")


def test_open_now_means_next_opening_is_now_in_utc() -> None:
    now = local("2026-11-30 10:15")
    opening = weekdays().next_opening(now)
    assert opening == now
    assert opening is not None
    assert opening.tzinfo is UTC


def test_closed_now_means_next_closing_is_now() -> None:
    saturday = local("2026-11-28 12:00")
    assert weekdays().next_closing(saturday) == saturday


def test_never_open_has_no_next_opening() -> None:
    schedule = Schedule(WeeklyHours.parse("closed"), BRUSSELS)
    assert schedule.next_opening(local("2026-11-28 12:00")) is None
    assert not schedule.is_open(local("2026-11-30 12:00"))


def test_always_open_has_no_next_closing() -> None:
    schedule = Schedule(WeeklyHours.parse("mon-sun 00:00-24:00"), BRUSSELS)
    assert schedule.next_closing(local("2026-11-28 12:00")) is None


def test_opening_hours_run_on_past_midnight_without_closing() -> None:
    schedule = Schedule(WeeklyHours.parse("fri 20:00-24:00; sat 00:00-02:00"), BRUSSELS)
    assert schedule.next_closing(local("2026-11-27 21:00")) == local("2026-11-28 02:00")


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        weekdays().is_open(datetime(2026, 11, 30, 10))


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
