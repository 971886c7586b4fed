"""Logging that never carries a Telegram id (long digit runs are masked)."""

from __future__ import annotations

import logging
import re

LONG_NUMBER = re.compile(r"(?<![\d.])-?\d{6,}(?![\d.])")
# Libraries whose INFO lines (Alembic's plugin set-up, aiogram's and APScheduler's chatter) say
# nothing an operator acts on: they are shown from WARNING, or everything with LOG_LEVEL=DEBUG.
LIBRARIES = ("alembic", "aiogram", "apscheduler", "aiosqlite", "asyncio", "sqlalchemy")


class RedactIds(logging.Filter):
    """Masks numbers long enough to be Telegram user or chat ids."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, masked."""
        message = record.getMessage()
        masked = LONG_NUMBER.sub("<id>", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure(level: str) -> None:
    """Plain, one-line log records on stderr with ids masked."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactIds())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = logging.DEBUG if level == "DEBUG" else max(logging.WARNING, logging.getLevelName(level))
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(quiet)
