"""Reading the audit trail: filter, page and export it. Nothing here (or anywhere) edits or deletes an
audit row (`evidence.audit_guard` refuses it).

Administrators see every row; a planning team sees the rows of its own enterprise; other roles are
refused, and the refusal is itself audited.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from evidence.access import Actor, refuse
from evidence.audit import record_audit
from evidence.errors import FieldProblem, ValidationFailed
from evidence.models.users import AuditLog, Role
from evidence.pdpa.formats import BANGKOK, csv_bytes, thai_local, write_xlsx

MAX_EXPORT_ROWS = 100_000
STREAM_ROWS = 2_000  # audit rows fetched per batch while exporting

ACTION_TH = {
    "create": "สร้างข้อมูล",
    "update": "แก้ไขข้อมูล",
    "delete": "ลบข้อมูล",
    "import": "นำเข้าข้อมูล",
    "review:submitted": "ส่งตรวจ",
    "review:approved": "อนุมัติ",
    "review:returned": "ส่งกลับแก้ไข",
    "review:draft": "กลับเป็นร่าง",
    "assessor-level": "ผู้ประเมินให้ระดับ",
    "comment": "แสดงความเห็นต่อรายการเกณฑ์",
    "claim:withdraw": "ถอนการอ้างหลักฐาน",
    "criteria:new-version": "สร้างเกณฑ์ฉบับใหม่",
    "login": "เข้าสู่ระบบ",
    "login:failed": "เข้าสู่ระบบไม่สำเร็จ",
    "login:locked": "เข้าสู่ระบบขณะบัญชีถูกระงับ",
    "login:refused": "ปฏิเสธการเข้าสู่ระบบ (OIDC)",
    "logout": "ออกจากระบบ",
    "session:expired": "หมดเวลาการใช้งาน",
    "denied": "ถูกปฏิเสธสิทธิ์",
    "export": "ส่งออกข้อมูล",
    "export:personal": "ส่งออกข้อมูลส่วนบุคคล",
    "export:audit": "ส่งออกบันทึกการตรวจสอบ",
    "export:inventory": "ส่งออกบัญชีข้อมูลส่วนบุคคล",
    "user:create": "เพิ่มผู้ใช้",
    "user:update": "แก้ไขผู้ใช้",
    "user:password": "ตั้งรหัสผ่าน",
    "user:password:failed": "เปลี่ยนรหัสผ่านไม่สำเร็จ",
    "user:unlock": "ปลดการระงับบัญชี",
    "dsr:open": "รับคำขอของเจ้าของข้อมูล",
    "dsr:search": "ค้นหาข้อมูลของเจ้าของข้อมูล",
    "dsr:export": "ส่งสำเนาข้อมูลให้เจ้าของข้อมูล",
    "dsr:correct": "แก้ไขข้อมูลตามคำขอ",
    "dsr:erase": "ลบข้อมูลตามคำขอ",
    "dsr:close": "ปิดคำขอของเจ้าของข้อมูล",
    "pdpa:retention": "ลบข้อมูลที่พ้นระยะเวลาเก็บรักษา",
    "breach:create": "บันทึกเหตุละเมิดข้อมูลส่วนบุคคล",
    "breach:notify": "บันทึกการแจ้งเหตุละเมิด",
}

COLUMNS_TH = {
    "at": "วันเวลา", "actor": "ผู้ทำรายการ", "action": "การกระทำ", "action_code": "รหัสการกระทำ",
    "table_name": "ตาราง", "record_id": "รหัสข้อมูล", "enterprise_id": "รัฐวิสาหกิจ", "summary": "สรุป",
    "before": "ก่อน", "after": "หลัง",
}


def action_label(action: str) -> str:
    if action in ACTION_TH:
        return ACTION_TH[action]
    if action.startswith("item-review:"):
        return "ผู้ประเมินตรวจรายการเกณฑ์"
    return action


@dataclass(frozen=True)
class AuditFilter:
    """Every field optional; dates are Bangkok calendar days, inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    actor: str | None = None
    action: str | None = None
    table_name: str | None = None
    enterprise_id: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditLog]
    total: int


def _utc(day: date) -> datetime:
    """Midnight of a Bangkok calendar day, as naive UTC."""
    return datetime.combine(day, time(), tzinfo=BANGKOK).astimezone(UTC).replace(tzinfo=None)


