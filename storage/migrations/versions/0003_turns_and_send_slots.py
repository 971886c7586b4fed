"""webhook updates take turns per chat across instances; shared send slots

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 17:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "update_turns",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_key", sa.BigInteger(), nullable=True),
        sa.Column("holder", sa.Integer(), nullable=True),
        sa.Column("started", sa.Boolean(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_index("ix_update_turns_chat", "update_turns", ["chat_key", "update_id"])
    op.create_table(
        "send_slots",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("next_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("send_slots")
    op.drop_index("ix_update_turns_chat", table_name="update_turns")
    op.drop_table("update_turns")
