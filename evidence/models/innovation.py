"""Product and service development and innovation projects (P4; criteria CM4; FAQ CM2; policy §4)."""

from datetime import date
from enum import StrEnum

from sqlmodel import Field, UniqueConstraint

from evidence.models.base import Record, Reviewed, enum_field


class ProjectKind(StrEnum):
    """FAQ CM2 sets innovation apart: what makes it innovation and how its outcome is measured is stated."""

    DEVELOPMENT = "development"
    INNOVATION = "innovation"


PROJECT_KIND_TH = {ProjectKind.DEVELOPMENT: "การพัฒนาผลิตภัณฑ์/บริการ", ProjectKind.INNOVATION: "นวัตกรรม"}


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


PROJECT_STATUS_TH = {
    ProjectStatus.PLANNED: "วางแผน",
    ProjectStatus.IN_PROGRESS: "กำลังดำเนินการ",
    ProjectStatus.DONE: "แล้วเสร็จ",
}


class DevelopmentProject(Record, Reviewed, table=True):
    """A project that answers VOC, with risk management and KM applied, and its outcomes (P4)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "code"),)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงานเจ้าของ")
    code: str = Field(max_length=40, title="รหัสโครงการ")
    title: str = Field(min_length=1, max_length=300, title="ชื่อโครงการ")
    kind: ProjectKind = enum_field(ProjectKind, "ประเภท (พัฒนา/นวัตกรรม)")
    project_status: ProjectStatus = enum_field(ProjectStatus, "สถานะโครงการ", ProjectStatus.PLANNED)
    voc_basis: str | None = Field(default=None, max_length=2000, title="VOC/สารสนเทศลูกค้าที่โครงการตอบสนอง")
    risk_applied: str | None = Field(default=None, max_length=2000, title="การบริหารความเสี่ยงที่ประยุกต์ใช้")
    km_applied: str | None = Field(default=None, max_length=2000, title="องค์ความรู้ที่นำมาใช้ (KM)")
    target: str | None = Field(default=None, max_length=500, title="เป้าหมายของโครงการ")
    innovation_basis: str | None = Field(default=None, max_length=1000, title="เหตุที่เข้าข่ายนวัตกรรม (FAQ CM2)")
    outcome_measure: str | None = Field(default=None, max_length=500, title="ตัววัดระดับผลลัพธ์ของนวัตกรรม")
    efficiency_result: str | None = Field(default=None, max_length=1000, title="ผลด้านประสิทธิภาพของโครงการ")
    customer_value_result: str | None = Field(default=None, max_length=1000, title="คุณค่า/มูลค่าที่ลูกค้าได้รับ")
    business_result: str | None = Field(default=None, max_length=1000, title="ผลลัพธ์ทางธุรกิจ")
    evaluated_on: date | None = Field(default=None, title="วันที่ประเมินความสำเร็จและประสิทธิผล")
    lessons_learned: str | None = Field(default=None, max_length=2000, title="บทเรียนที่ได้")
