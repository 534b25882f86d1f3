"""The document register (issue 11): governed documents, their versions and files, across years.

- `Document`: one governed document (a complaint policy, a service charter, a strategy plan, minutes…)
  of one enterprise, whatever the year; `kind` says what it is and which subjects it can stand for.
- `DocumentVersion`: a version with its effective date, review-due date and the facts the enterprise
  declares it contains (`declared`: codes of `criteria/fact_vocabulary.yaml`). Files of a version are
  `EvidenceLink` rows with `record_table="documentversion"` (the content-addressed store).
- `ApprovalDocument`: which document versions one approval (a resolution at a meeting) approves; one
  resolution may approve several documents (FAQ CM10).
A year sees the versions in force during it (`evidence.services.documents.in_force`); nothing is
re-entered for a new year.
"""

from datetime import date
from enum import StrEnum

from sqlmodel import Field, SQLModel, UniqueConstraint

from evidence.models.base import Record, Reviewed, enum_field, json_field


class DocumentKind(StrEnum):
    CUSTOMER_STRATEGY = "customer_strategy"
    CUSTOMER_MARKET_POLICY = "customer_market_policy"
    STAKEHOLDER_STRATEGY = "stakeholder_strategy"
    LONG_TERM_ACTION = "long_term_action"
    ANNUAL_ACTION = "annual_action"
    RELATIONSHIP_PLAN = "relationship_plan"
    COMPLAINT_POLICY = "complaint_policy"
    COMPLAINT_PROCEDURE = "complaint_procedure"
    POLICY_AND_PROCEDURE = "policy_and_procedure"
    COMPLAINT_STANDARDS = "complaint_standards"
    SERVICE_CHARTER = "service_charter"
    SERVICE_STANDARDS = "service_standards"
    CHARTER_AND_STANDARDS = "charter_and_standards"
    SERVICE_RECOVERY = "service_recovery"
    GOOD_GOVERNANCE = "good_governance"
    SURVEY_REPORT = "survey_report"
    VOC_REPORT = "voc_report"
    MINUTES = "minutes"
    OTHER = "other"


DOCUMENT_KIND_TH = {
    DocumentKind.CUSTOMER_STRATEGY: "แผนยุทธศาสตร์ด้านลูกค้าและตลาด",
    DocumentKind.CUSTOMER_MARKET_POLICY: "นโยบายด้านลูกค้าและตลาด",
    DocumentKind.STAKEHOLDER_STRATEGY: "แผนแม่บทการบริหารผู้มีส่วนได้ส่วนเสีย",
    DocumentKind.LONG_TERM_ACTION: "แผนปฏิบัติการระยะยาว",
    DocumentKind.ANNUAL_ACTION: "แผนปฏิบัติการประจำปี",
    DocumentKind.RELATIONSHIP_PLAN: "แผนสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย",
    DocumentKind.COMPLAINT_POLICY: "นโยบายการจัดการข้อร้องเรียน",
    DocumentKind.COMPLAINT_PROCEDURE: "ระเบียบ/คู่มือขั้นตอนการจัดการข้อร้องเรียน",
    DocumentKind.POLICY_AND_PROCEDURE: "นโยบายและขั้นตอนการจัดการข้อร้องเรียน (ฉบับเดียว)",
    DocumentKind.COMPLAINT_STANDARDS: "มาตรฐานการจัดการข้อร้องเรียน",
    DocumentKind.SERVICE_CHARTER: "กฎบัตรการให้บริการ (Customer Service Charter)",
    DocumentKind.SERVICE_STANDARDS: "มาตรฐานการให้บริการ (Service Standard)",
    DocumentKind.CHARTER_AND_STANDARDS: "กฎบัตรและมาตรฐานการให้บริการ (ฉบับเดียว)",
    DocumentKind.SERVICE_RECOVERY: "แผนรับมือเมื่อบริการผิดพลาด / BCM",
    DocumentKind.GOOD_GOVERNANCE: "นโยบายการกำกับดูแลกิจการที่ดี",
    DocumentKind.SURVEY_REPORT: "รายงานผลการสำรวจ",
    DocumentKind.VOC_REPORT: "รายงาน VOC",
    DocumentKind.MINUTES: "รายงานการประชุม",
    DocumentKind.OTHER: "เอกสารอื่น ๆ",
}


