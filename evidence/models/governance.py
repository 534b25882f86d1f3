"""Governing bodies, approvals (C1, C2) and monitoring minutes (C9)."""

from datetime import date
from enum import StrEnum

from sqlmodel import Field, UniqueConstraint

from evidence.models.base import Record, Reviewed, enum_field, json_field


class BodyKind(StrEnum):
    BOARD = "board"
    COMMITTEE = "committee"
    EXECUTIVE = "executive"


BODY_KIND_TH = {
    BodyKind.BOARD: "คณะกรรมการรัฐวิสาหกิจ",
    BodyKind.COMMITTEE: "คณะกรรมการชุดย่อย",
    BodyKind.EXECUTIVE: "ฝ่ายบริหาร",
}


class GoverningBody(Record, table=True):
    """A body that approves or monitors. A committee's approval counts only with board members,
    formally delegated authority and defined duties (C2, FAQ CM12)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)
    code: str = Field(max_length=40, title="รหัส")
    name_th: str = Field(min_length=1, max_length=300, title="ชื่อคณะ")
    kind: BodyKind = enum_field(BodyKind, "ประเภท")
    has_board_representative: bool = Field(default=False, title="มีกรรมการรัฐวิสาหกิจร่วมเป็นกรรมการ")
    formally_delegated: bool = Field(default=False, title="ได้รับมอบอำนาจอย่างเป็นทางการ")
    duties_defined: bool = Field(default=False, title="กำหนดหน้าที่ไว้ชัดเจน")
    delegation_reference: str | None = Field(default=None, max_length=300, title="คำสั่ง/มติแต่งตั้ง")


class Approval(Record, Reviewed, table=True):
    """A resolution of a body at a meeting that approves one or more document versions (C1, FAQ CM10).

    The meeting may be in any earlier fiscal year: a standing policy stays approved while its version
    is in force. The governor may sign after the board (FAQ CM10). `valid_until` is the validity the
    resolution itself states, if any.
    """

    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)
    code: str = Field(min_length=1, max_length=40, title="รหัสการอนุมัติ")
    body_id: int | None = Field(default=None, foreign_key="governingbody.id", title="ผู้อนุมัติ (คณะ)")
    meeting_no: str | None = Field(default=None, max_length=40, title="ครั้งที่ประชุม")
    meeting_date: date | None = Field(default=None, title="วันที่ประชุม")
    resolution: str | None = Field(default=None, max_length=1000, title="มติ")
    signer_name: str | None = Field(default=None, max_length=200, title="ผู้ลงนาม")
    signer_is_governor: bool = Field(default=False, title="ผู้ว่าการ/ผู้บริหารสูงสุดลงนาม")
    signed_on: date | None = Field(default=None, title="วันที่ลงนาม")
    valid_until: date | None = Field(default=None, title="มติมีผลถึงวันที่")


class MonitoringSubject(StrEnum):
    CUSTOMER_STRATEGY = "customer_strategy"
    SERVICE_TIME = "service_time"
    COMPLAINTS = "complaints"
    VOC = "voc"
    STAKEHOLDER_PLAN = "stakeholder_plan"


MONITORING_SUBJECT_TH = {
    MonitoringSubject.CUSTOMER_STRATEGY: "ติดตามยุทธศาสตร์ด้านลูกค้า",
    MonitoringSubject.SERVICE_TIME: "ติดตามระยะเวลาการให้บริการ",
    MonitoringSubject.COMPLAINTS: "ติดตามการจัดการข้อร้องเรียน",
    MonitoringSubject.VOC: "ติดตามเสียงของลูกค้า",
    MonitoringSubject.STAKEHOLDER_PLAN: "ติดตามแผนสร้างความสัมพันธ์",
}


class MonitoringMinute(Record, Reviewed, table=True):
    """Minutes of a board, committee or executive meeting that monitored a subject (C9, FAQ CM16)."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    body_id: int = Field(foreign_key="governingbody.id", title="คณะ")
    meeting_no: str = Field(max_length=40, title="ครั้งที่ประชุม")
    meeting_date: date = Field(title="วันที่ประชุม")
    subjects: list[str] = json_field("เรื่องที่ติดตาม")
    summary: str | None = Field(default=None, max_length=2000, title="สรุป")
