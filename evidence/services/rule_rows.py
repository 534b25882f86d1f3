"""The register rows each rule read, row by row, with the rule's verdict where it judges rows (issue 15 §2).

Scoring reads aggregates (`evidence.snapshot`); an assessor checks a verdict row by row. Each rule
declares here the record families it reads (`RULE_FAMILIES`); the rows of a family are selected with
the filter the snapshot applies to that family (the enterprise, the assessment year, approved records
only, the units of the line in scope), so the rows listed are the rows counted. Where a rule judges
rows one by one, the row carries its verdict and the reason:

- S1, S2, S6 (Stakeholder Profiles): the required fields present (`evidence.snapshot.profile_gaps`,
  the very conditions the snapshot counts) and, for S1 with `max_age_months`, a review within that
  many months of the as-of date and no carried-forward profile waiting for its review;
- P5 (complaint cases): the hours of each stage against its time standard; a case not yet at a stage
  whose standard has passed is overdue (as the snapshot measures it).

This module only reads; it does not change how scoring works, and costs nothing when no pack is made.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Literal

from sqlalchemy import ColumnElement, and_, case, or_, select, true
from sqlmodel import Session, SQLModel, col

from criteria.schema import Criteria
from criteria.vocabulary import COMPLAINT_STAGES, PROFILE_FIELDS
from evidence.access import Actor, require_read, unit_scope
from evidence.excel.schema import BY_KEY, VERSION_COLUMN, Column, Family, Kind
from evidence.masking import mask
from evidence.models import ComplaintCase, ComplaintStandard, Stakeholder
from evidence.services.org import find_year
from evidence.snapshot import profile_gaps
from evidence.thai_dates import thai_date, thai_datetime
from evidence.validation import pii_kind

Verdict = Literal["pass", "fail"]
VERDICT_TH: dict[str, str] = {"pass": "ผ่าน", "fail": "ไม่ผ่าน"}

# Rule id (as in the criteria YAML and `criteria.rules`) → the workbook families it reads.
RULE_FAMILIES: dict[str, tuple[str, ...]] = {
    "S1": ("stakeholders",), "S2": ("stakeholders",), "S3": ("units", "stakeholders"),
    "S4": ("stakeholders", "relationship_plans"), "S5": ("stakeholders", "vos"), "S6": ("stakeholders", "issues"),
    "S7": ("stakeholders", "issues", "relationship_plans", "activities"), "S8": ("relationship_plans",),
    "S9": ("relationship_plans",), "S10": ("risks",),
    "C1": ("complaint_policies", "approvals", "bodies"), "C2": ("approvals", "bodies"),
    "C3": ("charters", "service_standards"), "C4": ("charters",), "C5": ("charters", "approvals"),
    "C6": ("charters", "listening_channels"), "C7": ("voc", "voc_reports"), "C8": ("surveys",),
    "C9": ("minutes", "service_standards", "bodies"), "C10": ("plans", "complaint_policies"),
    "C11": ("listening_channels", "segments"), "C12": ("surveys", "segments"),
    "C13": ("complaint_channels", "complaint_standards", "complaints"),
    "P1": ("plans", "kpis", "approvals"), "P2": ("segments",), "P3": ("listening_channels", "voc", "voc_reports"),
    "P5": ("complaint_standards", "complaints"), "U1": ("actions",),
}
# Families whose rows without a unit are not counted for a line (the snapshot's `shared=False`).
_OWN_UNIT_ONLY = frozenset({"stakeholders", "vos", "complaints"})
_UNIT_COLUMNS = ("org_unit_id", "owner_unit_id")
_PROFILE_RULES = {"S1": ("role", "key_issues", "representative", "relationship_level"),
                  "S2": ("status", "working_model", "relationship_level"), "S6": ("importance", "enterprise_needs")}
_STAGE_COLUMNS = {"acknowledge": "acknowledged_at", "respond": "responded_at", "resolve": "resolved_at"}


@dataclass(frozen=True)
class RuleRow:
    record_id: int
    code: str  # the row's natural key as the workbook writes it
    cells: tuple[str, ...]
    verdict: Verdict | None = None
    reason: str = ""


@dataclass(frozen=True)
class RuleRows:
    """The rows rules read from one family: `judged` when the rule passes or fails rows one by one.

    `rows()` streams them from the database (a register may hold 500,000 VOC records); rules that
    read the very same rows without judging them (C7 and P3 both read the year's VOC) share one entry."""

    rule_ids: tuple[str, ...]
    item_ids: tuple[str, ...]
    family: str
    family_th: str
    headers: tuple[str, ...]
    judged: bool
    reader: Callable[[], Iterator[RuleRow]] = field(compare=False, repr=False)

    @property
    def rule_id(self) -> str:
        return ", ".join(self.rule_ids)

    def rows(self) -> Iterator[RuleRow]:
        return self.reader()


@dataclass(frozen=True)
class _Scope:
    session: Session
    enterprise_id: int
    year: int
    unit_ids: frozenset[int] | None
    as_of: date
    masked: bool


def subtopic_rule_rows(
    session: Session, actor: Actor, *, enterprise_id: int, year: int, criteria: Criteria, subtopic_code: str,
    division_id: int | None = None, as_of: date | None = None, masked: bool = True,
) -> tuple[RuleRows, ...]:
    """Per rule of the sub-topic (each rule and parameter set once) and family it reads, the rows read."""
    require_read(actor, enterprise_id, session=session)
    cycle = find_year(session, enterprise_id, year)
    last_day = cycle.bounds()[1] if cycle is not None else date(year - 543, 9, 30)
    scope = _Scope(session, enterprise_id, year, unit_scope(session, division_id) if division_id else None,
                   as_of or min(date.today(), last_day), masked)
    rules: dict[tuple[str, str], tuple[str, Mapping[str, object], list[str]]] = {}
    for _, item in criteria.subtopic(subtopic_code).items():
        if item.rule is not None:
            key = (item.rule.id, repr(sorted(item.rule.params.items())))
            rules.setdefault(key, (item.rule.id, item.rule.params, []))[2].append(item.id)
    out: dict[tuple[object, ...], RuleRows] = {}
    for rule_id, params, item_ids in rules.values():
        for key in RULE_FAMILIES.get(rule_id, ()):
            if key not in BY_KEY:
                continue  # documents and approvals a rule reads are cited by the item itself
            family = BY_KEY[key]
            judge = _judge_for(scope, rule_id, params, family)
            # rows read alike (same family and filter, no verdict) are listed once for all rules reading them
            same: tuple[object, ...] = ((key, _narrow_key(rule_id, params, family)) if judge is None
                                        else (key, rule_id, repr(sorted(params.items()))))
            if same in out:
                known = out[same]
                out[same] = replace(known, rule_ids=tuple(dict.fromkeys((*known.rule_ids, rule_id))),
                                    item_ids=(*known.item_ids, *item_ids))
            else:
                out[same] = _read(scope, rule_id, params, tuple(item_ids), family, judge)
    return tuple(out.values())


def _read(scope: _Scope, rule_id: str, params: Mapping[str, object], item_ids: tuple[str, ...],
          family: Family, judge: "_Judge | None") -> RuleRows:
    model = family.model
    extra = judge.extra if judge else {}
    query = (select(model).where(_filter(scope, family), _narrowed(rule_id, params, family))
             .order_by(*(col(getattr(model, n)) for n in family.natural_key)))
    query = query.add_columns(*extra.values()) if extra else query
    columns = [c for c in family.columns if c.field != VERSION_COLUMN.field and c.field != "review_comment"]

    def rows() -> Iterator[RuleRow]:
        names = _Names(scope.session, columns)  # referenced names loaded before the rows stream
        for found in scope.session.execute(query.execution_options(yield_per=1000)):
            record, values = found[0], dict(zip(extra, found[1:], strict=True))
            cells = tuple(names.shown(c, getattr(record, c.field, None),
                                      pii_kind(model, c.field) if scope.masked else None) for c in columns)
            code = " / ".join(names.shown(family.by_field[n], getattr(record, n), None) for n in family.natural_key)
            verdict, reason, more = judge.row(record, values) if judge else (None, "", ())
            scope.session.expunge(record)  # streamed: the identity map does not keep 500,000 rows
            yield RuleRow(int(record.id), code, cells + more, verdict, reason)

    headers = tuple(c.header for c in columns) + (judge.headers if judge else ())
    return RuleRows((rule_id,), item_ids, family.key, family.sheet, headers, judge is not None, rows)


def _narrow_key(rule_id: str, params: Mapping[str, object], family: Family) -> str:
    return repr((params.get("source"), params.get("kinds"))) if rule_id == "U1" and family.key == "actions" else ""


def _filter(scope: _Scope, family: Family) -> ColumnElement[bool]:
    """The snapshot's filter of this family: enterprise, year (or the year of the parent record),
    approved records, units in scope."""
    model: type[SQLModel] = family.model
    table = model.__table__  # type: ignore[attr-defined]
    parts: list[ColumnElement[bool]] = []
    if "enterprise_id" in table.c:
        parts.append(table.c.enterprise_id == scope.enterprise_id)
    if "year" in table.c:
        parts.append(table.c.year == scope.year)
    elif family.year_via:
        parent = family.refs[family.year_via].targets[""].__table__  # type: ignore[attr-defined]
        of_year = [parent.c.year == scope.year] + ([parent.c.status == "approved"] if "status" in parent.c else [])
        parts.append(table.c[family.year_via].in_(select(parent.c.id).where(*of_year)))
    if "status" in table.c:
        parts.append(table.c.status == "approved")
    unit = next((table.c[n] for n in _UNIT_COLUMNS if n in table.c), None)
    if scope.unit_ids is not None and family.key == "units":
        parts.append(table.c.id.in_(scope.unit_ids))
    elif scope.unit_ids is not None and unit is not None:
        in_scope = unit.in_(scope.unit_ids)
        parts.append(in_scope if family.key in _OWN_UNIT_ONLY else or_(in_scope, unit.is_(None)))
    if family.key == "units":
        parts.append(table.c.active.is_(True))
    return and_(true(), *parts)


def _narrowed(rule_id: str, params: Mapping[str, object], family: Family) -> ColumnElement[bool]:
    """U1 reads only the actions using results of its `source`, of the `kinds` it names."""
    if rule_id == "U1" and family.key == "actions":
        table = family.model.__table__  # type: ignore[attr-defined]
        kinds = tuple(params.get("kinds") or ("improvement",))  # type: ignore[arg-type]
        return and_(table.c.source == str(params.get("source", "voc")), table.c.kind.in_(kinds))
    return true()


class _Names:
    """Cells as a person reads them: Thai labels of codes, the code of a referenced record, ใช่/ไม่ใช่,
    Buddhist-Era dates; personal data masked. One query per referenced table."""

    def __init__(self, session: Session, columns: Iterable[Column]) -> None:
        self.session = session
        self.refs: dict[tuple[str, str], dict[int, str]] = {}
        for column in columns:
            if column.kind == Kind.REF and column.ref is not None and "" in column.ref.targets:
                self._names_of(column.ref.targets[""], column.ref.by)

    def _names_of(self, model: type[SQLModel], by: str) -> dict[int, str]:
        key = (model.__tablename__, by)  # type: ignore[attr-defined]
        if key not in self.refs:
            table = model.__table__  # type: ignore[attr-defined]
            self.refs[key] = {int(i): str(v) for i, v in self.session.execute(select(table.c.id, table.c[by]))}
        return self.refs[key]

    def shown(self, column: Column, value: object, pii: str | None) -> str:
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, Enum):
            value = value.value
        if pii and isinstance(value, str):
            return str(mask(pii, value))
        if column.kind == Kind.REF and column.ref is not None and "" in column.ref.targets:
            return self._names_of(column.ref.targets[""], column.ref.by).get(int(value), str(value))  # type: ignore[call-overload]
        if column.kind == Kind.CHOICE:
            return column.choices.get(str(value), str(value))
        if isinstance(value, bool):
            return "ใช่" if value else "ไม่ใช่"
        if isinstance(value, list | tuple):
            return ", ".join(column.choices.get(str(v), str(v)) for v in value)
        if isinstance(value, datetime):
            return thai_datetime(value)
        if isinstance(value, date):
            return thai_date(value, short=True)
        return str(value)


