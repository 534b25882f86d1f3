"""search index: `searchdoc` (one row per searchable record: its text, its people's names, the digits
of its phone numbers and its lower-cased e-mails), kept by triggers on every source table; an FTS5
trigram index on SQLite, pg_trgm GIN indexes on PostgreSQL (issue 16 search box, issue 17 §4).

Existing records are indexed by the migration (backfill from every source table).

Revision ID: 0004_search_index
Revises: 0003_assessment_cycles
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from evidence.services import search_index

revision: str = "0004_search_index"
down_revision: str | None = "0003_assessment_cycles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "searchdoc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("record_table", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("people", sa.Text(), nullable=False),
        sa.Column("phones", sa.Text(), nullable=False),
        sa.Column("emails", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_table", "record_id", name="uq_searchdoc_record"),
    )
    with op.batch_alter_table("searchdoc", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_searchdoc_enterprise_id"), ["enterprise_id"], unique=False)
    search_index.install(op.get_bind())


def downgrade() -> None:
    search_index.uninstall(op.get_bind())
    op.drop_table("searchdoc")
