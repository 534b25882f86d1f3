"""Satisfaction / dissatisfaction / engagement surveys and the review of the survey approach (C8)."""

from datetime import date
from enum import StrEnum

from sqlmodel import Field

from evidence.models.base import Record, Reviewed, enum_field, json_field


class SurveyKind(StrEnum):
    SATISFACTION = "satisfaction"
    DISSATISFACTION = "dissatisfaction"
    ENGAGEMENT = "engagement"
    COMBINED = "combined"  # satisfaction + dissatisfaction + engagement in one study
    APPROACH_EFFECTIVENESS = "approach_effectiveness"


SURVEY_KIND_TH = {
    SurveyKind.SATISFACTION: "ความพึงพอใจ",
    SurveyKind.DISSATISFACTION: "ความไม่พึงพอใจ",
    SurveyKind.ENGAGEMENT: "ความผูกพัน",
    SurveyKind.COMBINED: "ความพึงพอใจ ความไม่พึงพอใจ และความผูกพัน",
    SurveyKind.APPROACH_EFFECTIVENESS: "ประสิทธิผลของวิธีการสำรวจ",
}


class Conductor(StrEnum):
    EXTERNAL = "external"
    IN_HOUSE = "in_house"


CONDUCTOR_TH = {Conductor.EXTERNAL: "ที่ปรึกษาภายนอก", Conductor.IN_HOUSE: "ดำเนินการเอง"}


class SurveyScope(StrEnum):
    ANNUAL_MAJOR = "annual_major"
    AFTER_SERVICE = "after_service"
    POINT_OF_SERVICE = "point_of_service"


SURVEY_SCOPE_TH = {
    SurveyScope.ANNUAL_MAJOR: "สำรวจใหญ่ประจำปี",
    SurveyScope.AFTER_SERVICE: "สำรวจหลังรับบริการ",
    SurveyScope.POINT_OF_SERVICE: "สำรวจ ณ จุดบริการ",
}


class Survey(Record, Reviewed, table=True):
    """A survey; only an annual major survey by an external consultant satisfies C8 (FAQ CM11, CM17)."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    title: str = Field(min_length=1, max_length=300, title="ชื่อการสำรวจ")
    kind: SurveyKind = enum_field(SurveyKind, "ประเภทการสำรวจ")
    conductor: Conductor = enum_field(Conductor, "ผู้ดำเนินการ")
    scope: SurveyScope = enum_field(SurveyScope, "ขอบเขต", SurveyScope.ANNUAL_MAJOR)
    consultant_name: str | None = Field(default=None, max_length=200, title="ชื่อที่ปรึกษา")
    method: str | None = Field(default=None, max_length=300, title="วิธีการ")
    sampling: str | None = Field(default=None, max_length=300, title="วิธีสุ่มตัวอย่าง")
    sample_size: int | None = Field(default=None, ge=0, title="ขนาดตัวอย่าง")
    response_rate: float | None = Field(default=None, ge=0, le=100, title="อัตราการตอบกลับ (%)")
    segment_codes: list[str] = json_field("กลุ่มลูกค้าที่ครอบคลุม")
    compared_with: str | None = Field(default=None, max_length=300, title="เปรียบเทียบกับคู่แข่ง/คู่เทียบ")
    result_score: float | None = Field(default=None, ge=0, le=100, title="ผลคะแนน (%)")
    completed_on: date | None = Field(default=None, title="วันที่แล้วเสร็จ")
