"""Logging that never carries a Telegram id (long digit runs are masked), as plain lines or JSON."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

from bot import telegram

LONG_NUMBER = re.compile(r"(?<![\d.])-?\d{6,}(?![\d.])")
# Libraries whose INFO lines (Alembic's plugin set-up, the Telegram library's and APScheduler's
# chatter) say nothing an operator acts on: shown from WARNING, or all with LOG_LEVEL=DEBUG.
LIBRARIES = ("alembic", "apscheduler", "aiosqlite", "asyncio", "sqlalchemy", *telegram.LOGGERS)


class RedactIds(logging.Filter):
    """Masks numbers long enough to be Telegram user or chat ids."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, masked."""
        message = record.getMessage()
        masked = LONG_NUMBER.sub("<id>", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message (and a masked traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = LONG_NUMBER.sub("<id>", self.formatException(record.exc_info))
        return json.dumps(line)  # ASCII: nothing in a record can fail to reach the log


def configure(level: str, log_format: str) -> None:
    """One-line log records on stderr with ids masked: plain text, or JSON (LOG_FORMAT)."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactIds())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = logging.DEBUG if level == "DEBUG" else max(logging.WARNING, logging.getLevelName(level))
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(quiet)
