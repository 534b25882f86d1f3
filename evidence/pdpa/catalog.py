"""Where personal data lives: every table model, its declared personal-data columns and its free-text
columns. Built from the models on each call, so a new table with a `pii_field` is covered at once."""

from dataclasses import dataclass
from enum import Enum
from typing import get_args

from sqlalchemy import String, Text
from sqlmodel import SQLModel
from sqlmodel.main import default_registry

from evidence.validation import field_label, pii_kind

TABLE_TH = {
    "approval": "การอนุมัติ",
    "assessmentyear": "รอบการประเมิน",
    "assessorlevel": "ระดับที่ผู้ประเมินให้",
    "breachrecord": "เหตุละเมิดข้อมูลส่วนบุคคล",
    "complaintcase": "เรื่องร้องเรียน",
    "complaintchannel": "ช่องทางรับข้อร้องเรียน",
    "approvaldocument": "เอกสารที่การอนุมัติครอบคลุม",
    "complaintstandard": "มาตรฐานเวลาการจัดการข้อร้องเรียน",
    "customersegment": "กลุ่มลูกค้า",
    "document": "เอกสารในทะเบียน",
    "documentversion": "ฉบับเอกสารในทะเบียน",
    "evidencefile": "ไฟล์หลักฐาน",
    "filepassage": "ข้อความที่อ่านจากไฟล์หลักฐาน",
    "filereading": "สถานะการอ่านไฟล์หลักฐาน",
    "governingbody": "คณะกรรมการ/คณะทำงาน",
    "improvementaction": "การนำไปปรับปรุง",
    "itemclaim": "การอ้างหลักฐานตามเกณฑ์",
    "itemcomment": "ความเห็นต่อรายการเกณฑ์",
    "listeningchannel": "ช่องทางรับฟังลูกค้า",
    "monitoringminute": "รายงานการประชุมติดตาม",
    "orgunit": "หน่วยงาน",
    "plankpi": "ตัวชี้วัดของแผน",
    "relationshipactivity": "กิจกรรมสร้างความสัมพันธ์",
    "relationshipplan": "แผนสร้างความสัมพันธ์",
    "relationshiprisk": "ความเสี่ยงด้านความสัมพันธ์",
    "searchdoc": "ดัชนีค้นหา (สร้างจากข้อมูลอื่นโดยอัตโนมัติ)",
    "servicestandard": "มาตรฐานเวลาการให้บริการ",
    "stakeholder": "ผู้มีส่วนได้ส่วนเสีย (Stakeholder Profile)",
    "stakeholderissue": "ประเด็นของผู้มีส่วนได้ส่วนเสีย",
    "strategyplan": "แผนยุทธศาสตร์/แผนปฏิบัติการ",
    "survey": "การสำรวจ",
    "user": "ผู้ใช้พอร์ทัล",
    "vocrecord": "เสียงของลูกค้า (VOC)",
    "vocreport": "รายงาน VOC",
    "voiceofstakeholder": "เสียงของผู้มีส่วนได้ส่วนเสีย (VOS)",
}

PII_KIND_TH = {"name": "ชื่อ-นามสกุล", "phone": "หมายเลขโทรศัพท์", "email": "อีเมล", "text": "ข้อความที่ระบุตัวบุคคล"}

# Tables a person search never looks into: the audit trail (append-only and already redacted) and the
# requests themselves (a reference only). Columns that hold usernames, hashes or codes are skipped too.
SKIPPED_TABLES = frozenset({"auditlog", "datasubjectrequest", "alembic_version", "searchdoc"})
SKIPPED_COLUMNS = frozenset({
    "username", "password_hash", "sha256", "storage_key", "media_type", "pdpa_purpose", "author", "author_role",
    "assessor", "actor", "record_table", "yaml_text",
})


@dataclass(frozen=True)
class TableInfo:
    model: type[SQLModel]
    name: str
    label: str
    pii: tuple[tuple[str, str], ...]  # (column, kind)
    text: tuple[str, ...]  # free-text columns that are not declared personal data
    has_enterprise: bool
    has_unit: bool
    has_pdpa_columns: bool


def table_label(name: str) -> str:
    return TABLE_TH.get(name, name)


def _is_enum(model: type[SQLModel], name: str) -> bool:
    info = model.model_fields.get(name)
    annotation = info.annotation if info else None
    candidates = (annotation, *get_args(annotation))
    return any(isinstance(c, type) and issubclass(c, Enum) for c in candidates)


def _is_text_column(model: type[SQLModel], name: str) -> bool:
    column = model.__table__.c.get(name)  # type: ignore[attr-defined]
    if column is None:
        return False
    kind = getattr(column.type, "impl", column.type)
    return isinstance(kind, String | Text) and not _is_enum(model, name)


def describe(model: type[SQLModel]) -> TableInfo:
    name = str(model.__tablename__)
    fields = list(model.model_fields)
    pii = tuple((f, k) for f in fields if (k := pii_kind(model, f)))
    pii_names = {f for f, _ in pii}
    text = tuple(
        f for f in fields
        if f not in pii_names and f not in SKIPPED_COLUMNS and not f.endswith("_by") and _is_text_column(model, f)
    )
    return TableInfo(
        model=model, name=name, label=table_label(name), pii=pii, text=text,
        has_enterprise="enterprise_id" in fields, has_unit="org_unit_id" in fields,
        has_pdpa_columns="pdpa_retain_until" in fields,
    )


def all_tables() -> list[TableInfo]:
    """Every table model, by table name (imports `evidence.models` so none is missed)."""
    import evidence.models  # noqa: F401

    models = [m.class_ for m in default_registry.mappers if hasattr(m.class_, "__tablename__")]
    return sorted((describe(m) for m in models), key=lambda t: t.name)


def personal_data_tables() -> list[TableInfo]:
    """Tables with at least one declared personal-data column."""
    return [t for t in all_tables() if t.pii]


def searchable_tables() -> list[TableInfo]:
    """Tables a data-subject search looks into: declared personal data or free text."""
    return [t for t in all_tables() if t.name not in SKIPPED_TABLES and (t.pii or t.text)]


def column_label(info: TableInfo, column: str) -> str:
    return field_label(info.model, column)
