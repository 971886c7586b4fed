"""MultiFernet for stored identifiers and text, HMAC-SHA256 for Telegram-id look-ups."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _hmac_key(fernet_key: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"praatmaat id lookup v1"
    ).derive(fernet_key.encode())


class Cipher:
    """Encrypts with the first key, decrypts with any; hashes ids with a key-derived HMAC."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is needed")
        self.keys = list(keys)
        self._fernet = MultiFernet([Fernet(key) for key in keys])
        self._hmac_keys = [
            (key, hashlib.sha256(key).hexdigest()[:8]) for key in map(_hmac_key, keys)
        ]
        # Every relayed message needs both ends' chat ids; Fernet and HMAC cost ~0.1 ms each time.
        self.chat_id = lru_cache(maxsize=4096)(self._chat_id)
        self.lookup_hashes = lru_cache(maxsize=4096)(self._lookup_hashes)

    def encrypt(self, value: str) -> str:
        """Encrypt text under the current key."""
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str) -> str:
        """Decrypt text encrypted under any configured key."""
        return self._fernet.decrypt(token.encode()).decode()

    def rotate(self, token: str) -> str:
        """Re-encrypt a token under the current key."""
        return self._fernet.rotate(token.encode()).decode()

    def _chat_id(self, token: str) -> int:
        """A chat id stored encrypted (cached per token)."""
        return int(self.decrypt(token))

    def lookup_hash(self, telegram_id: int) -> str:
        """The current, versioned HMAC of a Telegram id."""
        return self._hash(*self._hmac_keys[0], telegram_id)

    def key_number(self, telegram_id: int) -> int:
        """A 60-bit number from the id's current HMAC: a database key that is not the id."""
        return int(self.lookup_hash(telegram_id).split(":")[-1][:15], 16)

    def _lookup_hashes(self, telegram_id: int) -> tuple[str, ...]:
        """The HMAC under every configured key, so look-ups work before a rotation finishes."""
        return tuple(self._hash(key, version, telegram_id) for key, version in self._hmac_keys)

    @staticmethod
    def _hash(key: bytes, version: str, telegram_id: int) -> str:
        digest = hmac.new(key, str(telegram_id).encode(), hashlib.sha256).hexdigest()
        return f"{version}:{digest}"


def readable_with(token: str, key: str) -> bool:
    """Whether `token` decrypts with this single key (used to verify rotations)."""
    try:
        Fernet(key).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def sqlite_key_file(database_url: str) -> Path | None:
    """Where the generated key of a SQLite database lives (next to the file), or None."""
    if not database_url.startswith("sqlite") or ":memory:" in database_url:
        return None
    path = database_url.split(":///", 1)[1].split("?", 1)[0]
    return Path(path).expanduser().resolve().with_name(Path(path).name + ".key")


def load_or_create_key(path: Path) -> tuple[str, bool]:
    """Read the generated key, or write a new one (mode 0600); True when it was created."""
    if path.exists():
        return path.read_text().strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key, True
