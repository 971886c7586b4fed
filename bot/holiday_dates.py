"""Public holidays, read from the holidays package in a short-lived child process.

Once imported, the package keeps every calendar it knows: about 17 MiB of the bot's resident
memory for one country, for a few dozen dates a year. A child process (`python -m
bot.holiday_dates BE "" 2026 2027`) computes several years at once and prints them as JSON; the
answers are kept for the life of the process, so a country costs one child per four years.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Mapping
from datetime import date

SPAN = 4
UNKNOWN = 2
_known: dict[tuple[str, str], dict[int, dict[date, str]]] = {}


class UnknownCountry(ValueError):
    """The holidays package has no such country or subdivision."""


def holidays_in(country: str, subdivision: str, year: int) -> Mapping[date, str]:
    """The public holidays of one year (names in English where the package has them)."""
    years = _known.setdefault((country, subdivision), {})
    if year not in years:
        years.update(_ask(country, subdivision, range(year - 1, year - 1 + SPAN)))
    return years[year]


def check(country: str, subdivision: str) -> None:
    """Raise UnknownCountry unless the package knows this country (and subdivision)."""
    holidays_in(country, subdivision, date.today().year)


def _ask(country: str, subdivision: str, years: Iterable[int]) -> dict[int, dict[date, str]]:
    """Ask a child process for the holidays of these years."""
    wanted = list(years)
    answer = subprocess.run(
        [sys.executable, "-m", "bot.holiday_dates", country, subdivision, *map(str, wanted)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if answer.returncode == UNKNOWN:
        name = f"{country}-{subdivision}" if subdivision else country
        raise UnknownCountry(f'unknown holidays country "{name}"')
    if answer.returncode != 0:
        raise RuntimeError(f"bot.holiday_dates failed: {answer.stderr.strip()[-300:]}")
    found: dict[int, dict[date, str]] = {year: {} for year in wanted}
    for day, name in json.loads(answer.stdout).items():
        moment = date.fromisoformat(day)
        found.setdefault(moment.year, {})[moment] = name
    return found


def main(arguments: list[str]) -> int:
    """In the child: print {"YYYY-MM-DD": name} for a country, a subdivision and years."""
    import holidays

    country, subdivision, *years = arguments
    try:
        entity = holidays.country_holidays(country, subdiv=subdivision or None)
    except (NotImplementedError, KeyError):
        return UNKNOWN
    language = "en_US" if "en_US" in entity.supported_languages else None
    found = holidays.country_holidays(
        country, subdiv=subdivision or None, years=map(int, years), language=language
    )
    print(json.dumps({day.isoformat(): name for day, name in found.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
