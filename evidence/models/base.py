"""Shared columns and field helpers for every table.

- `Record`: tables users edit: enterprise (tenant), created/updated by and at, and a `version`
  column used by SQLAlchemy for optimistic locking (a stale flush raises StaleDataError).
- `Reviewed`: records that divisions submit: draft → submitted → approved / returned.
- `pii_field`: the one declaration of a personal-data column (PDPA inventory, masking, erasure).
"""

from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import JSON, String
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_REQUIRED = object()


def enum_field(enum: type[StrEnum], title: str, default: object = _REQUIRED, **kw: object):  # noqa: ANN201
    """A coded field stored as a short string (portable across SQLite and PostgreSQL).

    Without `default` the field is required; `default=None` makes it optional.
    """
    if default is _REQUIRED:
        return Field(title=title, sa_type=String(32), **kw)  # type: ignore[arg-type]
    return Field(default=default, title=title, sa_type=String(32), **kw)  # type: ignore[arg-type]


def json_field(title: str):  # noqa: ANN201
    """A list of codes (segments reached, life-cycle groups, …) stored as JSON."""
    return Field(default_factory=list, title=title, sa_type=JSON)


class PIIKind(StrEnum):
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    TEXT = "text"


def pii_field(kind: PIIKind, title: str, *, max_length: int = 200):  # noqa: ANN201
    """A personal-data column (PDPA): declared here once, found by `evidence.pdpa.inventory`."""
    return Field(
        default=None,
        title=title,
        max_length=max_length,
        schema_extra={"json_schema_extra": {"pii": kind.value}},
    )


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


REVIEW_STATUS_TH = {
    ReviewStatus.DRAFT: "ร่าง",
    ReviewStatus.SUBMITTED: "ส่งตรวจแล้ว",
    ReviewStatus.APPROVED: "อนุมัติแล้ว",
    ReviewStatus.RETURNED: "ส่งกลับแก้ไข",
}


class LawfulBasis(StrEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGITIMATE_INTEREST = "legitimate_interest"
    LEGAL_DUTY = "legal_duty"


LAWFUL_BASIS_TH = {
    LawfulBasis.CONSENT: "ความยินยอม",
    LawfulBasis.CONTRACT: "สัญญา",
    LawfulBasis.LEGITIMATE_INTEREST: "ประโยชน์โดยชอบด้วยกฎหมาย",
    LawfulBasis.LEGAL_DUTY: "หน้าที่ตามกฎหมาย",
}


class Record(SQLModel):
    """Columns of every table users edit; `version` is the optimistic-lock counter."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True, title="รัฐวิสาหกิจ")
    created_at: NaiveDatetime = Field(default_factory=utcnow, title="สร้างเมื่อ")
    created_by: str = Field(default="system", max_length=100, title="สร้างโดย")
    updated_at: NaiveDatetime = Field(default_factory=utcnow, title="แก้ไขเมื่อ")
    updated_by: str = Field(default="system", max_length=100, title="แก้ไขโดย")
    version: int = Field(default=1, nullable=False, title="รุ่นของข้อมูล")

    @declared_attr  # type: ignore[misc]
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Reviewed(SQLModel):
    """Records a division submits and the planning team approves (scoring reads approved ones)."""

    status: ReviewStatus = enum_field(ReviewStatus, "สถานะการตรวจ", ReviewStatus.DRAFT, index=True)
    review_comment: str | None = Field(default=None, max_length=1000, title="ความเห็นผู้ตรวจ")


class PersonalData(SQLModel):
    """PDPA bookkeeping on every table that holds a person's data (brief §3)."""

    pdpa_purpose: str | None = Field(default=None, max_length=300, title="วัตถุประสงค์การเก็บข้อมูล")
    pdpa_basis: LawfulBasis | None = Field(
        default=None, title="ฐานทางกฎหมาย", sa_type=String(32)  # type: ignore[arg-type]
    )
    pdpa_retain_until: date | None = Field(default=None, title="เก็บรักษาถึงวันที่")
