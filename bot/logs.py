"""Logging that never carries a Telegram id (long digit runs are masked)."""

from __future__ import annotations

import logging
import re

LONG_NUMBER = re.compile(r"(?<![\d.])-?\d{6,}(?![\d.])")


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
