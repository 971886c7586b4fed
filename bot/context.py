"""What every part of the running bot shares: settings, database, cipher, clock, messenger."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from weakref import WeakValueDictionary

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.crisis import Detector
from bot.id_map import RecentLinks
from bot.messenger import Messenger
from bot.settings import Settings
from storage.appends import AppendWriter
from storage.crypto import Cipher
from storage.db import Reader


@dataclass
class Context:
    """The bot's shared services, built once at start."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    cipher: Cipher
    clock: Clock
    messenger: Messenger
    bot_username: str = ""
    reader: Reader | None = None  # SQLite only: synchronous look-ups (storage.db.make_reader)
    appends: AppendWriter = field(init=False)
    recent_links: RecentLinks = field(default_factory=RecentLinks)
    # One lock per student: an accept delivering held messages and a new message never cross.
    student_locks: WeakValueDictionary[int, asyncio.Lock] = field(
        default_factory=WeakValueDictionary
    )
    detector: Detector | None = None
    detector_built_at: datetime | None = None

    def __post_init__(self) -> None:
        """The group-commit writer uses the sessions' engine."""
        self.appends = AppendWriter(self.sessions.kw["bind"])

    def student_lock(self, student_id: int | None) -> asyncio.Lock:
        """Serialises what happens to one student's request in this process."""
        key = student_id or 0
        lock = self.student_locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self.student_locks[key] = lock
        return lock
