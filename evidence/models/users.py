"""Users, their role and organisational scope, assessor assignments, and the append-only audit log."""

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import JSON
from sqlmodel import Field, Index, SQLModel, UniqueConstraint

from evidence.models.base import enum_field, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    PLANNING = "planning"
    DIVISION = "division"
    EXECUTIVE = "executive"
    ASSESSOR = "assessor"


ROLE_TH = {
    Role.ADMIN: "ผู้ดูแลระบบ",
    Role.PLANNING: "ฝ่ายแผน / คณะทำงาน SCM",
    Role.DIVISION: "เจ้าหน้าที่หน่วยงาน",
    Role.EXECUTIVE: "ผู้บริหาร",
    Role.ASSESSOR: "ผู้ประเมิน",
}


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=100, unique=True, title="ชื่อผู้ใช้")
    # Personal data (PDPA): declared like `pii_field` so the inventory, masking and audit redaction see it.
    display_name: str = Field(max_length=200, title="ชื่อที่แสดง", schema_extra={"json_schema_extra": {"pii": "name"}})
    email: str | None = Field(
        default=None, max_length=200, index=True, title="อีเมล", schema_extra={"json_schema_extra": {"pii": "email"}}
    )
    role: Role = enum_field(Role, "บทบาท")
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", title="รัฐวิสาหกิจ")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงานที่รับผิดชอบ")
    password_hash: str | None = Field(default=None, max_length=300)
    failed_logins: int = Field(default=0)
    locked_until: NaiveDatetime | None = Field(default=None)
    active: bool = Field(default=True)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class AssessorAssignment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("user_id", "enterprise_id"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)


class AuditLog(SQLModel, table=True):
    """Append-only: who did what to which record, with before/after (personal data redacted)."""

    __table_args__ = (Index("ix_auditlog_enterprise_id_id", "enterprise_id", "id"),)  # data version (evidence_pass)
    id: int | None = Field(default=None, primary_key=True)
    at: NaiveDatetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=100, index=True)
    enterprise_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=40, index=True)
    table_name: str | None = Field(default=None, max_length=60)
    record_id: int | None = Field(default=None)
    summary: str | None = Field(default=None, max_length=500)
    before: dict | None = Field(default=None, sa_type=JSON)  # type: ignore[type-arg]
    after: dict | None = Field(default=None, sa_type=JSON)  # type: ignore[type-arg]
