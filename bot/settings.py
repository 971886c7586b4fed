"""Every setting of the bot, read from the environment and `.env`; errors become one line."""

from __future__ import annotations

import re
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot import holiday_dates
from bot.i18n import LANGUAGES

EXPECTED = {
    "BOT_TOKEN": 'a token from @BotFather, e.g. "123456:ABC-DEF"',
    "TELEGRAM_API_URL": 'an http(s) URL, e.g. "https://api.telegram.org"',
    "DATABASE_URL": 'e.g. "sqlite+aiosqlite:///praatmaat.db" or "postgresql+asyncpg://u:p@host/db"',
    "ENCRYPTION_KEYS": "comma-separated Fernet keys (make one with `praatmaat keygen`)",
    "TIMEZONE": 'an IANA time zone, e.g. "Europe/Brussels"',
    "OPENING_HOURS": 'e.g. "mon-fri 09:00-20:00"',
    "HOLIDAYS_COUNTRY": '"BE", "NL", "NO" or another country code (optionally "-SUBDIV"), or empty',
    "DEFAULT_LANGUAGE": 'one of "en", "nl", "nb"',
    "COORDINATOR_IDS": 'comma-separated Telegram user ids, e.g. "12345,67890"',
    "CRISIS_ALERT_CHAT_ID": 'a Telegram chat id, e.g. "-1001234567890", or empty',
    "RETENTION_DAYS": "a whole number of days, at least 1",
    "SUPERVISION_MAX_DAYS": "a whole number of days, at least 1",
    "WEBHOOK_URL": 'an https URL, e.g. "https://bot.example.org/telegram", or empty',
    "WEBHOOK_SECRET": "letters, digits, _ and -, 1 to 256 characters (required with WEBHOOK_URL)",
    "WEBHOOK_PORT": "a TCP port number, 1-65535",
    "HEALTH_PORT": "a TCP port number, 1-65535, or empty",
    "LOG_LEVEL": 'one of "DEBUG", "INFO", "WARNING", "ERROR"',
    "LOG_FORMAT": 'one of "plain", "json"',
    "COUNSELLING_CONTACT": 'the counselling service, e.g. "Student counselling: 03 265 00 00"',
    "LEAVE_MESSAGE_WHEN_CLOSED": "true or false",
}


class SettingsError(Exception):
    """A setting is wrong or missing; the message is one line naming it."""


