"""institutions: one deployment, several institutions; today's data becomes institution "main"

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 13:10:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from storage.base import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAIN = 1
# Tables whose every row belongs to one institution, and those where none means "shared".
OWNED = ("people", "conversations", "invites")
SHARED = ("closure_periods", "professional_contacts", "referral_resources", "audit_log")


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "institutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=True),
        sa.Column("holidays_country", sa.String(length=12), nullable=True),
        sa.Column("alert_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("default_language", sa.String(length=8), nullable=True),
        sa.Column("overflow_to_id", sa.Integer(), nullable=True),
        sa.Column("overflow_minutes", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["overflow_to_id"], ["institutions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "supporter_institutions",
        sa.Column("supporter_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["supporter_id"], ["supporters.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["institution_id"], ["institutions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("supporter_id", "institution_id"),
    )
    bind = op.get_bind()
    hours = bind.scalar(sa.text("SELECT value FROM service_settings WHERE key = 'opening_hours'"))
    institutions = sa.table(
        "institutions",
        sa.column("id", sa.Integer()),
        sa.column("slug", sa.String()),
        sa.column("name", sa.String()),
        sa.column("opening_hours", sa.Text()),
        sa.column("created_at", UTCDateTime(timezone=True)),
    )
    row = {"id": MAIN, "slug": "main", "name": "Praatmaat", "opening_hours": hours}
    bind.execute(institutions.insert().values(**row, created_at=datetime.now(UTC)))
    bind.execute(sa.text("DELETE FROM service_settings WHERE key = 'opening_hours'"))
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT setval('institutions_id_seq', 1)"))
    bind.execute(
        sa.text("INSERT INTO supporter_institutions SELECT id, :main FROM supporters"),
        {"main": MAIN},
    )
    for table in (*OWNED, *SHARED):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("institution_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                f"fk_{table}_institution",
                "institutions",
                ["institution_id"],
                ["id"],
                ondelete="SET NULL",
            )
    for table in OWNED:
        bind.execute(sa.text(f"UPDATE {table} SET institution_id = :main"), {"main": MAIN})
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("coordinates_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_people_coordinates", "institutions", ["coordinates_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("overflowed_at", UTCDateTime(timezone=True), nullable=True))
    op.create_index("ix_conversations_institution", "conversations", ["institution_id", "status"])


def downgrade() -> None:
    """Revert this revision (an institution's own hours go back to the service setting)."""
    op.drop_index("ix_conversations_institution", table_name="conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("overflowed_at")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("fk_people_coordinates", type_="foreignkey")
        batch.drop_column("coordinates_id")
    for table in (*OWNED, *SHARED):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_institution", type_="foreignkey")
            batch.drop_column("institution_id")
    bind = op.get_bind()
    hours = bind.scalar(
        sa.text("SELECT opening_hours FROM institutions WHERE id = :main"), {"main": MAIN}
    )
    if hours:
        settings = sa.table(
            "service_settings",
            sa.column("key", sa.String()),
            sa.column("value", sa.Text()),
            sa.column("updated_at", UTCDateTime(timezone=True)),
        )
        row = {"key": "opening_hours", "value": hours, "updated_at": datetime.now(UTC)}
        bind.execute(settings.insert().values(**row))
    op.drop_table("supporter_institutions")
    op.drop_table("institutions")
