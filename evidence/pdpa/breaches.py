"""Personal-data breaches: when found, who was affected, and the regulator's 72-hour deadline
(PDPA §37(4): notify the Office of the Personal Data Protection Committee, สคส., within 72 hours of
becoming aware; inform the people affected when the risk to them is high)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from evidence.access import Actor, require_planning
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.models.base import utcnow
from evidence.models.pdpa import BreachRecord
from evidence.pdpa.catalog import all_tables
from evidence.validation import validated

DEADLINE = timedelta(hours=72)
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class BreachClock:
    """Where a breach stands against its deadline, as of `now`."""

    deadline: datetime
    remaining: timedelta  # negative once overdue
    notified: bool
    on_time: bool | None  # None while not notified
    text: str


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = ([f"{days} วัน"] if days else []) + ([f"{hours} ชั่วโมง"] if hours or days else []) + [f"{mins} นาที"]
    return " ".join(parts)


def clock(breach: BreachRecord, now: datetime | None = None) -> BreachClock:
    """The 72-hour countdown: time left, or how late the notification was or is."""
    now = now or utcnow()
    deadline = breach.discovered_at + DEADLINE
    notified_at = breach.regulator_notified_at
    if notified_at is not None:
        on_time = notified_at <= deadline
        late = "" if on_time else f" (ช้ากว่ากำหนด {_span(notified_at - deadline)})"
        text = ("แจ้ง สคส. ภายในกำหนดแล้ว" if on_time else "แจ้ง สคส. เกินกำหนด") + late
        return BreachClock(deadline, deadline - notified_at, True, on_time, text)
    remaining = deadline - now
    if remaining >= timedelta(0):
        return BreachClock(deadline, remaining, False, None, f"เหลือเวลาแจ้ง สคส. อีก {_span(remaining)}")
    return BreachClock(deadline, remaining, False, None, f"เกินกำหนดแจ้ง สคส. แล้ว {_span(remaining)}")


def _known_tables(tables: list[str]) -> list[FieldProblem]:
    known = {t.name for t in all_tables()}
    unknown = [t for t in tables if t not in known]
    return [FieldProblem("tables", f"ไม่รู้จักตาราง {', '.join(unknown)}", "ข้อมูลที่เกี่ยวข้อง")] if unknown else []


def _times_in_order(discovered_at: datetime, *notified: datetime | None) -> list[FieldProblem]:
    problems = []
    if discovered_at > utcnow() + CLOCK_SKEW:
        problems.append(FieldProblem("discovered_at", "วันเวลาที่พบเหตุต้องไม่อยู่ในอนาคต", "วันเวลาที่พบเหตุ"))
    for name, moment in zip(("regulator_notified_at", "subjects_notified_at"), notified, strict=True):
        if moment is not None and moment < discovered_at:
            problems.append(FieldProblem(name, "วันเวลาแจ้งต้องไม่ก่อนวันเวลาที่พบเหตุ", "วันเวลาแจ้ง"))
    return problems


def record_breach(
    session: Session,
    actor: Actor,
    *,
    enterprise_id: int,
    discovered_at: datetime,
    description: str,
    affected: str,
    affected_count: int | None = None,
    tables: list[str] | None = None,
) -> BreachRecord:
    """Record a breach as soon as it is found; `discovered_at` is naive UTC."""
    require_planning(actor, enterprise_id, session=session, table_name="breachrecord", attempt="breach:create")
    breach = validated(BreachRecord, {
        "enterprise_id": enterprise_id, "discovered_at": discovered_at, "description": description.strip(),
        "affected": affected.strip(), "affected_count": affected_count, "tables": tables or [],
        "recorded_by": actor.username,
    })
    problems = _times_in_order(breach.discovered_at, None, None) + _known_tables(breach.tables)
    if problems:
        raise ValidationFailed(problems)
    session.add(breach)
    session.flush()
    record_audit(session, actor, "breach:create", enterprise_id=enterprise_id, table_name="breachrecord",
                 record_id=breach.id, summary=f"พบเหตุเมื่อ {breach.discovered_at.isoformat(timespec='minutes')} UTC",
                 after={"affected_count": breach.affected_count, "tables": breach.tables})
    return breach


def list_breaches(session: Session, actor: Actor, enterprise_id: int) -> list[BreachRecord]:
    require_planning(actor, enterprise_id, session=session, table_name="breachrecord", attempt="breach:list")
    return list(session.exec(
        select(BreachRecord).where(BreachRecord.enterprise_id == enterprise_id)
        .order_by(col(BreachRecord.discovered_at).desc())
    ).all())


def record_notification(
    session: Session,
    actor: Actor,
    breach_id: int,
    *,
    regulator_at: datetime | None = None,
    subjects_at: datetime | None = None,
) -> BreachRecord:
    """Record when the regulator and/or the people affected were told (naive UTC)."""
    breach = session.get(BreachRecord, breach_id)
    if breach is None:
        raise NotFound(f"ไม่พบเหตุละเมิดรหัส {breach_id}")
    require_planning(actor, breach.enterprise_id, session=session, table_name="breachrecord", record_id=breach_id,
                     attempt="breach:notify")
    if regulator_at is None and subjects_at is None:
        raise ValidationFailed([FieldProblem("regulator_notified_at", "ต้องระบุวันเวลาแจ้งอย่างน้อยหนึ่งอย่าง", "วันเวลาแจ้ง")])
    problems = _times_in_order(breach.discovered_at, regulator_at, subjects_at)
    future = [m for m in (regulator_at, subjects_at) if m is not None and m > utcnow() + CLOCK_SKEW]
    if future:
        problems.append(FieldProblem("regulator_notified_at", "วันเวลาแจ้งต้องไม่อยู่ในอนาคต", "วันเวลาแจ้ง"))
    if problems:
        raise ValidationFailed(problems)
    before = snapshot_of(breach)
    if regulator_at is not None:
        breach.regulator_notified_at = regulator_at
    if subjects_at is not None:
        breach.subjects_notified_at = subjects_at
    session.add(breach)
    session.flush()
    record_audit(session, actor, "breach:notify", enterprise_id=breach.enterprise_id, table_name="breachrecord",
                 record_id=breach.id, summary=clock(breach).text,
                 before={k: before[k] for k in ("regulator_notified_at", "subjects_notified_at")},
                 after={k: snapshot_of(breach)[k] for k in ("regulator_notified_at", "subjects_notified_at")})
    return breach
