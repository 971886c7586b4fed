"""`praatmaat backup`: SQLite through its online backup API; PostgreSQL is pg_dump's work."""

from __future__ import annotations

import os
import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

PAGES_PER_STEP = 1024  # the bot's writes go on between steps


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL (or in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def copy_sqlite(source: Path, target: Path) -> int:
    """A consistent copy of `source` at `target`, taken while the bot runs; the pages copied."""
    if not source.exists():
        raise FileNotFoundError(f"no database at {source}")
    partial = target.with_name(target.name + ".partial")
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        origin.backup(copy, pages=PAGES_PER_STEP)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
    finally:
        copy.close()
        origin.close()
    os.replace(partial, target)  # a reader of `target` never sees half a copy
    return int(pages)


def pg_dump_command(url: str, target: str) -> str:
    """The pg_dump command that backs up this PostgreSQL database (without its password)."""
    parsed = make_url(url)
    words = ["pg_dump", "--format=custom", f"--file={target}"]
    if parsed.host:
        words.append(f"--host={parsed.host}")
    if parsed.port:
        words.append(f"--port={parsed.port}")
    if parsed.username:
        words.append(f"--username={parsed.username}")
    words.append(parsed.database or "")
    return shlex.join(words)
