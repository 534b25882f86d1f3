"""Claims on judgement items, assessor reviews, comments and assessor levels; criteria versions."""

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel, UniqueConstraint

from evidence.models.base import Record, enum_field, utcnow


class CriteriaVersionRecord(SQLModel, table=True):
    """A criteria version edited in the portal (the shipped YAML files are versions too)."""

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=20, unique=True)
    year: int = Field(index=True)
    yaml_text: str = Field(sa_type=Text)
    based_on: str | None = Field(default=None, max_length=20)
    created_at: NaiveDatetime = Field(default_factory=utcnow)
    created_by: str = Field(max_length=100)


class ReviewState(StrEnum):
    CLAIMED = "claimed"
    ACCEPTED = "accepted"
    NEEDS_MORE = "needs_more"
    REJECTED = "rejected"


REVIEW_STATE_TH = {
    ReviewState.CLAIMED: "อ้างหลักฐานแล้ว รอการตรวจ",
    ReviewState.ACCEPTED: "ยอมรับ",
    ReviewState.NEEDS_MORE: "ต้องการหลักฐานเพิ่ม",
    ReviewState.REJECTED: "ไม่ยอมรับ",
}


class ItemClaim(Record, table=True):
    """The planning team's claim that a judgement item is met, with linked records/files."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "item_id", "org_unit_id"),)
    year: int = Field(index=True)
    item_id: str = Field(max_length=40, index=True, title="รายการเกณฑ์")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงาน")
    claim_text: str = Field(min_length=1, max_length=2000, title="คำอธิบายการอ้างหลักฐาน")
    linked_records: list[dict] = Field(default_factory=list, sa_type=JSON, title="ข้อมูลที่อ้างถึง")  # type: ignore[type-arg]
    linked_file_ids: list[int] = Field(default_factory=list, sa_type=JSON, title="ไฟล์ที่อ้างถึง")
    state: ReviewState = enum_field(ReviewState, "สถานะการตรวจ", ReviewState.CLAIMED)
    reviewed_by: str | None = Field(default=None, max_length=100)
    reviewed_at: NaiveDatetime | None = Field(default=None)


class ItemReview(Record, table=True):
    """An assessor's review status of any item (rule items too)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "item_id"),)
    year: int = Field(index=True)
    item_id: str = Field(max_length=40, index=True)
    state: ReviewState = enum_field(ReviewState, "สถานะการตรวจ")


class ItemComment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    year: int = Field(index=True)
    item_id: str = Field(max_length=40, index=True)
    author: str = Field(max_length=100)
    author_role: str = Field(max_length=20)
    text: str = Field(min_length=1, max_length=4000, title="ความเห็น")
    reply_to: int | None = Field(default=None, foreign_key="itemcomment.id")
    at: NaiveDatetime = Field(default_factory=utcnow)


class AssessorLevel(Record, table=True):
    """An assessor's level for a sub-topic, with a mandatory rationale; kept beside the computed one."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "subtopic_code"),)
    year: int = Field(index=True)
    subtopic_code: str = Field(max_length=20, title="หัวข้อย่อย")
    level: float = Field(ge=0, le=5, title="ระดับที่ผู้ประเมินให้")
    rationale: str = Field(min_length=10, max_length=4000, title="เหตุผลประกอบ")
    assessor: str = Field(max_length=100)