def _visible(session: Session, actor: Actor, filt: AuditFilter, attempt: str) -> SelectOfScalar[AuditLog]:
    """The rows this actor may read, narrowed by the filter."""
    if actor.role == Role.ADMIN:
        query = select(AuditLog)
        if filt.enterprise_id is not None:
            query = query.where(AuditLog.enterprise_id == filt.enterprise_id)
    elif actor.role == Role.PLANNING and actor.enterprise_id is not None:
        if filt.enterprise_id not in (None, actor.enterprise_id):
            refuse(actor, "ดูบันทึกการตรวจสอบได้เฉพาะของรัฐวิสาหกิจตนเอง", session=session,
                   enterprise_id=filt.enterprise_id, table_name="auditlog", attempt=attempt)
        query = select(AuditLog).where(AuditLog.enterprise_id == actor.enterprise_id)
    else:
        refuse(actor, "เฉพาะผู้ดูแลระบบและฝ่ายแผนเท่านั้นที่ดูบันทึกการตรวจสอบได้", session=session,
               enterprise_id=actor.enterprise_id, table_name="auditlog", attempt=attempt)
    if filt.date_from and filt.date_to and filt.date_from > filt.date_to:
        raise ValidationFailed([FieldProblem("date_to", "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น", "ถึงวันที่")])
    if filt.date_from:
        query = query.where(AuditLog.at >= _utc(filt.date_from))
    if filt.date_to:
        query = query.where(AuditLog.at < _utc(filt.date_to + timedelta(days=1)))
    if filt.actor:
        query = query.where(func.lower(AuditLog.actor).contains(filt.actor.strip().lower()))
    if filt.action:
        query = query.where(AuditLog.action == filt.action)
    if filt.table_name:
        query = query.where(AuditLog.table_name == filt.table_name)
    if filt.text:
        query = query.where(func.lower(AuditLog.summary).contains(filt.text.strip().lower()))
    return query


def query_audit(
    session: Session, actor: Actor, filt: AuditFilter = AuditFilter(), *, limit: int = 100, offset: int = 0
) -> AuditPage:
    """A page of audit rows, newest first."""
    query = _visible(session, actor, filt, "audit:read")
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(AuditLog.id).desc()).offset(offset).limit(limit)).all()
    return AuditPage(rows=list(rows), total=int(total))


def audit_actions(session: Session, actor: Actor) -> list[str]:
    """The actions that occur in the rows this actor may read (for the filter's drop-down)."""
    query = _visible(session, actor, AuditFilter(), "audit:read")
    sub = query.subquery()
    return sorted(session.exec(select(sub.c.action).distinct()).all())


def display_rows(rows: list[AuditLog]) -> list[dict[str, object]]:
    """Rows with Thai column names, Bangkok times and Thai action names (PII was redacted on write)."""
    return [
        {
            COLUMNS_TH["at"]: thai_local(r.at), COLUMNS_TH["actor"]: r.actor,
            COLUMNS_TH["action"]: action_label(r.action), COLUMNS_TH["action_code"]: r.action,
            COLUMNS_TH["table_name"]: r.table_name, COLUMNS_TH["record_id"]: r.record_id,
            COLUMNS_TH["enterprise_id"]: r.enterprise_id, COLUMNS_TH["summary"]: r.summary,
            COLUMNS_TH["before"]: _json_text(r.before), COLUMNS_TH["after"]: _json_text(r.after),
        }
        for r in rows
    ]


def _json_text(value: dict | None) -> str | None:  # type: ignore[type-arg]
    if not value:
        return None
    return "; ".join(f"{k}={v}" for k, v in value.items())


def export_audit(session: Session, actor: Actor, filt: AuditFilter = AuditFilter(), *, fmt: str = "xlsx") -> bytes:
    """The filtered audit log as .xlsx or .csv (at most MAX_EXPORT_ROWS rows), streamed from the database
    in batches and written in constant memory (never all rows at once); the export is audited."""
    if fmt not in ("xlsx", "csv"):
        raise ValidationFailed([FieldProblem("fmt", "รูปแบบไฟล์ต้องเป็น xlsx หรือ csv", "รูปแบบไฟล์")])
    query = _visible(session, actor, filt, "export:audit")
    result = session.exec(query.order_by(col(AuditLog.id)).limit(MAX_EXPORT_ROWS)
                          .execution_options(yield_per=STREAM_ROWS))
    counter = [0]
    table = _counted((display_rows([row])[0] for row in result), counter)
    columns = list(COLUMNS_TH.values())
    if fmt == "csv":
        data = csv_bytes(table, columns)
    else:
        buffer = io.BytesIO()
        write_xlsx(buffer, {"บันทึกการตรวจสอบ": (columns, table)})
        data = buffer.getvalue()
    record_audit(session, actor, "export:audit", enterprise_id=actor.enterprise_id, table_name="auditlog",
                 summary=f"ส่งออกบันทึกการตรวจสอบ {counter[0]:,} รายการ ({fmt})",
                 after={k: str(v) for k, v in vars(filt).items() if v not in (None, "")})
    return data


def _counted(rows: Iterator[dict[str, object]], counter: list[int]) -> Iterator[dict[str, object]]:
    for row in rows:
        counter[0] += 1
        yield row
