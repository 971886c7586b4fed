"""What start-up says: a few log lines (version, database, hours, mode) and one-line errors."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from sqlalchemy.engine import make_url

from bot.settings import Settings

log = logging.getLogger("praatmaat")


class StartupError(Exception):
    """Start-up cannot go on; the message is one line saying why and what to do."""


def praatmaat_version() -> str:
    """The installed package's version."""
    try:
        return version("praatmaat")
    except PackageNotFoundError:
        return "unknown"


def database_label(url: str) -> str:
    """The database URL without its password."""
    return make_url(url).render_as_string(hide_password=True)


def announce(settings: Settings, migrated: bool, hours: str) -> None:
    """Log what is starting: version, database, opening hours, mode."""
    schema = "migrated to the latest schema" if migrated else "schema up to date"
    holidays = f", holidays {settings.HOLIDAYS_COUNTRY}" if settings.HOLIDAYS_COUNTRY else ""
    mode = f"webhook at {settings.WEBHOOK_URL}" if settings.webhook_mode else "long polling"
    log.info("praatmaat %s starting", praatmaat_version())
    log.info("database %s (%s)", database_label(settings.DATABASE_URL), schema)
    log.info("hours %s, %s%s", hours, settings.TIMEZONE, holidays)
    log.info("mode %s, Bot API %s", mode, settings.TELEGRAM_API_URL)


def serving(settings: Settings, username: str) -> None:
    """Log that updates are being taken, and as which bot."""
    verb = "webhook" if settings.webhook_mode else "polling"
    log.info("%s as @%s", verb, username)
