"""Customer segments (P2), listening channels and VOC (C7, P3), VOC reports and improvement actions."""

from datetime import date
from enum import StrEnum
from typing import ClassVar

from sqlmodel import Field, Index, UniqueConstraint

from evidence.models.base import PersonalData, PIIKind, Record, Reviewed, enum_field, json_field, pii_field


class CustomerSegment(Record, Reviewed, table=True):
    """A customer segment with its profile (P2: variables, target, needs, risks per segment)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "code"),)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงานเจ้าของ")
    code: str = Field(max_length=40, title="รหัสกลุ่มลูกค้า")
    name_th: str = Field(min_length=1, max_length=200, title="ชื่อกลุ่มลูกค้า")
    variables: str | None = Field(default=None, max_length=500, title="ตัวแปรการจำแนก (ผลิตภัณฑ์ ประชากร ภูมิศาสตร์ ประเภท/ขนาดธุรกิจ)")
    is_target: bool = Field(default=True, title="เป็นกลุ่มเป้าหมาย")
    customer_count: int | None = Field(default=None, ge=0, title="จำนวนลูกค้า")
    needs: str | None = Field(default=None, max_length=2000, title="ความต้องการ")
    expectations: str | None = Field(default=None, max_length=2000, title="ความคาดหวัง")
    risks: str | None = Field(default=None, max_length=2000, title="ความเสี่ยงของกลุ่ม")
    loyalty_level: str | None = Field(default=None, max_length=100, title="ระดับความภักดี")


class LifecycleGroup(StrEnum):
    PROSPECTIVE = "prospective"
    NEW = "new"
    CURRENT = "current"
    FORMER = "former"
    COMPETITOR = "competitor"


LIFECYCLE_TH = {
    LifecycleGroup.PROSPECTIVE: "ลูกค้าในอนาคต",
    LifecycleGroup.NEW: "ลูกค้าใหม่",
    LifecycleGroup.CURRENT: "ลูกค้าปัจจุบัน",
    LifecycleGroup.FORMER: "ลูกค้าในอดีต",
    LifecycleGroup.COMPETITOR: "ลูกค้าของคู่แข่ง",
}


class ListeningChannel(Record, Reviewed, table=True):
    """A listening channel in the register: which segments and life-cycle groups it reaches (P3)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)
    code: str = Field(max_length=40, title="รหัสช่องทาง")
    name_th: str = Field(min_length=1, max_length=200, title="ชื่อช่องทาง")
    kind: str = Field(max_length=60, title="ประเภทช่องทาง")
    is_digital: bool = Field(default=False, title="เป็นช่องทางดิจิทัล")
    owner_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงานเจ้าของ")
    frequency: str | None = Field(default=None, max_length=60, title="ความถี่")
    segment_codes: list[str] = json_field("กลุ่มลูกค้าที่เข้าถึง")
    lifecycle_groups: list[str] = json_field("กลุ่มตามวงจรชีวิตลูกค้าที่เข้าถึง")


class VocAspect(StrEnum):
    PRODUCT_SERVICE = "product_service"
    CUSTOMER_SUPPORT = "customer_support"
    TRANSACTION = "transaction"
    RELATIONSHIP = "relationship"


VOC_ASPECT_TH = {
    VocAspect.PRODUCT_SERVICE: "ผลิตภัณฑ์และบริการ",
    VocAspect.CUSTOMER_SUPPORT: "การสนับสนุนลูกค้า",
    VocAspect.TRANSACTION: "การทำธุรกรรม",
    VocAspect.RELATIONSHIP: "การบริหารความสัมพันธ์",
}


class VocKind(StrEnum):
    NEED = "need"
    EXPECTATION = "expectation"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    PRAISE = "praise"
    INQUIRY = "inquiry"


VOC_KIND_TH = {
    VocKind.NEED: "ความต้องการ",
    VocKind.EXPECTATION: "ความคาดหวัง",
    VocKind.COMPLAINT: "ข้อร้องเรียน",
    VocKind.SUGGESTION: "ข้อเสนอแนะ",
    VocKind.PRAISE: "คำชมเชย",
    VocKind.INQUIRY: "สอบถาม",
}


