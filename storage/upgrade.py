"""Apply pending migrations in a process of their own (started by `storage.db.migrate`)."""

from __future__ import annotations

import os

from alembic import command

from storage.db import MIGRATE_URL, alembic_config

if __name__ == "__main__":
    command.upgrade(alembic_config(os.environ[MIGRATE_URL]), "head")
