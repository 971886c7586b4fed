"""The demo's settings, made in code: no environment, no `.env`, nothing to configure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from bot.settings import Settings
from storage.crypto import load_or_create_key

# Where a demo in each language is set: its time zone, and the country of its holidays and
# crisis contacts.
PLACES = {
    "en": ("Europe/Brussels", "BE"),
    "nl": ("Europe/Amsterdam", "NL"),
    "nb": ("Europe/Oslo", "NO"),
}
TOKEN = "100000:praatmaat-demo"


class DemoSettings(Settings):
    """Settings taken only from the values given, whatever the environment holds."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the constructor's values."""
        return (init_settings,)


def demo_settings(directory: Path, api_url: str, language: str, coordinator: int) -> Settings:
    """A bot on SQLite in `directory` (its key beside it), talking to the stand-in at `api_url`."""
    zone, country = PLACES[language]
    key, _ = load_or_create_key(directory / "praatmaat.key")
    values: dict[str, Any] = {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{directory / 'praatmaat.db'}",
        "ENCRYPTION_KEYS": [key],
        "TIMEZONE": zone,
        "HOLIDAYS_COUNTRY": country,
        "DEFAULT_LANGUAGE": language,
        "COORDINATOR_IDS": [coordinator],
        "LOG_LEVEL": "WARNING",
    }
    return DemoSettings(**values)
