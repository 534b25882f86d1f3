"""Enterprises, assessment years and organisational units."""

from sqlmodel import Session, select

from evidence.access import Actor, refuse, require_planning, require_read
from evidence.audit import record_audit, snapshot_of
from evidence.errors import FieldProblem, NotFound, ValidationFailed
from evidence.models.org import AssessmentYear, Enterprise, OrgUnit, UnitKind, YearBasis
from evidence.models.users import Role
from evidence.services.records import create_record
from evidence.validation import validated


def get_enterprise_by_code(session: Session, code: str) -> Enterprise:
    enterprise = session.exec(select(Enterprise).where(Enterprise.code == code)).first()
    if enterprise is None:
        raise NotFound(f"ไม่พบรัฐวิสาหกิจรหัส '{code}'", field="enterprise")
    return enterprise


def list_enterprises(session: Session, actor: Actor) -> list[Enterprise]:
    rows = session.exec(select(Enterprise).order_by(Enterprise.code)).all()
    if actor.role == Role.ADMIN:
        return list(rows)
    if actor.role == Role.ASSESSOR:
        return [e for e in rows if e.id in actor.assessed_enterprise_ids]
    return [e for e in rows if e.id == actor.enterprise_id]


def create_enterprise(
    session: Session, actor: Actor, *, code: str, name_th: str, name_en: str | None = None,
    year_basis: YearBasis | str = YearBasis.FISCAL, top_executive_title: str | None = None,
) -> Enterprise:
    """Onboarding: a new enterprise (tenant); its years are opened on `year_basis` unless told otherwise."""
    if actor.role != Role.ADMIN:
        refuse(actor, "เฉพาะผู้ดูแลระบบเท่านั้นที่เพิ่มรัฐวิสาหกิจได้", session=session, table_name="enterprise",
               attempt="enterprise:create")
    if session.exec(select(Enterprise).where(Enterprise.code == code)).first():
        raise ValidationFailed([FieldProblem("code", f"มีรัฐวิสาหกิจรหัส '{code}' อยู่แล้ว", "รหัสรัฐวิสาหกิจ")])
    values: dict[str, object] = {"code": code, "name_th": name_th, "name_en": name_en, "year_basis": year_basis}
    if top_executive_title:
        values["top_executive_title"] = top_executive_title
    enterprise = validated(Enterprise, values)
    session.add(enterprise)
    session.flush()
    record_audit(session, actor, "create", enterprise_id=enterprise.id, table_name="enterprise",
                 record_id=enterprise.id, after=snapshot_of(enterprise))
    return enterprise


def open_year(session: Session, actor: Actor, *, enterprise_id: int, year: int, **settings: object) -> AssessmentYear:
    """Open an assessment cycle for a Buddhist-Era year (fiscal by default)."""
    require_planning(actor, enterprise_id, session=session)
    existing = find_year(session, enterprise_id, year)
    if existing:
        raise ValidationFailed([FieldProblem("year", f"เปิดรอบการประเมินปี {year} ไว้แล้ว", "ปีประเมิน (พ.ศ.)")])
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is not None and "basis" not in settings:
        settings["basis"] = enterprise.year_basis
    return create_record(session, actor, AssessmentYear, {"enterprise_id": enterprise_id, "year": year, **settings})


def find_year(session: Session, enterprise_id: int, year: int) -> AssessmentYear | None:
    return session.exec(
        select(AssessmentYear).where(AssessmentYear.enterprise_id == enterprise_id, AssessmentYear.year == year)
    ).first()


def list_years(session: Session, actor: Actor, enterprise_id: int) -> list[AssessmentYear]:
    require_read(actor, enterprise_id, session=session)
    return list(session.exec(
        select(AssessmentYear).where(AssessmentYear.enterprise_id == enterprise_id).order_by(AssessmentYear.year)
    ).all())


