"""Complaint channels, time standards per stage and cases (P5, ISO 10002).

The complaint policy, procedure and standards documents live in the document register (C1, C10).
"""

from enum import StrEnum

from pydantic import NaiveDatetime, model_validator
from sqlmodel import Field, Index, UniqueConstraint

from evidence.models.base import PersonalData, PIIKind, Record, Reviewed, enum_field, pii_field


class ComplaintChannel(Record, Reviewed, table=True):
    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)
    code: str = Field(max_length=40, title="รหัสช่องทาง")
    name_th: str = Field(min_length=1, max_length=200, title="ชื่อช่องทางรับข้อร้องเรียน")
    is_digital: bool = Field(default=False, title="เป็นช่องทางดิจิทัล")


class ComplaintStage(StrEnum):
    RECEIVE = "receive"
    ACKNOWLEDGE = "acknowledge"
    RESPOND = "respond"
    RESOLVE = "resolve"


COMPLAINT_STAGE_TH = {
    ComplaintStage.RECEIVE: "รับเรื่อง",
    ComplaintStage.ACKNOWLEDGE: "แจ้งรับเรื่อง",
    ComplaintStage.RESPOND: "ตอบกลับ",
    ComplaintStage.RESOLVE: "แก้ไขแล้วเสร็จ",
}


class ComplaintStandard(Record, Reviewed, table=True):
    """Time standard of one stage of complaint handling (P5), in hours from receipt."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "stage"),)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    stage: ComplaintStage = enum_field(ComplaintStage, "ขั้นตอน")
    max_hours: float = Field(gt=0, title="ระยะเวลามาตรฐาน (ชั่วโมง)")


class ComplaintCase(Record, Reviewed, PersonalData, table=True):
    """A complaint case with the timestamps each stage's standard is measured against (P5)."""

    __table_args__ = (
        UniqueConstraint("enterprise_id", "case_no"),
        Index("ix_complaintcase_scoring", "enterprise_id", "year", "status"),
        # Covers the evidence pass's scan (evidence.snapshot_scans): grouped by unit in index order.
        Index("ix_complaintcase_pass", "enterprise_id", "year", "org_unit_id", "received_at", "status",
              "acknowledged_at", "responded_at", "resolved_at"),
    )
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    case_no: str = Field(max_length=40, title="เลขที่เรื่อง")
    org_unit_id: int = Field(foreign_key="orgunit.id", index=True, title="หน่วยงานที่รับผิดชอบ")
    channel_id: int | None = Field(default=None, foreign_key="complaintchannel.id", title="ช่องทาง")
    segment_id: int | None = Field(default=None, foreign_key="customersegment.id", title="กลุ่มลูกค้า")
    subject: str = Field(min_length=1, max_length=500, title="เรื่อง")
    received_at: NaiveDatetime = Field(title="วันเวลารับเรื่อง")
    acknowledged_at: NaiveDatetime | None = Field(default=None, title="วันเวลาแจ้งรับเรื่อง")
    responded_at: NaiveDatetime | None = Field(default=None, title="วันเวลาตอบกลับ")
    resolved_at: NaiveDatetime | None = Field(default=None, title="วันเวลาแก้ไขแล้วเสร็จ")
    complainant_name: str | None = pii_field(PIIKind.NAME, "ชื่อผู้ร้องเรียน")
    complainant_phone: str | None = pii_field(PIIKind.PHONE, "โทรศัพท์ผู้ร้องเรียน", max_length=40)
    complainant_email: str | None = pii_field(PIIKind.EMAIL, "อีเมลผู้ร้องเรียน")

    @model_validator(mode="after")
    def _stages_in_order(self) -> "ComplaintCase":
        received = self.received_at
        for name in ("acknowledged_at", "responded_at", "resolved_at"):
            value = getattr(self, name)
            if value is not None and received is not None and value < received:
                raise ValueError(f"{name}|เวลาต้องไม่ก่อนวันเวลารับเรื่อง")
        return self

