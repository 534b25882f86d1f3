"""Stakeholder profiles (S1, S2, S6), prioritisation, VOS (S5), relationship plans (S7, S8) and risks (S10)."""

from datetime import date
from enum import StrEnum

from pydantic import model_validator
from sqlmodel import Field, UniqueConstraint

from evidence.models.base import PersonalData, PIIKind, Record, Reviewed, enum_field, pii_field


class StakeholderStatus(StrEnum):
    GOVERNMENT = "government"
    STATE_ENTERPRISE = "state_enterprise"
    PRIVATE = "private"
    COMMUNITY = "community"
    CIVIL_SOCIETY = "civil_society"
    INTERNATIONAL = "international"
    INTERNAL = "internal"
    INDIVIDUAL = "individual"


STAKEHOLDER_STATUS_TH = {
    StakeholderStatus.GOVERNMENT: "หน่วยงานราชการ",
    StakeholderStatus.STATE_ENTERPRISE: "รัฐวิสาหกิจ",
    StakeholderStatus.PRIVATE: "เอกชน",
    StakeholderStatus.COMMUNITY: "ชุมชน",
    StakeholderStatus.CIVIL_SOCIETY: "ภาคประชาสังคม",
    StakeholderStatus.INTERNATIONAL: "องค์กรระหว่างประเทศ",
    StakeholderStatus.INTERNAL: "หน่วยงานภายใน",
    StakeholderStatus.INDIVIDUAL: "บุคคล",
}


class EngagementLevel(StrEnum):
    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"


ENGAGEMENT_TH = {
    EngagementLevel.INFORM: "แจ้งให้ทราบ",
    EngagementLevel.CONSULT: "ปรึกษาหารือ",
    EngagementLevel.INVOLVE: "เปิดโอกาสให้มีส่วนร่วม",
    EngagementLevel.COLLABORATE: "ร่วมมือ",
    EngagementLevel.EMPOWER: "เสริมอำนาจ",
}


class PriorityZone(StrEnum):
    MANAGE_CLOSELY = "manage_closely"  # high interest, high influence
    KEEP_SATISFIED = "keep_satisfied"  # low interest, high influence
    KEEP_INFORMED = "keep_informed"  # high interest, low influence
    MONITOR = "monitor"


PRIORITY_ZONE_TH = {
    PriorityZone.MANAGE_CLOSELY: "บริหารจัดการใกล้ชิด",
    PriorityZone.KEEP_SATISFIED: "ดูแลให้พึงพอใจ",
    PriorityZone.KEEP_INFORMED: "แจ้งข้อมูลสม่ำเสมอ",
    PriorityZone.MONITOR: "ติดตามห่าง ๆ",
}


def priority_zone(interest: int | None, influence: int | None) -> PriorityZone | None:
    """Interest × influence (1–5 each) → quadrant of the power/interest grid; ≥ 3 counts as high."""
    if interest is None or influence is None:
        return None
    high_interest, high_influence = interest >= 3, influence >= 3
    if high_interest and high_influence:
        return PriorityZone.MANAGE_CLOSELY
    if high_influence:
        return PriorityZone.KEEP_SATISFIED
    if high_interest:
        return PriorityZone.KEEP_INFORMED
    return PriorityZone.MONITOR