class VocStatus(StrEnum):
    NEW = "new"
    ANALYSED = "analysed"
    ASSIGNED = "assigned"
    DONE = "done"
    CLOSED = "closed"


VOC_STATUS_TH = {
    VocStatus.NEW: "ใหม่",
    VocStatus.ANALYSED: "วิเคราะห์แล้ว",
    VocStatus.ASSIGNED: "มอบหมายแล้ว",
    VocStatus.DONE: "ดำเนินการแล้ว",
    VocStatus.CLOSED: "ปิดเรื่อง",
}


class VocRecord(Record, Reviewed, PersonalData, table=True):
    """A voice-of-customer record (C7): one of the four aspects, a life-cycle group, a channel.

    Its quarter is never typed: it follows from the day it was received (`DERIVED`: field → the date it
    is computed from, in the assessment year's quarters; see `evidence.services.records.derive`)."""

    DERIVED: ClassVar[dict[str, str]] = {"quarter": "received_on"}

    __table_args__ = (
        UniqueConstraint("enterprise_id", "year", "ref_no"),
        Index("ix_vocrecord_scoring", "enterprise_id", "year", "status", "aspect", "quarter"),
        # Covers the evidence pass's scan (evidence.snapshot_scans): grouped in index order, no sort.
        Index("ix_vocrecord_pass", "enterprise_id", "year", "org_unit_id", "quarter", "aspect", "segment_id",
              "status", "priority"),
    )
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    ref_no: str = Field(max_length=40, title="เลขที่อ้างอิง")
    org_unit_id: int = Field(foreign_key="orgunit.id", index=True, title="หน่วยงาน")
    received_on: date = Field(title="วันที่ได้รับ")
    quarter: int = Field(ge=1, le=4, index=True, title="ไตรมาส")
    aspect: VocAspect = enum_field(VocAspect, "มิติของ VOC")
    lifecycle_group: LifecycleGroup = enum_field(LifecycleGroup, "กลุ่มตามวงจรชีวิตลูกค้า", LifecycleGroup.CURRENT)
    kind: VocKind = enum_field(VocKind, "ประเภทเสียงลูกค้า")
    segment_id: int | None = Field(default=None, foreign_key="customersegment.id", title="กลุ่มลูกค้า")
    channel_id: int | None = Field(default=None, foreign_key="listeningchannel.id", title="ช่องทาง")
    touch_point: str | None = Field(default=None, max_length=200, title="จุดสัมผัส")
    priority: int = Field(default=3, ge=1, le=5, title="ลำดับความสำคัญ (1 สูงสุด)")
    voc_status: VocStatus = enum_field(VocStatus, "สถานะการจัดการ", VocStatus.NEW)
    text: str = Field(min_length=1, max_length=2000, title="เนื้อหา")
    customer_name: str | None = pii_field(PIIKind.NAME, "ชื่อลูกค้า")
    customer_phone: str | None = pii_field(PIIKind.PHONE, "โทรศัพท์ลูกค้า", max_length=40)
    customer_email: str | None = pii_field(PIIKind.EMAIL, "อีเมลลูกค้า")


class ReportRecipient(StrEnum):
    TOP_EXECUTIVES = "top_executives"
    BOARD = "board"
    COMMITTEE = "committee"
    OTHER = "other"


REPORT_RECIPIENT_TH = {
    ReportRecipient.TOP_EXECUTIVES: "ผู้บริหารระดับสูง",
    ReportRecipient.BOARD: "คณะกรรมการรัฐวิสาหกิจ",
    ReportRecipient.COMMITTEE: "คณะกรรมการชุดย่อย",
    ReportRecipient.OTHER: "อื่น ๆ",
}