def list_units(session: Session, actor: Actor, enterprise_id: int) -> list[OrgUnit]:
    require_read(actor, enterprise_id, session=session)
    return list(session.exec(
        select(OrgUnit).where(OrgUnit.enterprise_id == enterprise_id).order_by(OrgUnit.code)
    ).all())


def lines_of(units: list[OrgUnit]) -> list[OrgUnit]:
    """Lines of business reporting to the top executive (S3); a department directly under the top
    executive (no line, `reports_to_top`) is listed by `top_departments_of`."""
    return [u for u in units if u.kind == UnitKind.LINE and u.reports_to_top and u.active]


def top_departments_of(units: list[OrgUnit]) -> list[OrgUnit]:
    """Departments with no line that report straight to the top executive (S3)."""
    return [u for u in units if u.kind == UnitKind.DEPARTMENT and u.parent_id is None and u.reports_to_top
            and u.active]


def line_of(units: list[OrgUnit], unit_id: int) -> OrgUnit | None:
    """The line a unit rolls up to (S3: departments roll up to their line)."""
    by_id = {u.id: u for u in units}
    unit = by_id.get(unit_id)
    while unit is not None and unit.kind != UnitKind.LINE:
        unit = by_id.get(unit.parent_id) if unit.parent_id else None
    return unit


def add_unit(
    session: Session, actor: Actor, *, enterprise_id: int, code: str, name_th: str, kind: UnitKind,
    parent_code: str | None = None, reports_to_top: bool = True,
) -> OrgUnit:
    require_planning(actor, enterprise_id, session=session)
    parent_id = None
    if parent_code:
        parent = session.exec(
            select(OrgUnit).where(OrgUnit.enterprise_id == enterprise_id, OrgUnit.code == parent_code)
        ).first()
        if parent is None:
            raise ValidationFailed([FieldProblem("parent_id", f"ไม่พบหน่วยงานต้นสังกัดรหัส '{parent_code}'", "สังกัด")])
        parent_id = parent.id
    if session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == enterprise_id, OrgUnit.code == code)).first():
        raise ValidationFailed([FieldProblem("code", f"มีหน่วยงานรหัส '{code}' อยู่แล้ว", "รหัสหน่วยงาน")])
    if kind == UnitKind.DEPARTMENT and parent_id is None and not reports_to_top:
        raise ValidationFailed([FieldProblem(
            "parent_id", "ฝ่ายต้องสังกัดสายงาน หรือระบุว่ารายงานตรงต่อผู้บริหารสูงสุด", "สังกัด")])
    return create_record(session, actor, OrgUnit, {
        "enterprise_id": enterprise_id, "code": code, "name_th": name_th, "kind": kind,
        "parent_id": parent_id, "reports_to_top": reports_to_top and (kind == UnitKind.LINE or parent_id is None),
    })


def configure_year(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, expected_version: int,
    criteria_version: str, scoring_method: str, claim_mode: str, fact_mode: str | None = None,
) -> AssessmentYear:
    """Pin the criteria version, scoring method, claim mode and fact mode (declared facts not found in
    their document count or not) an assessment year is scored with."""
    from evidence.services.criteria_versions import resolve_criteria
    from evidence.services.records import update_record

    require_planning(actor, enterprise_id, session=session)
    cycle = find_year(session, enterprise_id, year)
    if cycle is None:
        raise NotFound(f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field="year")
    criteria = resolve_criteria(session, criteria_version)
    if scoring_method not in criteria.scoring.methods:
        raise ValidationFailed([FieldProblem("scoring_method", f"เกณฑ์ฉบับ {criteria_version} ไม่มีวิธีคิดคะแนน "
                                             f"'{scoring_method}'", "วิธีคิดคะแนน")])
    return update_record(session, actor, AssessmentYear, cycle.id or 0, expected_version=expected_version, changes={
        "criteria_version": criteria_version, "scoring_method": scoring_method, "claim_mode": claim_mode,
        "fact_mode": fact_mode or cycle.fact_mode})
