"""Criteria versions: the shipped YAML files plus versions an administrator made in the portal.

A published version is never edited: an edit of weights or texts creates a new version (stored in
the database as YAML), and every assessment year pins the version it is scored with.
"""

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, select

from criteria.errors import CriteriaError
from criteria.loader import criteria_from_text, list_versions, load_criteria, new_version
from criteria.schema import Criteria
from evidence.access import Actor, refuse
from evidence.audit import record_audit
from evidence.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from evidence.models import AssessmentYear
from evidence.models.assessment import CriteriaVersionRecord
from evidence.models.users import Role


def available_versions(session: Session) -> list[tuple[str, int, str]]:
    """(version, year, where) for every version: shipped files first, then portal-made ones."""
    shipped = [(v, year, "ไฟล์เกณฑ์ที่มากับระบบ") for v, year, _ in list_versions()]
    made = [(r.version, r.year, f"ปรับโดย {r.created_by}") for r in
            session.exec(select(CriteriaVersionRecord).order_by(CriteriaVersionRecord.id)).all()]
    return shipped + made


@lru_cache(maxsize=16)
def _shipped(path: str, modified: float) -> Criteria:
    """A shipped criteria file, parsed and validated once per change of the file (Criteria is frozen)."""
    return load_criteria(path)


def resolve_criteria(session: Session, version: str) -> Criteria:
    """The criteria of `version`, from the shipped files or the database."""
    for v, _year, path in list_versions():
        if v == version:
            return _shipped(str(path), Path(path).stat().st_mtime)
    record = session.exec(select(CriteriaVersionRecord).where(CriteriaVersionRecord.version == version)).first()
    if record is None:
        raise NotFound(f"ไม่พบเกณฑ์ฉบับ '{version}'", field="criteria_version")
    return _made(record.yaml_text, f"ฉบับ {version}")


@lru_cache(maxsize=16)
def _made(yaml_text: str, source: str) -> Criteria:
    """A version made in the portal, parsed and validated once per text (a stored version is never edited)."""
    return criteria_from_text(yaml_text, source=source)


def create_version(
    session: Session,
    actor: Actor,
    *,
    based_on: str,
    version: str,
    weights: Mapping[str, float] | None = None,
    texts: Mapping[str, str] | None = None,
    note: str | None = None,
) -> Criteria:
    """An administrator's edit of weights and texts, saved as a new version."""
    if actor.role != Role.ADMIN:
        refuse(actor, "เฉพาะผู้ดูแลระบบเท่านั้นที่ปรับเกณฑ์ได้", session=session, table_name="criteriaversion",
               attempt="criteria:create")
    if any(v == version for v, _, _ in available_versions(session)):
        raise ValidationFailed([FieldProblem("version", f"มีเกณฑ์ฉบับ '{version}' อยู่แล้ว", "ฉบับเกณฑ์")])
    base = resolve_criteria(session, based_on)
    try:
        edited = new_version(base, version=version, weights=weights, texts=texts, change_note_th=note)
    except CriteriaError as exc:
        raise DomainError("เกณฑ์ฉบับใหม่ไม่ถูกต้อง: " + "; ".join(exc.problems)) from None
    session.add(CriteriaVersionRecord(version=version, year=edited.year, yaml_text=edited.to_yaml(),
                                      based_on=based_on, created_by=actor.username))
    record_audit(session, actor, "criteria:new-version", table_name="criteriaversionrecord",
                 summary=f"{based_on} → {version}", after={"weights": dict(weights or {}), "texts": dict(texts or {})})
    return edited


def year_criteria(session: Session, enterprise_id: int, year: int) -> Criteria:
    """The criteria version an opened assessment year is scored with (no access check: callers check)."""
    cycle = session.exec(
        select(AssessmentYear).where(AssessmentYear.enterprise_id == enterprise_id, AssessmentYear.year == year)
    ).first()
    if cycle is None:
        raise NotFound(f"ยังไม่ได้เปิดรอบการประเมินปี {year}", field="year")
    return resolve_criteria(session, cycle.criteria_version)


def item_kind(criteria: Criteria, item_id: str) -> str:
    """`rule` or `judgement`; an id the criteria do not hold is a Thai error on the field `item_id`."""
    try:
        return criteria.item(item_id).kind
    except KeyError:
        raise ValidationFailed(
            [FieldProblem("item_id", f"ไม่พบรายการ '{item_id}' ในเกณฑ์ฉบับ {criteria.version}", "รายการเกณฑ์")]
        ) from None
