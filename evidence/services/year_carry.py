"""Next year from last year: open an assessment year carrying what stands from one year to the next.

The structure (lines, departments), governing bodies, listening and complaint channels are not per
year and simply stay; the year's settings, topic targets and customer segments are copied; stakeholder
profiles (with their issues) come forward marked `carried_from_year`, so the currency check (S1) asks
for a review instead of passing or failing silently. Per-year records (VOC, VOS, complaint cases,
surveys, minutes, VOC reports, …) start empty, and documents and approvals span years in their own
register, so nothing of theirs is copied.
"""

from dataclasses import dataclass

from sqlmodel import Session, SQLModel, select

from evidence.access import Actor, require_planning
from evidence.audit import record_audit
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.models import CustomerSegment, Stakeholder, StakeholderIssue, TopicTarget
from evidence.models.base import utcnow
from evidence.models.org import AssessmentYear
from evidence.services.org import find_year, open_year
from evidence.transactions import savepoint

COPIED_SETTINGS = ("basis", "criteria_version", "scoring_method", "claim_mode")
_SYSTEM = ("id", "created_at", "created_by", "updated_at", "updated_by", "version")


@dataclass(frozen=True)
class CarriedYear:
    year: AssessmentYear
    counts: dict[str, int]  # Thai name of what was carried → rows

    def summary(self) -> str:
        parts = ", ".join(f"{name} {n:,} รายการ" for name, n in self.counts.items())
        return f"เปิดรอบการประเมินปี {self.year.year} จากปีก่อนแล้ว: {parts}"


def _copy(row: SQLModel, actor: Actor, **changes: object) -> SQLModel:
    now = utcnow()
    values = {k: v for k, v in row.model_dump(warnings=False).items() if k not in _SYSTEM}
    values.update(created_by=actor.username, updated_by=actor.username, created_at=now, updated_at=now, **changes)
    return type(row)(**values)


def open_year_from(session: Session, actor: Actor, *, enterprise_id: int, year: int, from_year: int) -> CarriedYear:
    """Open `year` from `from_year`; a year opened twice or an unknown source year changes nothing."""
    require_planning(actor, enterprise_id, session=session, attempt="year:open")
    source = find_year(session, enterprise_id, from_year)
    if source is None:
        raise NotFound(f"ยังไม่ได้เปิดรอบการประเมินปี {from_year} จึงยกข้อมูลมาไม่ได้", field="from_year")
    if find_year(session, enterprise_id, year) is not None:
        raise ValidationFailed([FieldProblem("year", f"เปิดรอบการประเมินปี {year} ไว้แล้ว", "ปีประเมิน (พ.ศ.)")])
    if year == from_year:
        raise ValidationFailed([FieldProblem("from_year", "ปีที่ยกข้อมูลมาต้องไม่ใช่ปีเดียวกัน", "ยกมาจากปี")])
    nested = savepoint(session)
    try:
        cycle = open_year(session, actor, enterprise_id=enterprise_id, year=year,
                          **{name: getattr(source, name) for name in COPIED_SETTINGS})
        counts = {
            "เป้าหมายรายหัวข้อ": _carry_rows(session, actor, TopicTarget, enterprise_id, from_year, year),
            "กลุ่มลูกค้า": _carry_rows(session, actor, CustomerSegment, enterprise_id, from_year, year),
            **_carry_profiles(session, actor, enterprise_id, from_year, year),
        }
        record_audit(session, actor, "year:open", enterprise_id=enterprise_id, table_name="assessmentyear",
                     record_id=cycle.id, summary=f"เปิดรอบปี {year} โดยยกข้อมูลจากปี {from_year}",
                     after={"year": year, "from_year": from_year, "counts": counts})
        nested.commit()
    except BaseException:
        nested.rollback()
        raise
    return CarriedYear(cycle, counts)


def _carry_rows(session: Session, actor: Actor, model: type[SQLModel], enterprise_id: int,
                from_year: int, year: int) -> int:
    rows = session.exec(select(model).where(model.enterprise_id == enterprise_id,  # type: ignore[attr-defined]
                                            model.year == from_year)).all()  # type: ignore[attr-defined]
    session.add_all([_copy(row, actor, year=year) for row in rows])
    session.flush()
    return len(rows)


def _carry_profiles(session: Session, actor: Actor, enterprise_id: int, from_year: int, year: int) -> dict[str, int]:
    """Profiles come forward marked to be reviewed (S1); their issues come with them."""
    profiles = session.exec(select(Stakeholder).where(Stakeholder.enterprise_id == enterprise_id,
                                                      Stakeholder.year == from_year)).all()
    new_of: dict[int, Stakeholder] = {}
    for profile in profiles:
        new_of[profile.id or 0] = _copy(profile, actor, year=year, carried_from_year=from_year)  # type: ignore[assignment]
    session.add_all(new_of.values())
    session.flush()
    issues = session.exec(select(StakeholderIssue).where(
        StakeholderIssue.enterprise_id == enterprise_id,
        StakeholderIssue.stakeholder_id.in_(list(new_of)))).all() if new_of else []  # type: ignore[attr-defined]
    session.add_all([_copy(i, actor, stakeholder_id=new_of[i.stakeholder_id].id) for i in issues])
    session.flush()
    return {"Stakeholder Profile (รอทบทวน)": len(profiles), "ประเด็นผู้มีส่วนได้ส่วนเสีย": len(issues)}