@dataclass(frozen=True)
class _Judge:
    headers: tuple[str, ...]
    extra: Mapping[str, ColumnElement[object]]
    row: object  # (record, extra values) -> (verdict, reason, more cells)


def _judge_for(scope: _Scope, rule_id: str, params: Mapping[str, object], family: Family) -> _Judge | None:
    if rule_id in _PROFILE_RULES and family.key == "stakeholders":
        return _profile_judge(scope, rule_id, params)
    if rule_id == "P5" and family.key == "complaints":
        return _complaint_judge(scope, params)
    if rule_id == "U1" and family.key == "actions":
        return _action_judge(params)
    return None


_ACTION_FACTS = {"evaluation_cycle": "รอบการประเมินหรือติดตามที่ระบุวันที่", "lessons_learned": "บทเรียนที่ได้",
                 "change_made": "การเปลี่ยนแปลงที่ทำจริง", "done": "ดำเนินการแล้วเสร็จ"}


def _action_judge(params: Mapping[str, object]) -> _Judge | None:
    """U1: an action counts for an item that needs facts (a dated evaluation, lessons, a change, done)
    only when it shows every one of them."""
    needs = [*tuple(params.get("needs") or ())]  # type: ignore[arg-type]
    if params.get("require_done") and "done" not in needs:
        needs.append("done")
    if not needs:
        return None

    def held(action: object, fact: str) -> bool:
        if fact == "evaluation_cycle":
            return getattr(action, "evaluated_on", None) is not None
        if fact == "done":
            status = getattr(action, "action_status", None)
            return str(getattr(status, "value", status)) == "done"
        return bool(str(getattr(action, fact, None) or "").strip())

    def row(action: object, _values: Mapping[str, object]) -> tuple[Verdict, str, tuple[str, ...]]:
        lacking = [_ACTION_FACTS.get(f, f) for f in needs if not held(action, f)]
        return ("fail" if lacking else "pass"), ("ขาด" + ", ".join(lacking)) if lacking else "", ()

    return _Judge((), {}, row)