class VocReport(Record, Reviewed, table=True):
    """A VOC report of a quarter; P3 checks its coded recipient (top executives or the board, policy §3.3)."""

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "quarter"),)
    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    quarter: int = Field(ge=1, le=4, title="ไตรมาส")
    recipient: ReportRecipient = enum_field(ReportRecipient, "ผู้รับรายงาน (P3)", ReportRecipient.TOP_EXECUTIVES)
    reported_to: str | None = Field(default=None, max_length=200, title="รายละเอียดผู้รับรายงาน (ชื่อคณะ/การประชุม)")
    reported_on: date = Field(title="วันที่รายงาน")
    summary: str | None = Field(default=None, max_length=2000, title="สรุป")


class ActionKind(StrEnum):
    REPORT_TO_EXECUTIVES = "report_to_executives"
    STRATEGY_INPUT = "strategy_input"
    IMPROVEMENT = "improvement"
    DIGITAL = "digital"
    STAFF_COMMUNICATION = "staff_communication"
    CONTROL_MONITORING = "control_monitoring"
    EFFECTIVENESS_EVALUATION = "effectiveness_evaluation"
    KNOWLEDGE_MANAGEMENT = "knowledge_management"
    INNOVATION = "innovation"


ACTION_KIND_TH = {
    ActionKind.REPORT_TO_EXECUTIVES: "รายงานผู้บริหารระดับสูง",
    ActionKind.STRATEGY_INPUT: "นำเข้าสู่การจัดทำยุทธศาสตร์",
    ActionKind.IMPROVEMENT: "ปรับปรุงผลิตภัณฑ์/บริการ/กระบวนการ",
    ActionKind.DIGITAL: "นำเทคโนโลยีดิจิทัลมาใช้",
    ActionKind.STAFF_COMMUNICATION: "สื่อสารให้บุคลากร",
    ActionKind.CONTROL_MONITORING: "ควบคุมและติดตาม",
    ActionKind.EFFECTIVENESS_EVALUATION: "ประเมินประสิทธิผล",
    ActionKind.KNOWLEDGE_MANAGEMENT: "การจัดการความรู้",
    ActionKind.INNOVATION: "นวัตกรรม",
}


class ActionSource(StrEnum):
    VOC = "voc"
    VOS = "vos"
    SURVEY = "survey"
    COMPLAINT = "complaint"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class VocAspectRanking(Record, Reviewed, table=True):
    """The comparison of importance of the four VOC aspects (C7, FAQ CM8): one rank per aspect, for all
    customers (no segment) or one segment, in a year."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    segment_id: int | None = Field(default=None, foreign_key="customersegment.id", title="กลุ่มลูกค้า (ว่าง = ลูกค้าทั้งหมด)")
    aspect: VocAspect = enum_field(VocAspect, "มิติของ VOC")
    rank: int = Field(ge=1, le=4, title="ลำดับความสำคัญ (1 สำคัญที่สุด)")
    share: float | None = Field(default=None, ge=0, le=100, title="สัดส่วน/คะแนนความสำคัญ (%)")
    basis: str | None = Field(default=None, max_length=1000, title="ที่มาของการเปรียบเทียบ")


class ImprovementAction(Record, Reviewed, table=True):
    """An action that uses VOC/VOS or survey results, of a kind the criteria ask for; U1 reads what it
    shows: a dated round of evaluation or monitoring, lessons learned, a change actually made."""

    year: int = Field(index=True, title="ปีประเมิน (พ.ศ.)")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงานเจ้าของ")
    title: str = Field(min_length=1, max_length=300, title="ชื่อการดำเนินการ")
    kind: ActionKind = enum_field(ActionKind, "ประเภทการนำไปใช้")
    source: ActionSource = enum_field(ActionSource, "ที่มา")
    start_on: date | None = Field(default=None, title="วันเริ่ม")
    due_on: date | None = Field(default=None, title="กำหนดเสร็จ")
    action_status: ActionStatus = enum_field(ActionStatus, "สถานะ", ActionStatus.PLANNED)
    evaluated_on: date | None = Field(default=None, title="วันที่ประเมิน/ทบทวนรอบนี้ (U1)")
    lessons_learned: str | None = Field(default=None, max_length=2000, title="บทเรียนที่ได้ (U1)")
    change_made: str | None = Field(default=None, max_length=2000, title="สิ่งที่เปลี่ยนแปลง/ปรับปรุงแล้วจริง (U1)")
