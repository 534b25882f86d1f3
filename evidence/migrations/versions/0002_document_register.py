"""document register: documents, versions, approvals of versions, file readings (issue 11)

Moves every complaint policy and service charter into the register (one document, version 1, with the
flags it declared as `declared` facts and its year as `year_recorded`), gives every strategy plan and
every approved relationship plan a register document, turns each approval's single subject into an
`approvaldocument` row, repoints file links and claim links, then drops the old tables and columns.

Revision ID: 0002_document_register
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_document_register"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHARTER_FLAGS = {
    "has_blueprint_frontstage": "blueprint_frontstage",
    "has_blueprint_backstage": "blueprint_backstage",
    "has_blueprint_support": "blueprint_support",
    "has_guidelines": "guidelines",
    "has_measurable_protocols": "measurable_protocols",
    "has_recovery_normal": "recovery_normal",
    "has_recovery_abnormal": "recovery_abnormal",
    "from_journey_map": "journey_map",
    "covers_before": "before",
    "covers_during": "during",
    "covers_after": "after",
}
_SUBJECT_KIND = {"strategyplan": None, "relationshipplan": "relationship_plan", "other": "other",
                 "complaintpolicy": "complaint_policy", "servicecharter": "charter_and_standards"}


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), sa.ForeignKey("enterprise.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _create_tables() -> None:
    op.create_table(
        "document", *_record_columns(),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False, index=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), sa.ForeignKey("orgunit.id"), nullable=True),
        sa.Column("review_every_months", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("enterprise_id", "code"),
    )
    op.create_table(
        "documentversion",
        sa.Column("status", sa.String(length=32), nullable=False, index=True),
        sa.Column("review_comment", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        *_record_columns(),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id"), nullable=False, index=True),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("review_due_on", sa.Date(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), sa.ForeignKey("documentversion.id"), nullable=True),
        sa.Column("year_recorded", sa.Integer(), nullable=False),
        sa.Column("declared", sa.JSON(), nullable=True),
        sa.Column("declared_approved", sa.Boolean(), nullable=False),
        sa.Column("published_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("enterprise_id", "code"),
        sa.UniqueConstraint("document_id", "label"),
    )
    op.create_table(
        "approvaldocument", *_record_columns(),
        sa.Column("approval_id", sa.Integer(), sa.ForeignKey("approval.id"), nullable=False, index=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("documentversion.id"), nullable=False, index=True),
        sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("approval_id", "version_id"),
    )
    op.create_table(
        "filereading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), sa.ForeignKey("evidencefile.id"), nullable=False, unique=True),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("message_th", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "filepassage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), sa.ForeignKey("evidencefile.id"), nullable=False, index=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("section", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("locator_th", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


class _Mover:
    """Inserts register rows for old documents and remembers old (table, id) → new version id."""

    def __init__(self, conn: sa.Connection):
        self.conn = conn
        meta = sa.MetaData()
        self.document = sa.Table("document", meta, autoload_with=conn)
        self.version = sa.Table("documentversion", meta, autoload_with=conn)
        self.versions: dict[tuple[str, int], int] = {}

    def add(self, old: sa.Row, table: str, kind: str, title: str, *, org_unit_id: int | None = None,
            declared: list[str] | None = None, status: str = "approved", comment: str | None = None,
            year: int, **version: object) -> int:
        stamp = {k: old._mapping[k] for k in ("enterprise_id", "created_at", "created_by", "updated_at", "updated_by")}
        code = f"{table[:3].upper()}-{old.id}"
        doc_id = self.conn.execute(self.document.insert().values(
            **stamp, version=1, code=code, kind=kind, title=title[:300], org_unit_id=org_unit_id,
            review_every_months=12)).inserted_primary_key[0]
        version_id = self.conn.execute(self.version.insert().values(
            **stamp, version=1, status=status, review_comment=comment, code=f"{code}/1", document_id=doc_id,
            label="1", year_recorded=year, declared=declared or [], declared_approved=False,
            **version)).inserted_primary_key[0]
        self.versions[(table, old.id)] = version_id
        return doc_id


def _rows(conn: sa.Connection, name: str) -> list[sa.Row]:
    """Every row of an old table, read through its reflected columns (dates come back as dates)."""
    table = sa.Table(name, sa.MetaData(), autoload_with=conn)
    return list(conn.execute(sa.select(table).order_by(table.c.id)))


def _move(conn: sa.Connection) -> None:
    mover = _Mover(conn)
    for row in _rows(conn, "complaintpolicy"):
        declared = (["complaint_handling"] if row.covers_complaint_handling else []) + (
            ["improvement_in_strategy"] if row.in_customer_strategy else [])
        mover.add(row, "complaintpolicy", row.kind, row.title, declared=declared, status=row.status,
                  comment=row.review_comment, year=row.year, last_reviewed_on=row.reviewed_on)
    charter_docs: dict[int, int] = {}
    for row in _rows(conn, "servicecharter"):
        declared = [code for flag, code in _CHARTER_FLAGS.items() if getattr(row, flag)]
        charter_docs[row.id] = mover.add(
            row, "servicecharter", "charter_and_standards", row.title, org_unit_id=row.org_unit_id,
            declared=declared, status=row.status, comment=row.review_comment, year=row.year,
            published_url=row.published_url, published_on=row.published_on)
    for old, new in charter_docs.items():
        conn.execute(sa.text("UPDATE servicestandard SET document_id = :d WHERE charter_id = :c"), {"d": new, "c": old})
    for row in _rows(conn, "strategyplan"):
        doc_id = mover.add(row, "strategyplan", row.kind, row.title, status=row.status, year=row.year)
        conn.execute(sa.text("UPDATE strategyplan SET document_id = :d WHERE id = :i"), {"d": doc_id, "i": row.id})
    approval_doc = sa.Table("approvaldocument", sa.MetaData(), autoload_with=conn)
    for row in _rows(conn, "approval"):
        key = (str(row.subject_type), int(row.subject_id)) if row.subject_id is not None else None
        if key is None or key not in mover.versions:
            kind = _SUBJECT_KIND.get(str(row.subject_type)) or "other"
            mover.add(row, f"approval{row.id}", kind, row.document_title, status="approved", year=row.year)
            key = (f"approval{row.id}", row.id)
        conn.execute(approval_doc.insert().values(
            enterprise_id=row.enterprise_id, approval_id=row.id, version_id=mover.versions[key], version=1,
            created_at=row.created_at, created_by=row.created_by, updated_at=row.updated_at, updated_by=row.updated_by))
        conn.execute(sa.text("UPDATE approval SET code = :c WHERE id = :i"), {"c": f"APR-{row.id}", "i": row.id})
    for (table, old_id), new_id in mover.versions.items():
        if table in ("complaintpolicy", "servicecharter"):
            conn.execute(sa.text("UPDATE evidencelink SET record_table = 'documentversion', record_id = :n "
                                 "WHERE record_table = :t AND record_id = :o"), {"n": new_id, "t": table, "o": old_id})
    _repoint_claims(conn, mover.versions)


def _repoint_claims(conn: sa.Connection, versions: dict[tuple[str, int], int]) -> None:
    claims = sa.Table("itemclaim", sa.MetaData(), autoload_with=conn)
    for row in conn.execute(sa.select(claims.c.id, claims.c.linked_records)).all():
        links = list(row.linked_records or [])
        moved = [
            {**link, "table": "documentversion", "id": versions[(link.get("table"), link.get("id"))]}
            if (link.get("table"), link.get("id")) in versions and link.get("table") in ("complaintpolicy", "servicecharter")
            else link
            for link in links
        ]
        if moved != links:
            conn.execute(claims.update().where(claims.c.id == row.id).values(linked_records=moved))


def upgrade() -> None:
    _create_tables()
    with op.batch_alter_table("assessmentyear") as batch:
        batch.add_column(sa.Column("fact_mode", sa.String(length=32), nullable=False, server_default="declared"))
    with op.batch_alter_table("approval") as batch:
        batch.add_column(sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
    with op.batch_alter_table("strategyplan") as batch:
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_strategyplan_document", "document", ["document_id"], ["id"])
    with op.batch_alter_table("servicestandard") as batch:
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_servicestandard_document", "document", ["document_id"], ["id"])
    _move(op.get_bind())
    with op.batch_alter_table("approval") as batch:
        batch.alter_column("code", existing_type=sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False)
        batch.create_unique_constraint("uq_approval_enterprise_code", ["enterprise_id", "code"])
        batch.drop_index("ix_approval_year")
        for column in ("subject_type", "subject_id", "document_title", "year"):
            batch.drop_column(column)
    with op.batch_alter_table("servicestandard") as batch:
        batch.drop_column("charter_id")
    for table in ("complaintpolicy", "servicecharter"):
        for index in ("enterprise_id", "status", "year"):
            op.drop_index(f"ix_{table}_{index}", table_name=table)
        op.drop_table(table)


def downgrade() -> None:
    raise NotImplementedError("the document register cannot be undone without losing versions and approvals")