def _profile_judge(scope: _Scope, rule_id: str, params: Mapping[str, object]) -> _Judge:
    """S1, S2, S6: the profile holds the required fields (and, S1 with currency, was reviewed in time)."""
    fields = tuple(params.get("required_fields") or _PROFILE_RULES[rule_id])  # type: ignore[arg-type]
    max_age = params.get("max_age_months") if rule_id == "S1" else None
    gaps = profile_gaps()
    extra = {f: case((gaps[f], True), else_=False) for f in fields if f in gaps}

    def row(record: Stakeholder, values: Mapping[str, object]) -> tuple[Verdict, str, tuple[str, ...]]:
        problems = [f"ขาด{PROFILE_FIELDS.get(f, f)}" for f in extra if values[f]]
        if max_age is not None:
            reviewed = record.reviewed_on
            if reviewed is None:
                problems.append("ยังไม่ได้ทบทวน")
            elif _months_between(reviewed, scope.as_of) > int(max_age):  # type: ignore[call-overload]
                problems.append(f"ทบทวนล่าสุดเกิน {max_age} เดือน")
            if record.carried_from_year is not None:
                problems.append(f"ยกมาจากปี {record.carried_from_year} รอการทบทวน")
        return ("fail" if problems else "pass"), "; ".join(problems), ()

    return _Judge((), extra, row)