class Importance(StrEnum):
    """The line's own analysis of how much a stakeholder matters to it (S6, S7; FAQ SM3, SM8)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


IMPORTANCE_TH = {Importance.HIGH: "สำคัญมาก", Importance.MEDIUM: "สำคัญปานกลาง", Importance.LOW: "สำคัญน้อย"}


def importance_from_grid(interest: int | None, influence: int | None) -> Importance | None:
    """A starting point only (the data migration of 0002 uses it): the line decides the importance."""
    zone = priority_zone(interest, influence)
    if zone is None:
        return None
    if zone == PriorityZone.MANAGE_CLOSELY:
        return Importance.HIGH
    return Importance.LOW if zone == PriorityZone.MONITOR else Importance.MEDIUM


class Stakeholder(Record, Reviewed, PersonalData, table=True):
    """A stakeholder profile (S1, S2): one row per stakeholder (sub-)group of a unit in a year."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "code"),)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int = Field(foreign_key="orgunit.id", index=True, title="หน่วยงาน")
    code: str = Field(max_length=40, title="รหัสผู้มีส่วนได้ส่วนเสีย")
    group_name: str = Field(min_length=1, max_length=200, title="กลุ่มผู้มีส่วนได้ส่วนเสีย")
    subgroup_name: str | None = Field(default=None, max_length=200, title="กลุ่มย่อย")
    is_internal: bool = Field(default=False, title="เป็นผู้มีส่วนได้ส่วนเสียภายใน")
    stakeholder_status: StakeholderStatus | None = enum_field(StakeholderStatus, "สถานะองค์กร (S2)", default=None)
    working_model: str | None = Field(default=None, max_length=2000, title="รูปแบบการทำงาน (พันธกิจ โครงสร้าง สายการบังคับบัญชา เครือข่าย)")
    role: str | None = Field(default=None, max_length=2000, title="บทบาทต่อรัฐวิสาหกิจ")
    key_issues: str | None = Field(default=None, max_length=2000, title="ประเด็นสำคัญ")
    needs_from_enterprise: str | None = Field(default=None, max_length=2000, title="ความต้องการ/ความคาดหวังต่อรัฐวิสาหกิจ")
    enterprise_needs: str | None = Field(default=None, max_length=2000, title="สิ่งที่รัฐวิสาหกิจต้องการจากผู้มีส่วนได้ส่วนเสีย (S6)")
    relationship_level: str | None = Field(default=None, max_length=1000, title="ระดับความสัมพันธ์")
    interest: int | None = Field(default=None, ge=1, le=5, title="ความสนใจ (1–5)")
    influence: int | None = Field(default=None, ge=1, le=5, title="อิทธิพล (1–5)")
    importance: Importance | None = enum_field(
        Importance, "ระดับความสำคัญต่อสายงาน (ผลการวิเคราะห์ของสายงาน รวมสิ่งที่องค์กรต้องการ) (S6, S7)", default=None)
    engagement_current: EngagementLevel | None = enum_field(EngagementLevel, "ระดับการมีส่วนร่วมปัจจุบัน", default=None)
    engagement_desired: EngagementLevel | None = enum_field(EngagementLevel, "ระดับการมีส่วนร่วมที่ต้องการ", default=None)
    representative_name: str | None = pii_field(PIIKind.NAME, "ชื่อผู้แทน")
    representative_phone: str | None = pii_field(PIIKind.PHONE, "โทรศัพท์ผู้แทน", max_length=40)
    representative_email: str | None = pii_field(PIIKind.EMAIL, "อีเมลผู้แทน")
    coordinator_name: str | None = pii_field(PIIKind.NAME, "ชื่อผู้ประสานงาน")
    coordinator_phone: str | None = pii_field(PIIKind.PHONE, "โทรศัพท์ผู้ประสานงาน", max_length=40)
    coordinator_email: str | None = pii_field(PIIKind.EMAIL, "อีเมลผู้ประสานงาน")
    reviewed_on: date | None = Field(default=None, title="วันที่ทบทวนข้อมูลล่าสุด")
    carried_from_year: int | None = Field(default=None, title="ยกมาจากปี (รอทบทวน)")

    @property
    def zone(self) -> PriorityZone | None:
        return priority_zone(self.interest, self.influence)


