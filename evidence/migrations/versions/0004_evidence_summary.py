"""evidence pass: the complaint cases' stage durations stored at write time, and the audit index that
finds an enterprise's newest evidence write (issue 18 §2, issue 17)

- `complaintcase.acknowledge_hours`, `respond_hours`, `resolve_hours`: generated (STORED) columns,
  hours from receipt to each stage, computed by the database on every insert and update; adding them
  computes them for the existing cases (SQLite rebuilds the table, PostgreSQL rewrites it).
- `ix_auditlog_enterprise_id_id` on (enterprise_id, id): the data version (the enterprise's newest
  evidence write) is a backward walk of this index.
- ANALYZE afterwards, so the planner knows the new index and the tables' sizes.

Revision ID: 0004_evidence_summary
Revises: 0003_assessment_cycles
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from evidence.sql_hours import hours_between

revision: str = '0004_evidence_summary'
down_revision: str | None = '0003_assessment_cycles'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGES = {"acknowledge": "acknowledged_at", "respond": "responded_at", "resolve": "resolved_at"}


def _columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column(f"{stage}_hours", sa.Float(), sa.Computed(
        hours_between(sa.literal_column("received_at"), sa.literal_column(column)), persisted=True), nullable=True)
        for stage, column in STAGES.items()]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a STORED column only by rebuilding the table
        with op.batch_alter_table('complaintcase', schema=None, recreate='always') as batch_op:
            for column in _columns():
                batch_op.add_column(column)
    else:
        for column in _columns():
            op.add_column('complaintcase', column)
    op.create_index('ix_auditlog_enterprise_id_id', 'auditlog', ['enterprise_id', 'id'], unique=False)
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index('ix_auditlog_enterprise_id_id', table_name='auditlog')
    with op.batch_alter_table('complaintcase', schema=None) as batch_op:
        for stage in reversed(STAGES):
            batch_op.drop_column(f"{stage}_hours")