def _ids(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """The bot's configuration."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=True)

    BOT_TOKEN: str
    TELEGRAM_API_URL: str = "https://api.telegram.org"
    DATABASE_URL: str = "sqlite+aiosqlite:///praatmaat.db"
    ENCRYPTION_KEYS: Annotated[list[str], NoDecode] = Field(default_factory=list)
    TIMEZONE: str = "Europe/Brussels"
    OPENING_HOURS: str = "mon-fri 09:00-20:00"
    HOLIDAYS_COUNTRY: str = ""
    DEFAULT_LANGUAGE: str = "en"
    COORDINATOR_IDS: Annotated[list[int], NoDecode] = Field(default_factory=list)
    CRISIS_ALERT_CHAT_ID: int | None = None
    RETENTION_DAYS: int = Field(30, ge=1)
    SUPERVISION_MAX_DAYS: int = Field(28, ge=1)
    WEBHOOK_URL: str = ""
    WEBHOOK_SECRET: str = ""
    WEBHOOK_PORT: int = Field(8080, ge=1, le=65535)
    # /healthz, /readyz and /metrics: on this port; without it, on WEBHOOK_PORT in webhook mode
    # and not served in polling mode.
    HEALTH_PORT: int | None = Field(None, ge=1, le=65535)
    LOG_LEVEL: str = "INFO"
    LOG_FORMAT: str = "plain"
    COUNSELLING_CONTACT: str = ""
    LEAVE_MESSAGE_WHEN_CLOSED: bool = True

    @field_validator("BOT_TOKEN")
    @classmethod
    def _token(cls, value: str) -> str:
        if not re.fullmatch(r"\d+:[\w-]+", value.strip()):
            raise ValueError("bad token")
        return value.strip()

    @field_validator("TELEGRAM_API_URL")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"https?://[^\s/]+", value):
            raise ValueError("bad url")
        return value.rstrip("/")

    @field_validator("DATABASE_URL")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("unsupported driver")
        return value

    @field_validator("ENCRYPTION_KEYS", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        from cryptography.fernet import Fernet

        keys = _ids(value)
        for key in keys or []:
            Fernet(key)
        return keys

    @field_validator("COORDINATOR_IDS", mode="before")
    @classmethod
    def _coordinators(cls, value: object) -> object:
        return _ids(value)

    @field_validator("CRISIS_ALERT_CHAT_ID", "HEALTH_PORT", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("TIMEZONE")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("unknown zone") from error
        return value

    @field_validator("OPENING_HOURS")
    @classmethod
    def _hours(cls, value: str) -> str:
        from bot.hours import WeeklyHours

        WeeklyHours.parse(value)
        return value

    @field_validator("HOLIDAYS_COUNTRY")
    @classmethod
    def _holidays(cls, value: str) -> str:
        value = value.strip().upper()
        if value:
            country, _, subdivision = value.partition("-")
            try:
                holiday_dates.check(country, subdivision)
            except holiday_dates.UnknownCountry as error:
                raise ValueError("unknown country or subdivision") from error
        return value

    @field_validator("DEFAULT_LANGUAGE")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError("unsupported language")
        return value

    @field_validator("WEBHOOK_URL")
    @classmethod
    def _webhook(cls, value: str) -> str:
        # Telegram only calls https; plain http is accepted for a proxy on this machine.
        local = re.match(r"http://(127\.0\.0\.1|localhost)(:\d+)?/", value)
        if value and not value.startswith("https://") and not local:
            raise ValueError("not https")
        return value

    @field_validator("WEBHOOK_SECRET")
    @classmethod
    def _secret(cls, value: str) -> str:
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("bad secret")
        return value

    @field_validator("LOG_LEVEL")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("bad level")
        return value.upper()

    @field_validator("LOG_FORMAT")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.lower() not in {"plain", "json"}:
            raise ValueError("bad format")
        return value.lower()

    @model_validator(mode="after")
    def _keys_for_postgres(self) -> Settings:
        if self.is_postgres and not self.ENCRYPTION_KEYS:
            raise ValueError("ENCRYPTION_KEYS is required with PostgreSQL")
        return self

    @model_validator(mode="after")
    def _secret_for_webhook(self) -> Settings:
        # Without it anyone who finds the URL could post updates in a student's name.
        if self.webhook_mode and not self.WEBHOOK_SECRET:
            raise ValueError("WEBHOOK_SECRET is required with WEBHOOK_URL")
        return self

    @property
    def is_postgres(self) -> bool:
        """Whether the database is PostgreSQL (multi-instance capable)."""
        return self.DATABASE_URL.startswith("postgresql")

    @property
    def webhook_mode(self) -> bool:
        """Whether updates arrive by webhook instead of long polling."""
        return bool(self.WEBHOOK_URL)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning any validation error into a one-line SettingsError."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        # A rule between settings (no location) names its setting first.
        name = str(first["loc"][0] if first["loc"] else _given(first).split()[0])
        detail = "missing" if first["type"] == "missing" else _given(first)
        expected = EXPECTED.get(name, "a valid value")
        raise SettingsError(f"{name}: expected {expected} ({detail})") from None


def _given(error: object) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")  # type: ignore[index]
    value = error.get("input")  # type: ignore[attr-defined]
    if isinstance(value, str) and len(value) < 80 and "KEY" not in str(error["loc"]):  # type: ignore[index]
        return f'got "{value}": {message}'
    return message
