"""What every part of the running bot shares: settings, database, cipher, clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.id_map import RecentLinks
from bot.settings import Settings
from storage.appends import AppendWriter
from storage.crypto import Cipher
from storage.db import Reader


@dataclass
class Runtime:
    """The bot's shared services, built once at start."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    cipher: Cipher
    clock: Clock
    bot_username: str = ""
    reader: Reader | None = None  # SQLite only: synchronous look-ups (storage.db.make_reader)
    extras: dict[str, object] = field(default_factory=dict)
    appends: AppendWriter = field(init=False)
    recent_links: RecentLinks = field(default_factory=RecentLinks)

    def __post_init__(self) -> None:
        """The group-commit writer uses the sessions' engine."""
        self.appends = AppendWriter(self.sessions.kw["bind"])
