"""evidence pass: covering indexes for the two large scans, and the audit index that finds an
enterprise's newest evidence write (issue 18 §2, issue 17)

- `ix_vocrecord_pass` (enterprise_id, year, org_unit_id, quarter, aspect, segment_id, status, priority)
  and `ix_complaintcase_pass` (enterprise_id, year, org_unit_id, received_at, status and the three
  stage times): the evidence pass reads each year once, grouped in index order, from the index alone
  (measured at scale L: 4–5× faster for VOC and about 2–3× for complaints than reading the table,
  and faster than durations stored in the table, which the index cannot cover; bench/RESULTS.md).
- `ix_auditlog_enterprise_id_id` on (enterprise_id, id): the data version (the enterprise's newest
  evidence write) is a backward walk of this index.
- ANALYZE afterwards, so the planner knows the new indexes.

Revision ID: 0004_evidence_summary
Revises: 0003_assessment_cycles
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004_evidence_summary'
down_revision: str | None = '0004_search_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_vocrecord_pass": ("vocrecord", ["enterprise_id", "year", "org_unit_id", "quarter", "aspect", "segment_id",
                                        "status", "priority"]),
    "ix_complaintcase_pass": ("complaintcase", ["enterprise_id", "year", "org_unit_id", "received_at", "status",
                                                "acknowledged_at", "responded_at", "resolved_at"]),
    "ix_auditlog_enterprise_id_id": ("auditlog", ["enterprise_id", "id"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)
    op.execute("ANALYZE")


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
