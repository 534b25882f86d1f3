"""The declared schema of the Excel workbook: one sheet per record family, derived from the models.

A column's type, whether it is required, its bounds and its drop-down values come from the model
field it fills; a family only declares what the model cannot say: its Thai sheet name, its natural
key (what makes a row "the same record" on re-import) and which columns name another record by its
code or title instead of its database id.
"""

import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Union, get_args, get_origin

from pydantic import NaiveDatetime
from sqlmodel import SQLModel

from criteria.vocabulary import DECLARED_FACTS
from evidence.labels import enum_labels
from evidence.models import (
    Approval,
    ApprovalDocument,
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    DevelopmentProject,
    Document,
    DocumentVersion,
    GoverningBody,
    ImprovementAction,
    ListeningChannel,
    MonitoringMinute,
    OrgUnit,
    PlanKpi,
    RelationshipActivity,
    RelationshipPlan,
    RelationshipRisk,
    ServiceStandard,
    Stakeholder,
    StakeholderIssue,
    StrategyPlan,
    Survey,
    VocAspectRanking,
    VocRecord,
    VocReport,
    VoiceOfStakeholder,
    WorkingGroup,
    WorkingGroupMember,
)
from evidence.models.base import PersonalData, Reviewed
from evidence.models.customers import LIFECYCLE_TH
from evidence.models.governance import MONITORING_SUBJECT_TH
from evidence.models.plans import IMPROVEMENT_TOPIC_TH

_TRAILING = frozenset(set(Reviewed.model_fields) | set(PersonalData.model_fields))
IMPLIED = frozenset({"id", "enterprise_id", "year", "created_at", "created_by", "updated_at", "updated_by", "version"})


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"  # one code of an enum, written as its Thai label
    CODES = "codes"  # several codes in one cell, comma separated
    REF = "ref"  # another record named by its code or title


@dataclass(frozen=True)
class Ref:
    """A column naming another record by `by` (its code or title) instead of its id.

    `targets` maps the value of `type_field` to the model looked up (one entry keyed "" when the
    target does not depend on another column); `per_year` targets are looked up in the import year.
    """

    header: str
    targets: Mapping[str, type[SQLModel]]
    by: str = "code"
    per_year: bool = False
    type_field: str | None = None

    @classmethod
    def to(cls, model: type[SQLModel], header: str, *, by: str = "code", per_year: bool = False) -> "Ref":
        return cls(header=header, targets={"": model}, by=by, per_year=per_year)


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: Kind
    required: bool
    choices: Mapping[str, str] = field(default_factory=dict)  # code → Thai label
    ref: Ref | None = None
    codes_of: type[SQLModel] | None = None  # CODES that must be codes of this model's records
    max_length: int | None = None


@dataclass(frozen=True)
class Family:
    """One record family: a model, its sheet, its natural key and its reference columns."""

    key: str
    sheet: str
    model: type[SQLModel]
    natural_key: tuple[str, ...]
    refs: Mapping[str, Ref] = field(default_factory=dict)
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # CODES fields with a fixed list
    codes_of: Mapping[str, type[SQLModel]] = field(default_factory=dict)  # CODES fields naming records
    key_per_year: bool = True  # False: the natural key is unique across years (a unique constraint says so)
    year_via: str | None = None  # families without a year: the reference whose target carries it
    note: str = ""

    @property
    def has_year(self) -> bool:
        return "year" in self.model.model_fields

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        """The model's own fields first, then review status and PDPA bookkeeping (shared mixins), and
        last, on every sheet, the record's version (`VERSION_COLUMN`)."""
        names = [n for n in self.model.model_fields if n not in IMPLIED]
        names.sort(key=lambda n: n in _TRAILING)
        own = tuple(self._column(name) for name in names)
        return (*own, VERSION_COLUMN) if "version" in self.model.model_fields else own

    @cached_property
    def by_field(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns}

    def _column(self, name: str) -> Column:
        info = self.model.model_fields[name]
        required = info.is_required() and name not in getattr(self.model, "DERIVED", {})  # computed, never typed
        if name in self.refs:
            ref = self.refs[name]
            return Column(name, ref.header, Kind.REF, required, ref=ref)
        annotation = _strip_optional(info.annotation)
        header = info.title or name
        max_length = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
        if isinstance(annotation, type) and issubclass(annotation, StrEnum):
            return Column(name, header, Kind.CHOICE, required, choices=enum_labels(annotation))
        if get_origin(annotation) is list:
            return Column(name, header, Kind.CODES, required, choices=self.choices.get(name, {}),
                          codes_of=self.codes_of.get(name))
        kind = next((k for t, k in _KINDS if isinstance(annotation, type) and issubclass(annotation, t)), Kind.TEXT)
        return Column(name, header, kind, required, max_length=max_length)


