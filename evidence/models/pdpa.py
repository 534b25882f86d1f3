"""PDPA records: data-subject requests and personal-data breaches (brief §3)."""

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from evidence.models.base import enum_field, utcnow


class RequestKind(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    ERASURE = "erasure"
    WITHDRAW_CONSENT = "withdraw_consent"


REQUEST_KIND_TH = {
    RequestKind.ACCESS: "ขอเข้าถึง/ขอสำเนา",
    RequestKind.CORRECTION: "ขอแก้ไข",
    RequestKind.ERASURE: "ขอลบ",
    RequestKind.WITHDRAW_CONSENT: "ถอนความยินยอม",
}


class DataSubjectRequest(SQLModel, table=True):
    """A data subject's request; holds only a reference, never the person's data after erasure."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    kind: RequestKind = enum_field(RequestKind, "ประเภทคำขอ")
    reference: str = Field(max_length=100, title="เลขที่คำขอ")
    received_at: NaiveDatetime = Field(default_factory=utcnow)
    handled_by: str = Field(max_length=100)
    outcome: str | None = Field(default=None, max_length=1000, title="ผลการดำเนินการ")
    records_affected: int = Field(default=0)
    closed_at: NaiveDatetime | None = Field(default=None)


class BreachRecord(SQLModel, table=True):
    """A personal-data breach: the regulator must be notified within 72 hours of discovery."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    discovered_at: NaiveDatetime = Field(title="วันเวลาที่พบเหตุ")
    description: str = Field(min_length=1, max_length=2000, title="รายละเอียดเหตุ")
    affected: str = Field(min_length=1, max_length=1000, title="ผู้ได้รับผลกระทบ")
    affected_count: int | None = Field(default=None, ge=0, title="จำนวนผู้ได้รับผลกระทบ")
    tables: list[str] = Field(default_factory=list, sa_type=JSON, title="ข้อมูลที่เกี่ยวข้อง")
    regulator_notified_at: NaiveDatetime | None = Field(default=None, title="วันเวลาแจ้ง สคส.")
    subjects_notified_at: NaiveDatetime | None = Field(default=None, title="วันเวลาแจ้งเจ้าของข้อมูล")
    recorded_by: str = Field(max_length=100)
    recorded_at: NaiveDatetime = Field(default_factory=utcnow)
