"""Tables of the assessment cycle: pending revisions of approved records, frozen submissions, data
requests to divisions and the e-mail outbox (issue 13)."""

from datetime import date
from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel, UniqueConstraint

from evidence.models.base import Record, ReviewStatus, enum_field, utcnow


class RecordRevision(Record, table=True):
    """A change to an approved record, waiting beside it: the approved values keep counting for
    scoring until the planning team approves the revision (then it is applied to the record)."""

    record_table: str = Field(max_length=60, index=True, title="ตาราง")
    record_id: int = Field(index=True, title="รหัสข้อมูล")
    base_version: int = Field(title="รุ่นของข้อมูลที่แก้ไขจาก")
    changes: dict = Field(default_factory=dict, sa_type=JSON, title="ค่าที่เสนอแก้ไข")  # type: ignore[type-arg]
    status: ReviewStatus = enum_field(ReviewStatus, "สถานะการตรวจ", ReviewStatus.SUBMITTED, index=True)
    review_comment: str | None = Field(default=None, max_length=1000, title="ความเห็นผู้ตรวจ")
    reviewed_by: str | None = Field(default=None, max_length=100, title="ตรวจโดย")
    reviewed_at: NaiveDatetime | None = Field(default=None, title="ตรวจเมื่อ")


class Submission(SQLModel, table=True):
    """A frozen self-assessment: the scores, the records and files it rests on, under a manifest whose
    own SHA-256 is kept beside it. Numbered per enterprise and year (ฉบับที่ 1, 2, …)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    number: int = Field(ge=1, title="ฉบับที่")
    score: float | None = Field(default=None, title="คะแนนรวมที่ส่ง")
    manifest: dict = Field(default_factory=dict, sa_type=JSON, title="บัญชีสิ่งที่ส่ง")  # type: ignore[type-arg]
    manifest_sha256: str = Field(max_length=64, title="SHA-256 ของบัญชีสิ่งที่ส่ง")
    note: str | None = Field(default=None, max_length=1000, title="หมายเหตุ")
    submitted_by: str = Field(max_length=100, title="ส่งโดย")
    submitted_at: NaiveDatetime = Field(default_factory=utcnow, title="ส่งเมื่อ")


class RequestStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


REQUEST_STATUS_TH = {RequestStatus.OPEN: "รอดำเนินการ", RequestStatus.DONE: "ดำเนินการแล้ว",
                     RequestStatus.CANCELLED: "ยกเลิก"}


class DivisionRequest(Record, table=True):
    """The planning team's request to a division for what it still owes (built from the rules that
    score), with a due date and a note."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int = Field(foreign_key="orgunit.id", index=True, title="หน่วยงาน")
    items: list[dict] = Field(default_factory=list, sa_type=JSON, title="สิ่งที่ขอ")  # type: ignore[type-arg]
    due_on: date = Field(title="กำหนดส่ง")
    note: str | None = Field(default=None, max_length=2000, title="หมายเหตุ")
    request_status: RequestStatus = enum_field(RequestStatus, "สถานะคำขอ", RequestStatus.OPEN, index=True)
    closed_at: NaiveDatetime | None = Field(default=None, title="ปิดเมื่อ")


class OutboxMessage(SQLModel, table=True):
    """An e-mail notification waiting to be sent: immediately (returns, assessor questions) or in the
    daily digest (everything else)."""

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    username: str = Field(max_length=100, index=True)
    kind: str = Field(max_length=40)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=4000)
    immediate: bool = Field(default=False)
    created_at: NaiveDatetime = Field(default_factory=utcnow, index=True)
    sent_at: NaiveDatetime | None = Field(default=None, index=True)
