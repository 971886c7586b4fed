"""The `praatmaat` command: run, demo, migrate, keygen, rotate-keys, check, backup."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from contextlib import suppress
from pathlib import Path

import uvloop
from cryptography.fernet import Fernet

from bot import crisis
from bot.i18n import LANGUAGES
from bot.logs import configure
from bot.settings import Settings, SettingsError, load_settings
from bot.telegram import lazy_models


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None


def run(_: argparse.Namespace) -> int:
    """Start the bot (migrations first)."""
    settings = _settings()
    configure(settings.LOG_LEVEL, settings.LOG_FORMAT)
    lazy_models.install()
    # Load the crisis lexicons at start, so the first student message does not wait for them.
    crisis.prepare()
    from bot import app
    from bot.startup import StartupError
    from storage.polling_lock import AlreadyPolling

    try:
        with suppress(KeyboardInterrupt):
            uvloop.run(app.run(settings))
    except (AlreadyPolling, StartupError) as error:
        print(f"praatmaat: {error}", file=sys.stderr)
        return 1
    return 0


def demo(arguments: argparse.Namespace) -> int:
    """Run the whole service on this machine, in a browser: no token, no network needed."""
    configure("WARNING", "plain")
    lazy_models.install()
    crisis.prepare()
    from demo.service import PortTaken, serve

    try:
        with suppress(KeyboardInterrupt):
            uvloop.run(serve(arguments.port, arguments.language, arguments.keep))
    except PortTaken as error:
        print(f"praatmaat demo: {error}", file=sys.stderr)
        return 1
    return 0


def migrate(_: argparse.Namespace) -> int:
    """Apply pending migrations."""
    from storage.db import migrate as apply

    settings = _settings()
    configure(settings.LOG_LEVEL, settings.LOG_FORMAT)
    asyncio.run(apply(settings.DATABASE_URL))
    print("database is up to date")
    return 0


def keygen(_: argparse.Namespace) -> int:
    """Print a fresh Fernet key."""
    print(Fernet.generate_key().decode())
    return 0


def rotate_keys(_: argparse.Namespace) -> int:
    """Re-encrypt everything under the first key of ENCRYPTION_KEYS."""
    from bot.keys import cipher_for
    from storage.db import make_engine, make_sessions
    from storage.db import migrate as apply
    from storage.rotation import rotate_keys as rotate

    settings = _settings()
    configure(settings.LOG_LEVEL, settings.LOG_FORMAT)

    async def rotate_all() -> int:
        await apply(settings.DATABASE_URL)
        engine = make_engine(settings.DATABASE_URL)
        try:
            return await rotate(make_sessions(engine), cipher_for(settings))
        finally:
            await engine.dispose()

    print(f"re-encrypted {asyncio.run(rotate_all())} values under the first key")
    return 0


def check(_: argparse.Namespace) -> int:
    """Validate settings and the database connection; print a short report."""
    from sqlalchemy import text

    from bot.hours import WeeklyHours
    from storage.db import make_engine

    settings = _settings()

    async def probe() -> str:
        engine = make_engine(settings.DATABASE_URL)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("select 1"))
            return "reachable"
        finally:
            await engine.dispose()

    try:
        database = asyncio.run(probe())
    except Exception as error:
        database = f"NOT reachable ({type(error).__name__})"
    print(
        f"settings: ok (timezone {settings.TIMEZONE}, default language {settings.DEFAULT_LANGUAGE})"
    )
    print(f"hours: {WeeklyHours.parse(settings.OPENING_HOURS)}")
    print(f"database: {settings.DATABASE_URL.split('://')[0]} {database}")
    print(f"encryption keys: {len(settings.ENCRYPTION_KEYS) or 'generated (SQLite)'}")
    print(f"mode: {'webhook' if settings.webhook_mode else 'long polling'}")
    return 0 if database == "reachable" else 1


def backup(arguments: argparse.Namespace) -> int:
    """Copy the SQLite database to PATH while the bot runs (PostgreSQL: the pg_dump command)."""
    from bot.backup import copy_sqlite, pg_dump_command, sqlite_file
    from storage.crypto import sqlite_key_file

    settings = _settings()
    source = sqlite_file(settings.DATABASE_URL)
    if source is None:
        print("praatmaat backup: a PostgreSQL database is backed up with pg_dump, e.g.")
        print(f"  {pg_dump_command(settings.DATABASE_URL, arguments.path)}")
        print("(the password from PGPASSWORD or ~/.pgpass; restore with pg_restore)")
        return 1
    try:
        pages = copy_sqlite(source, Path(arguments.path))
    except (OSError, sqlite3.Error) as error:
        print(f"praatmaat backup: {error}", file=sys.stderr)
        return 1
    print(f"backed up {source} to {arguments.path} ({pages} pages)")
    keys = "ENCRYPTION_KEYS" if settings.ENCRYPTION_KEYS else sqlite_key_file(settings.DATABASE_URL)
    print(f"its text and ids are encrypted: restoring it needs {keys}, which is not in the backup")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per action."""
    root = argparse.ArgumentParser(
        prog="praatmaat", description="Anonymous peer support over Telegram."
    )
    commands = root.add_subparsers(dest="command", required=True)
    for name, action in (
        ("run", run),
        ("demo", demo),
        ("migrate", migrate),
        ("keygen", keygen),
        ("rotate-keys", rotate_keys),
        ("check", check),
        ("backup", backup),
    ):
        command = commands.add_parser(name, help=action.__doc__, description=action.__doc__)
        command.set_defaults(action=action)
        if action is demo:
            _demo_options(command)
    commands.choices["backup"].add_argument("path", help="the file to write the copy to")
    return root


def _demo_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--port", type=int, default=8088, help="port of the page (default 8088)")
    command.add_argument(
        "--language", choices=LANGUAGES, default="en", help="language of the people (default en)"
    )
    command.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the database in DIR (default: a temporary folder, removed on exit)",
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and `python -m bot`."""
    arguments = parser().parse_args(argv)
    raise SystemExit(arguments.action(arguments))
