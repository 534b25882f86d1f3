"""Customer & market strategy and action plans with KPIs cascaded to units, staff and partners (CM 1.1)."""

from enum import StrEnum

from sqlmodel import Field

from evidence.models.base import Record, Reviewed, enum_field, json_field


class PlanKind(StrEnum):
    CUSTOMER_STRATEGY = "customer_strategy"
    STAKEHOLDER_STRATEGY = "stakeholder_strategy"
    LONG_TERM_ACTION = "long_term_action"
    ANNUAL_ACTION = "annual_action"


PLAN_KIND_TH = {
    PlanKind.CUSTOMER_STRATEGY: "แผนยุทธศาสตร์ด้านลูกค้าและตลาด",
    PlanKind.STAKEHOLDER_STRATEGY: "แผนแม่บทการบริหารผู้มีส่วนได้ส่วนเสีย",
    PlanKind.LONG_TERM_ACTION: "แผนปฏิบัติการระยะยาว",
    PlanKind.ANNUAL_ACTION: "แผนปฏิบัติการประจำปี",
}


class StrategyPlan(Record, Reviewed, table=True):
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    kind: PlanKind = enum_field(PlanKind, "ประเภทแผน")
    title: str = Field(min_length=1, max_length=300, title="ชื่อแผน")
    period: str | None = Field(default=None, max_length=40, title="ช่วงเวลาของแผน (พ.ศ.)")
    parent_id: int | None = Field(default=None, foreign_key="strategyplan.id", title="แผนแม่")
    document_id: int | None = Field(default=None, foreign_key="document.id", title="เอกสารแผนในทะเบียนเอกสาร")
    components_complete: bool = Field(default=False, title="องค์ประกอบแผนครบถ้วน")
    communicated: bool = Field(default=False, title="สื่อสารแผนแล้ว")
    improvement_topics: list[str] = json_field("เรื่องที่แผนพัฒนา/ปรับปรุง (C10)")


class ImprovementTopic(StrEnum):
    COMPLAINT_HANDLING = "complaint_handling"
    CUSTOMER_SUPPORT = "customer_support"
    LISTENING = "listening"
    PRODUCT_DEVELOPMENT = "product_development"


IMPROVEMENT_TOPIC_TH = {
    ImprovementTopic.COMPLAINT_HANDLING: "การพัฒนา/ปรับปรุงการจัดการข้อร้องเรียน",
    ImprovementTopic.CUSTOMER_SUPPORT: "การพัฒนาการสนับสนุนลูกค้า",
    ImprovementTopic.LISTENING: "การพัฒนาการรับฟังลูกค้า",
    ImprovementTopic.PRODUCT_DEVELOPMENT: "การพัฒนาผลิตภัณฑ์และบริการ",
}


class CascadeTarget(StrEnum):
    UNIT = "unit"
    STAFF = "staff"
    PARTNER = "partner"


CASCADE_TARGET_TH = {CascadeTarget.UNIT: "หน่วยงาน", CascadeTarget.STAFF: "บุคลากร", CascadeTarget.PARTNER: "คู่ค้า/พันธมิตร"}


class PlanKpi(Record, table=True):
    plan_id: int = Field(foreign_key="strategyplan.id", index=True, title="แผน")
    name_th: str = Field(min_length=1, max_length=300, title="ตัวชี้วัด")
    target: str = Field(min_length=1, max_length=100, title="ค่าเป้าหมาย")
    cascade_to: CascadeTarget = enum_field(CascadeTarget, "ถ่ายทอดสู่", CascadeTarget.UNIT)
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงาน")
    partner_name: str | None = Field(default=None, max_length=200, title="คู่ค้า/พันธมิตร")
    actual: str | None = Field(default=None, max_length=100, title="ผลการดำเนินงาน")
