"""Which encryption keys the bot uses: the configured ones, or one generated for SQLite."""

from __future__ import annotations

import logging

from bot.settings import Settings
from storage.crypto import Cipher, load_or_create_key, sqlite_key_file

log = logging.getLogger(__name__)


def cipher_for(settings: Settings) -> Cipher:
    """The configured keys, or (SQLite only) a key generated once next to the database."""
    if settings.ENCRYPTION_KEYS:
        return Cipher(settings.ENCRYPTION_KEYS)
    path = sqlite_key_file(settings.DATABASE_URL)
    if path is None:
        raise RuntimeError("ENCRYPTION_KEYS is required for this database")
    key, created = load_or_create_key(path)
    if created:
        log.warning("ENCRYPTION_KEYS is empty: generated a key in %s (keep it safe)", path)
    else:
        log.warning("ENCRYPTION_KEYS is empty: using the generated key in %s", path)
    return Cipher([key])