class Document(Record, table=True):
    """One governed document of the enterprise; its versions carry dates, declared facts and files."""

    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)
    code: str = Field(min_length=1, max_length=40, title="รหัสเอกสาร")
    kind: DocumentKind = enum_field(DocumentKind, "ประเภทเอกสาร", index=True)
    title: str = Field(min_length=1, max_length=300, title="ชื่อเอกสาร")
    org_unit_id: int | None = Field(default=None, foreign_key="orgunit.id", title="หน่วยงานเจ้าของ")
    review_every_months: int | None = Field(default=12, ge=1, le=120, title="ทบทวนทุก (เดือน)")


class DocumentVersion(Record, Reviewed, table=True):
    """A version of a document: in force from `effective_on` until the version that supersedes it."""

    __table_args__ = (UniqueConstraint("enterprise_id", "code"), UniqueConstraint("document_id", "label"))
    code: str = Field(min_length=1, max_length=60, title="รหัสฉบับ")
    document_id: int = Field(foreign_key="document.id", index=True, title="เอกสาร")
    label: str = Field(default="1", min_length=1, max_length=20, title="ฉบับที่/ครั้งที่ปรับปรุง")
    effective_on: date | None = Field(default=None, title="วันที่มีผลบังคับใช้")
    review_due_on: date | None = Field(default=None, title="กำหนดทบทวน")
    last_reviewed_on: date | None = Field(default=None, title="วันที่ทบทวนล่าสุด")
    superseded_by_id: int | None = Field(default=None, foreign_key="documentversion.id", title="ฉบับที่ใช้แทน")
    year_recorded: int = Field(ge=2500, le=2700, title="ปีที่บันทึก (พ.ศ.)")
    declared: list[str] = json_field("ข้อเท็จจริงที่ระบุว่ามีในเอกสาร")
    declared_approved: bool = Field(default=False, title="ระบุว่าได้รับอนุมัติแล้ว")
    published_url: str | None = Field(default=None, max_length=500, title="ลิงก์เผยแพร่ (เว็บ/QR)")
    published_on: date | None = Field(default=None, title="วันที่เผยแพร่")
    note: str | None = Field(default=None, max_length=1000, title="หมายเหตุ")


class ApprovalDocument(Record, table=True):
    """An approval (resolution) covers this document version."""

    __table_args__ = (UniqueConstraint("approval_id", "version_id"),)
    approval_id: int = Field(foreign_key="approval.id", index=True, title="การอนุมัติ")
    version_id: int = Field(foreign_key="documentversion.id", index=True, title="ฉบับเอกสารที่อนุมัติ")


class ReadingState(StrEnum):
    PENDING = "pending"
    READ = "read"
    OCR = "ocr"
    SCANNED_UNREAD = "scanned_unread"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    TIMEOUT = "timeout"


READING_STATE_TH = {
    ReadingState.PENDING: "รอการอ่านข้อความ",
    ReadingState.READ: "อ่านข้อความแล้ว",
    ReadingState.OCR: "อ่านจากภาพสแกน (OCR ภาษาไทย)",
    ReadingState.SCANNED_UNREAD: "สแกน ยังไม่ได้อ่านข้อความ",
    ReadingState.ENCRYPTED: "ไฟล์เข้ารหัส อ่านข้อความไม่ได้",
    ReadingState.CORRUPT: "ไฟล์เสียหาย อ่านข้อความไม่ได้",
    ReadingState.TOO_LARGE: "ไฟล์ใหญ่เกินกว่าจะอ่านข้อความ",
    ReadingState.UNSUPPORTED: "ชนิดไฟล์ที่ไม่อ่านข้อความ",
    ReadingState.TIMEOUT: "อ่านข้อความไม่เสร็จในเวลาที่กำหนด",
}


class FileReading(SQLModel, table=True):
    """How the text of an evidence file was read (issue 11 §2), once per file content."""

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="evidencefile.id", unique=True, title="ไฟล์")
    state: ReadingState = enum_field(ReadingState, "สถานะการอ่าน", ReadingState.PENDING)
    message_th: str | None = Field(default=None, max_length=300, title="ข้อความ")
    pages: int | None = Field(default=None, title="จำนวนหน้า")


class FilePassage(SQLModel, table=True):
    """A passage of an evidence file's text with where it is (page, section)."""

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="evidencefile.id", index=True, title="ไฟล์")
    seq: int = Field(title="ลำดับ")
    page: int | None = Field(default=None, title="หน้า")
    section: str | None = Field(default=None, max_length=300, title="หัวข้อ")
    locator_th: str = Field(max_length=200, title="ตำแหน่ง")
    text: str = Field(title="ข้อความ")