# The version of the record a row was exported from, on every sheet (a hidden last column): a
# re-import of an older export is refused for rows edited since, as a stale form is.
VERSION_FIELD = "version"
VERSION_COLUMN = Column(VERSION_FIELD, "รุ่นข้อมูล (ระบบใช้ ห้ามแก้ไข)", Kind.INT, False)

# Order matters: bool is an int, datetime is a date.
_KINDS: tuple[tuple[type, Kind], ...] = ((bool, Kind.BOOL), (int, Kind.INT), (float, Kind.FLOAT), (str, Kind.TEXT),
                                         (NaiveDatetime, Kind.DATETIME), (datetime, Kind.DATETIME),
                                         (date, Kind.DATE))


def _strip_optional(annotation: object) -> object:
    """`X | None` → X, and `Annotated[X, ...]` (pydantic's NaiveDatetime) → X."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else annotation
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


UNIT = Ref.to(OrgUnit, "รหัสหน่วยงาน")
STAKEHOLDER = Ref.to(Stakeholder, "รหัสผู้มีส่วนได้ส่วนเสีย", per_year=True)
SEGMENT = Ref.to(CustomerSegment, "รหัสกลุ่มลูกค้า", per_year=True)
BODY = Ref.to(GoverningBody, "รหัสคณะ")
DOCUMENT = Ref.to(Document, "รหัสเอกสารในทะเบียน")
VERSION = Ref.to(DocumentVersion, "รหัสฉบับเอกสาร")

FAMILIES: tuple[Family, ...] = (
    Family("units", "หน่วยงาน", OrgUnit, ("code",), key_per_year=False,
           refs={"parent_id": Ref.to(OrgUnit, "รหัสหน่วยงานต้นสังกัด")},
           note="สายงานก่อน แล้วจึงฝ่าย: ฝ่ายต้องระบุรหัสสายงานต้นสังกัด"),
    Family("bodies", "คณะกรรมการ", GoverningBody, ("code",), key_per_year=False),
    Family("documents", "ทะเบียนเอกสาร", Document, ("code",), key_per_year=False, refs={"org_unit_id": UNIT},
           note="เอกสารหนึ่งรายการใช้ได้ทุกปี ไม่ต้องบันทึกซ้ำ"),
    Family("document_versions", "ฉบับเอกสาร", DocumentVersion, ("code",), key_per_year=False,
           refs={"document_id": DOCUMENT, "superseded_by_id": VERSION},
           choices={"declared": DECLARED_FACTS},
           note="ฉบับที่มีผลในปีประเมินคือฉบับล่าสุดที่มีผลบังคับใช้ไม่เกินวันสุดท้ายของปี"),
    Family("stakeholders", "ผู้มีส่วนได้ส่วนเสีย", Stakeholder, ("code",), refs={"org_unit_id": UNIT}),
    Family("issues", "ประเด็นผู้มีส่วนได้ส่วนเสีย", StakeholderIssue, ("stakeholder_id", "issue"),
           refs={"stakeholder_id": STAKEHOLDER}, year_via="stakeholder_id"),
    Family("vos", "VOS", VoiceOfStakeholder,
           ("stakeholder_id", "org_unit_id", "received_on", "polarity", "source", "text"),
           refs={"stakeholder_id": STAKEHOLDER, "org_unit_id": UNIT}),
    Family("relationship_plans", "แผนสร้างความสัมพันธ์", RelationshipPlan, ("title",),
           refs={"org_unit_id": UNIT, "stakeholder_id": STAKEHOLDER}),
    Family("activities", "กิจกรรมสร้างความสัมพันธ์", RelationshipActivity, ("plan_id", "quarter", "activity"),
           refs={"plan_id": Ref.to(RelationshipPlan, "ชื่อแผนสร้างความสัมพันธ์", by="title", per_year=True)},
           year_via="plan_id"),
    Family("risks", "ความเสี่ยงด้านความสัมพันธ์", RelationshipRisk, ("org_unit_id", "description"),
           refs={"org_unit_id": UNIT, "stakeholder_id": STAKEHOLDER}),
    Family("working_groups", "คณะทำงาน", WorkingGroup, ("code",), note="คณะทำงานบริหารผู้มีส่วนได้ส่วนเสีย (S9)"),
    Family("working_group_members", "ผู้แทนในคณะทำงาน", WorkingGroupMember, ("group_id", "org_unit_id", "position"),
           refs={"group_id": Ref.to(WorkingGroup, "รหัสคณะทำงาน", per_year=True), "org_unit_id": UNIT},
           year_via="group_id", note="ผู้แทนอย่างน้อยหนึ่งคนต่อสายงาน (S9, FAQ SM10)"),
    Family("segments", "กลุ่มลูกค้า", CustomerSegment, ("code",), refs={"org_unit_id": UNIT}),
    Family("listening_channels", "ช่องทางรับฟัง", ListeningChannel, ("code",), key_per_year=False,
           refs={"owner_unit_id": UNIT}, choices={"lifecycle_groups": {k.value: v for k, v in LIFECYCLE_TH.items()}},
           codes_of={"segment_codes": CustomerSegment}),
    Family("voc", "VOC", VocRecord, ("ref_no",),
           refs={"org_unit_id": UNIT, "segment_id": SEGMENT,
                 "channel_id": Ref.to(ListeningChannel, "รหัสช่องทางรับฟัง")}),
    Family("voc_reports", "รายงาน VOC", VocReport, ("quarter",)),
    Family("voc_rankings", "ลำดับความสำคัญ VOC", VocAspectRanking, ("segment_id", "aspect"),
           refs={"segment_id": SEGMENT}, note="เปรียบเทียบความสำคัญของ VOC 4 ด้าน (C7, FAQ CM8)"),
    Family("actions", "การนำผลไปใช้", ImprovementAction, ("title",), refs={"org_unit_id": UNIT}),
    Family("complaint_channels", "ช่องทางรับข้อร้องเรียน", ComplaintChannel, ("code",), key_per_year=False),
    Family("complaint_standards", "มาตรฐานเวลาข้อร้องเรียน", ComplaintStandard, ("stage",)),
    Family("complaints", "เรื่องร้องเรียน", ComplaintCase, ("case_no",), key_per_year=False,
           refs={"org_unit_id": UNIT, "channel_id": Ref.to(ComplaintChannel, "รหัสช่องทางรับข้อร้องเรียน"),
                 "segment_id": SEGMENT}),
    Family("service_standards", "มาตรฐานเวลาบริการ", ServiceStandard, ("service_name",),
           refs={"document_id": DOCUMENT, "org_unit_id": UNIT}),
    Family("plans", "แผนยุทธศาสตร์", StrategyPlan, ("title",),
           refs={"parent_id": Ref.to(StrategyPlan, "ชื่อแผนแม่", by="title", per_year=True), "document_id": DOCUMENT},
           choices={"improvement_topics": {k.value: v for k, v in IMPROVEMENT_TOPIC_TH.items()}}),
    Family("kpis", "ตัวชี้วัด", PlanKpi, ("plan_id", "name_th"),
           refs={"plan_id": Ref.to(StrategyPlan, "ชื่อแผน", by="title", per_year=True), "org_unit_id": UNIT},
           year_via="plan_id"),
    Family("surveys", "การสำรวจ", Survey, ("title",), codes_of={"segment_codes": CustomerSegment}),
    Family("projects", "โครงการพัฒนาและนวัตกรรม", DevelopmentProject, ("code",), refs={"org_unit_id": UNIT},
           note="โครงการพัฒนาผลิตภัณฑ์/บริการและนวัตกรรมที่ตอบสนอง VOC (P4, CM4)"),
    Family("approvals", "การอนุมัติ", Approval, ("code",), key_per_year=False, refs={"body_id": BODY},
           note="วันที่ประชุมเป็นปีใดก็ได้: มติที่อนุมัติเอกสารฉบับที่ยังมีผลอยู่ นับต่อเนื่องทุกปี"),
    Family("approval_documents", "เอกสารที่อนุมัติ", ApprovalDocument, ("approval_id", "version_id"),
           key_per_year=False, refs={"approval_id": Ref.to(Approval, "รหัสการอนุมัติ"), "version_id": VERSION},
           note="มติหนึ่งอนุมัติได้หลายเอกสาร: หนึ่งแถวต่อเอกสารหนึ่งฉบับ"),
    Family("minutes", "รายงานการประชุม", MonitoringMinute, ("body_id", "meeting_no"), refs={"body_id": BODY},
           choices={"subjects": {k.value: v for k, v in MONITORING_SUBJECT_TH.items()}}),
)

BY_KEY: dict[str, Family] = {f.key: f for f in FAMILIES}
BY_SHEET: dict[str, Family] = {f.sheet: f for f in FAMILIES}
BY_MODEL: dict[type[SQLModel], Family] = {f.model: f for f in FAMILIES}

INSTRUCTIONS_SHEET = "คำแนะนำ"
LISTS_SHEET = "รายการเลือก"


def family_named(name: str) -> Family | None:
    """A family by its key (`voc`) or its Thai sheet name (`VOC`, `กลุ่มลูกค้า`)."""
    text = " ".join(str(name).split())
    return BY_KEY.get(text) or BY_SHEET.get(text)
