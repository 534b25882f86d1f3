"""Enterprises (tenants), assessment years and the organisation: lines (สายงาน) and departments (ฝ่าย).

S3 (FAQ SM3, SM5, SM7): a stakeholder profile set exists per line of business reporting to the top
executive; departments roll up to their line.
"""

from datetime import date
from enum import StrEnum

from sqlmodel import Field, SQLModel, UniqueConstraint

from evidence.models.base import Record, enum_field


class YearBasis(StrEnum):
    FISCAL = "fiscal"  # 1 Oct (BE-1) – 30 Sep (BE)
    CALENDAR = "calendar"


YEAR_BASIS_TH = {YearBasis.FISCAL: "ปีงบประมาณ (1 ต.ค. – 30 ก.ย.)", YearBasis.CALENDAR: "ปีปฏิทิน (1 ม.ค. – 31 ธ.ค.)"}


class Enterprise(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(min_length=1, max_length=20, unique=True, title="รหัสรัฐวิสาหกิจ")
    name_th: str = Field(min_length=1, max_length=200, title="ชื่อรัฐวิสาหกิจ")
    name_en: str | None = Field(default=None, max_length=200, title="ชื่อภาษาอังกฤษ")
    top_executive_title: str = Field(default="ผู้ว่าการ", max_length=100, title="ตำแหน่งผู้บริหารสูงสุด")
    year_basis: YearBasis = enum_field(YearBasis, "รอบปีของรอบการประเมิน", YearBasis.FISCAL)


class ClaimMode(StrEnum):
    SELF_ASSESSMENT = "self-assessment"
    CONFIRMED = "confirmed"


class FactMode(StrEnum):
    DECLARED = "declared"  # a declared fact counts; "ไม่พบในเอกสาร" is shown beside it
    STRICT = "strict"  # a declared fact counts only when its document's text supports it


class AssessmentYear(Record, table=True):
    """An assessment cycle; pins the criteria version and scoring method it is scored with."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year"),)
    year: int = Field(ge=2500, le=2700, title="ปีประเมิน (พ.ศ.)")
    basis: YearBasis = enum_field(YearBasis, "รอบปี", YearBasis.FISCAL)
    criteria_version: str = Field(default="2569.1", max_length=20, title="ฉบับเกณฑ์")
    scoring_method: str = Field(default="partial", max_length=20, title="วิธีคิดคะแนน")
    claim_mode: ClaimMode = enum_field(ClaimMode, "การนับรายการที่อ้างหลักฐาน", ClaimMode.SELF_ASSESSMENT)
    fact_mode: FactMode = enum_field(FactMode, "การนับข้อเท็จจริงที่ไม่พบในเอกสาร", FactMode.DECLARED)

    def bounds(self) -> tuple[date, date]:
        """First and last day of this assessment year (Gregorian dates)."""
        ad = self.year - 543
        if self.basis == YearBasis.FISCAL:
            return date(ad - 1, 10, 1), date(ad, 9, 30)
        return date(ad, 1, 1), date(ad, 12, 31)


class UnitKind(StrEnum):
    LINE = "line"  # สายงาน
    DEPARTMENT = "department"  # ฝ่าย


UNIT_KIND_TH = {UnitKind.LINE: "สายงาน", UnitKind.DEPARTMENT: "ฝ่าย"}


class OrgUnit(Record, table=True):
    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)
    code: str = Field(max_length=30, title="รหัสหน่วยงาน")
    name_th: str = Field(max_length=200, title="ชื่อหน่วยงาน")
    kind: UnitKind = enum_field(UnitKind, "ประเภทหน่วยงาน")
    parent_id: int | None = Field(default=None, foreign_key="orgunit.id", title="สังกัด")
    reports_to_top: bool = Field(default=True, title="รายงานตรงต่อผู้บริหารสูงสุด")
    active: bool = Field(default=True, title="ใช้งาน")