def _months_between(earlier: date, later: date) -> int:
    """Whole months, as the snapshot counts the age of a review (S1)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (1 if later.day < earlier.day else 0)


def _complaint_judge(scope: _Scope, params: Mapping[str, object]) -> _Judge:
    """P5: each stage's hours against its standard; a case passes when every measured stage is within."""
    wanted = tuple(params.get("stages") or COMPLAINT_STAGES)  # type: ignore[arg-type]
    found = dict(scope.session.execute(select(ComplaintStandard.stage, ComplaintStandard.max_hours).where(
        ComplaintStandard.enterprise_id == scope.enterprise_id, ComplaintStandard.year == scope.year,
        col(ComplaintStandard.status) == "approved")).all())
    standards = {s: float(found[s]) for s in COMPLAINT_STAGES if s in found and s in wanted}
    timed = [s for s in standards if s in _STAGE_COLUMNS]
    end_of_day = datetime.combine(scope.as_of, time.max)
    headers = tuple(f"{COMPLAINT_STAGES[s]} (ชม. / มาตรฐาน {standards[s]:g})" for s in timed)

    def row(case_: ComplaintCase, _values: Mapping[str, object]) -> tuple[Verdict | None, str, tuple[str, ...]]:
        cells, late = [], []
        for stage in timed:
            reached: datetime | None = getattr(case_, _STAGE_COLUMNS[stage])
            hours = standards[stage]
            if reached is not None:
                took = (reached - case_.received_at).total_seconds() / 3600
                cells.append(f"{took:,.1f}")
                if took > hours:
                    late.append(f"{COMPLAINT_STAGES[stage]} {took:,.1f} ชม. เกินมาตรฐาน {hours:g} ชม.")
            elif case_.received_at < end_of_day - timedelta(hours=hours):
                cells.append("ยังไม่ถึงขั้นตอน (เกินกำหนด)")
                late.append(f"{COMPLAINT_STAGES[stage]} เกินกำหนด {hours:g} ชม. แล้วยังไม่ดำเนินการ")
            else:
                cells.append("ยังไม่ถึงขั้นตอน")
        return ("fail" if late else "pass"), "; ".join(late), tuple(cells)

    return _Judge(headers, {}, row)


__all__ = ["RULE_FAMILIES", "VERDICT_TH", "RuleRow", "RuleRows", "subtopic_rule_rows"]