class StakeholderIssue(Record, table=True):
    """An issue of a stakeholder: importance to the enterprise × to the stakeholder (materiality)."""

    stakeholder_id: int = Field(foreign_key="stakeholder.id", index=True, title="ผู้มีส่วนได้ส่วนเสีย")
    issue: str = Field(min_length=1, max_length=500, title="ประเด็น")
    importance_to_enterprise: int = Field(ge=1, le=5, title="ความสำคัญต่อรัฐวิสาหกิจ (1–5)")
    importance_to_stakeholder: int = Field(ge=1, le=5, title="ความสำคัญต่อผู้มีส่วนได้ส่วนเสีย (1–5)")
    resolved: bool = Field(default=False, title="แก้ไขแล้ว")


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class SourceKind(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"


class VoiceOfStakeholder(Record, Reviewed, table=True):
    """VOS (S5): from a primary or secondary source; it *may* be tagged positive or negative (FAQ SM5)."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    stakeholder_id: int = Field(foreign_key="stakeholder.id", index=True, title="ผู้มีส่วนได้ส่วนเสีย")
    org_unit_id: int = Field(foreign_key="orgunit.id", index=True, title="หน่วยงาน")
    received_on: date = Field(title="วันที่ได้รับ")
    polarity: Polarity | None = enum_field(Polarity, "ลักษณะเสียง (บวก/ลบ ถ้าระบุ)", default=None)
    source: SourceKind = enum_field(SourceKind, "แหล่งข้อมูล (ปฐมภูมิ/ทุติยภูมิ)")
    text: str = Field(min_length=1, max_length=2000, title="เนื้อหา")


class PlanSource(StrEnum):
    """Where a relationship plan comes from: its own, or an existing unit plan reused (S8, FAQ SM9)."""

    OWN = "own"
    CUSTOMER_RELATIONSHIP = "customer_relationship"
    STAFF_COMMUNICATION = "staff_communication"
    OTHER_UNIT_PLAN = "other_unit_plan"


PLAN_SOURCE_TH = {
    PlanSource.OWN: "แผนสร้างความสัมพันธ์ของสายงานเอง",
    PlanSource.CUSTOMER_RELATIONSHIP: "แผนเดิม: แผนสร้างความสัมพันธ์กับลูกค้า",
    PlanSource.STAFF_COMMUNICATION: "แผนเดิม: แผนการสื่อสารกับบุคลากร",
    PlanSource.OTHER_UNIT_PLAN: "แผนเดิมอื่นของหน่วยงาน",
}


class RelationshipPlan(Record, Reviewed, table=True):
    """A relationship objective and plan, for the enterprise (no unit) or a line (S7, S8).

    An existing unit plan (customer relationship, staff communication, …) counts as the relationship
    plan of its stakeholder group when it is aligned with the stakeholder strategy (S8, FAQ SM9); its
    activities and results are recorded once and serve both the SM and the CM view.
    """

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", index=True, title="หน่วยงาน")
    stakeholder_id: int | None = Field(default=None, foreign_key="stakeholder.id", title="ผู้มีส่วนได้ส่วนเสีย")
    title: str = Field(min_length=1, max_length=300, title="ชื่อแผน")
    objective: str | None = Field(default=None, max_length=2000, title="วัตถุประสงค์")
    aligned_existing_plan: str | None = Field(default=None, max_length=300, title="ชื่อแผนเดิมของหน่วยงานที่นำมาใช้ (S8)")
    plan_source: PlanSource = enum_field(PlanSource, "ที่มาของแผน (S8)", PlanSource.OWN)
    aligned_with_strategy: bool = Field(default=False, title="แผนเดิมสอดคล้อง/สนับสนุนยุทธศาสตร์ด้านผู้มีส่วนได้ส่วนเสีย (S8)")


class RelationshipActivity(Record, table=True):
    plan_id: int = Field(foreign_key="relationshipplan.id", index=True, title="แผน")
    quarter: int = Field(ge=1, le=4, title="ไตรมาส")
    activity: str = Field(min_length=1, max_length=500, title="กิจกรรม")
    target: str | None = Field(default=None, max_length=300, title="เป้าหมาย")
    result: str | None = Field(default=None, max_length=1000, title="ผลการดำเนินงาน")
    done: bool = Field(default=False, title="ดำเนินการแล้ว")


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


RISK_LEVEL_TH = {RiskLevel.LOW: "ต่ำ", RiskLevel.MEDIUM: "ปานกลาง", RiskLevel.HIGH: "สูง", RiskLevel.VERY_HIGH: "สูงมาก"}


def risk_level(impact: int, likelihood: int) -> RiskLevel:
    """Impact × likelihood on the 5×5 enterprise matrix: ≥15 very high, ≥10 high, ≥5 medium."""
    score = impact * likelihood
    if score >= 15:
        return RiskLevel.VERY_HIGH
    if score >= 10:
        return RiskLevel.HIGH
    if score >= 5:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


class RelationshipRisk(Record, Reviewed, table=True):
    """A risk in building stakeholder relationships (S10, SM 3.2.2)."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int = Field(foreign_key="orgunit.id", index=True, title="หน่วยงาน")
    stakeholder_id: int | None = Field(default=None, foreign_key="stakeholder.id", title="ผู้มีส่วนได้ส่วนเสีย")
    description: str = Field(min_length=1, max_length=1000, title="ความเสี่ยง")
    impact: int = Field(ge=1, le=5, title="ผลกระทบ (1–5)")
    likelihood: int = Field(ge=1, le=5, title="โอกาสเกิด (1–5)")
    control: str | None = Field(default=None, max_length=1000, title="มาตรการควบคุม")
    erm_reference: str | None = Field(default=None, max_length=100, title="รหัสในแผนบริหารความเสี่ยงองค์กร")
    mitigation_plan: str | None = Field(default=None, max_length=2000, title="แผนจัดการความเสี่ยงของตนเอง (S10)")

    @property
    def level(self) -> RiskLevel:
        return risk_level(self.impact, self.likelihood)

    @model_validator(mode="after")
    def _control_from_medium_up(self) -> "RelationshipRisk":
        if risk_level(self.impact, self.likelihood) != RiskLevel.LOW and not (self.control or "").strip():
            raise ValueError("control|ความเสี่ยงระดับปานกลางขึ้นไปต้องระบุมาตรการควบคุม")
        return self
