"""Following up the divisions: data requests built from what each still owes, and who is late.

What a division owes comes from `evidence.services.missing.missing_items`, the same checks of the
scoring rules (S1, S3, C7, …) that the to-do lists show; a request keeps those items, a due date and a
note, and reaches the division's staff in their inbox (and the daily e-mail digest).
"""

from datetime import date

from sqlmodel import Session, col, func, select

from evidence.access import Actor, require_planning, require_read, unit_scope
from evidence.audit import record_audit
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.models.base import utcnow
from evidence.models.cycles import DivisionRequest, RequestStatus
from evidence.models.org import OrgUnit
from evidence.notify import queue, unit_staff
from evidence.services.missing import missing_items
from evidence.thai_dates import bangkok_today, thai_date


def owed_by(session: Session, actor: Actor, *, enterprise_id: int, year: int, unit_id: int) -> list[dict[str, object]]:
    """What the unit (and the units under it) still owes, as request items: rule, topic, message."""
    items = missing_items(session, actor, enterprise_id=enterprise_id, year=year,
                          unit_ids=unit_scope(session, unit_id))
    unique = {i.message: i for i in items}  # a check may list the same gap under two topics
    return [{"rule": i.rule, "topic": i.topic, "text": i.message, "count": i.count} for i in unique.values()]


def send_request(session: Session, actor: Actor, *, enterprise_id: int, year: int, unit_id: int, due_on: date,
                 note: str | None = None, today: date | None = None) -> DivisionRequest:
    """A request to a division for what it owes; refused with nothing owed and no note, or a past due date."""
    require_planning(actor, enterprise_id, session=session, attempt="request:send")
    unit = session.get(OrgUnit, unit_id)
    if unit is None or unit.enterprise_id != enterprise_id:
        raise NotFound(f"ไม่พบหน่วยงานรหัส {unit_id} ในรัฐวิสาหกิจนี้", field="org_unit_id")
    if due_on < (today or bangkok_today()):
        raise ValidationFailed([FieldProblem("due_on", "กำหนดส่งต้องไม่ใช่วันที่ผ่านมาแล้ว", "กำหนดส่ง")])
    items = owed_by(session, actor, enterprise_id=enterprise_id, year=year, unit_id=unit_id)
    if not items and not (note or "").strip():
        raise ValidationFailed([FieldProblem("note", f"{unit.name_th} ไม่มีสิ่งที่ยังขาดตามเกณฑ์: ระบุหมายเหตุว่าขออะไร",
                                             "หมายเหตุ")])
    now = utcnow()
    request = DivisionRequest(enterprise_id=enterprise_id, year=year, org_unit_id=unit_id, items=items, due_on=due_on,
                              note=(note or "").strip() or None, created_by=actor.username, updated_by=actor.username,
                              created_at=now, updated_at=now)
    session.add(request)
    session.flush()
    record_audit(session, actor, "request:send", enterprise_id=enterprise_id, table_name="divisionrequest",
                 record_id=request.id, summary=f"ขอข้อมูลจาก{unit.name_th} กำหนดส่ง {thai_date(due_on, short=True)}")
    queue(session, enterprise_id=enterprise_id, usernames=unit_staff(session, enterprise_id, frozenset({unit_id})),
          kind="request", subject=f"ฝ่ายแผนขอข้อมูล SE-AM ปี {year} กำหนดส่ง {thai_date(due_on)}",
          body="\n".join([*(f"- {i['text']}" for i in items), *([f"หมายเหตุ: {request.note}"] if request.note else [])]))
    return request


def close_request(session: Session, actor: Actor, request_id: int, *, done: bool = True) -> DivisionRequest:
    request = session.get(DivisionRequest, request_id)
    if request is None:
        raise NotFound(f"ไม่พบคำขอข้อมูลรหัส {request_id}")
    require_planning(actor, request.enterprise_id, session=session, attempt="request:close")
    request.request_status = RequestStatus.DONE if done else RequestStatus.CANCELLED
    request.closed_at, request.updated_by, request.updated_at = utcnow(), actor.username, utcnow()
    session.flush()
    record_audit(session, actor, "request:close", enterprise_id=request.enterprise_id, table_name="divisionrequest",
                 record_id=request.id)
    return request


def open_requests(session: Session, actor: Actor, *, enterprise_id: int, year: int,
                  unit_ids: frozenset[int] | None = None) -> list[DivisionRequest]:
    """Open requests, soonest due first; division staff see their own units' only."""
    require_read(actor, enterprise_id, session=session)
    query = select(DivisionRequest).where(DivisionRequest.enterprise_id == enterprise_id, DivisionRequest.year == year,
                                          DivisionRequest.request_status == RequestStatus.OPEN.value)
    if actor.org_unit_ids and not actor.is_planning:
        unit_ids = actor.org_unit_ids if unit_ids is None else unit_ids & actor.org_unit_ids
    if unit_ids is not None:
        query = query.where(col(DivisionRequest.org_unit_id).in_(unit_ids))
    return list(session.exec(query.order_by(DivisionRequest.due_on)).all())


def overdue_by_division(session: Session, actor: Actor, *, enterprise_id: int, year: int,
                        today: date | None = None) -> dict[str, int]:
    """Division name → open requests past their due date (the dashboard's follow-up table)."""
    require_read(actor, enterprise_id, session=session)
    rows = session.exec(select(OrgUnit.name_th, func.count()).join(
        DivisionRequest, col(DivisionRequest.org_unit_id) == OrgUnit.id).where(
        DivisionRequest.enterprise_id == enterprise_id, DivisionRequest.year == year,
        DivisionRequest.request_status == RequestStatus.OPEN.value,
        col(DivisionRequest.due_on) < (today or bangkok_today())).group_by(OrgUnit.name_th).order_by(OrgUnit.name_th)).all()
    return {name: int(n) for name, n in rows}
