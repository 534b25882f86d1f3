"""Relationship-plan and working-group rules S8 and S9 (FAQ SM9, SM10)."""

from collections import defaultdict
from dataclasses import replace

from criteria.rules.base import Params, ParamSpec, ParamSpecs, Reads, RuleOutcome, bool_param, judge, titles
from criteria.snapshot import EvidenceRef, EvidenceSnapshot

S8_PARAMS: ParamSpecs = {"require_results": ParamSpec("bool", label_th="ทุกแผนที่นับได้ต้องรายงานผลกิจกรรม")}
S9_PARAMS: ParamSpecs = {}

_SOURCE_TH = {
    "own": "แผนของสายงานเอง",
    "customer_relationship": "แผนสร้างความสัมพันธ์กับลูกค้า",
    "staff_communication": "แผนการสื่อสารกับบุคลากร",
    "other_unit_plan": "แผนเดิมของหน่วยงาน",
}


# what the rules read from the records, and the pages whose to-do lists show their gaps
S8_READS = Reads(("relationships",), "relationshipplan")
S9_READS = Reads(("relationships",), "workinggroup")


def s8_existing_plans_count_when_aligned(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S8 (FAQ SM9): there are relationship plans; an existing unit plan (customer relationship plan,
    staff communication plan, …) counts as the relationship plan of its group when it is aligned with
    the stakeholder strategy, and its results, recorded once, serve both the SM and the CM view; with
    `require_results`, every plan that counts reports results of its activities."""
    plans = snapshot.relationship_plans
    counting = [p for p in plans if p.counts]
    problems: list[str] = []
    units: list[str] = []
    not_aligned = [p for p in plans if not p.counts]
    warnings: list[str] = []
    if not counting:
        problems.append("ยังไม่มีแผน/กิจกรรมสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสียที่นับได้")
    if not_aligned:
        note = (
            f"แผนเดิมของหน่วยงานที่ยังไม่ได้ระบุว่าสอดคล้องกับยุทธศาสตร์ด้านผู้มีส่วนได้ส่วนเสีย จึงยังนับไม่ได้ (FAQ SM9): "
            f"{titles([p.ref for p in not_aligned])}"
        )
        if counting:  # the FAQ says such a plan *may* count: one that does not is no gap when others count
            warnings.append(note)
        else:
            problems.append(note)
            units.extend(snapshot.unit_name(p.unit_id) for p in not_aligned if p.unit_id is not None)
    if bool_param(params, "require_results", False):
        silent = [p for p in counting if p.with_results == 0]
        if silent:
            problems.append(f"แผนที่ยังไม่มีผลการดำเนินกิจกรรมบันทึกไว้: {titles([p.ref for p in silent])}")
            units.extend(snapshot.unit_name(p.unit_id) for p in silent if p.unit_id is not None)
    by_source: dict[str, int] = defaultdict(int)
    for plan in counting:
        by_source[plan.source] += 1
    summary = ", ".join(f"{_SOURCE_TH.get(k, k)} {n}" for k, n in sorted(by_source.items()))
    reused = sum(n for k, n in by_source.items() if k != "own")
    outcome = judge(
        problems,
        ok=f"แผนสร้างความสัมพันธ์ที่นับได้ {len(counting)} แผน ({summary})"
        + (f"; แผนเดิมที่สอดคล้อง {reused} แผนรายงานผลครั้งเดียวใช้ได้ทั้งด้าน SM และ CM" if reused else ""),
        evidence=[p.ref for p in counting],
        units=units,
    )
    return replace(outcome, warnings=tuple(warnings))


def s9_working_group_from_every_line(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """S9 (FAQ SM10): stakeholder management is done by a working group (cross-functional team) with
    a representative of every line; a member from a department represents its line."""
    lines = snapshot.lines()
    problems: list[str] = []
    evidence: list[EvidenceRef] = []
    best: tuple[int, list[str]] | None = None
    for group in snapshot.working_groups:
        represented = {snapshot.line_of(u) for u in group.member_unit_ids}
        missing = [line.name for line in lines if line.id not in represented]
        if best is None or len(missing) < best[0]:
            best = (len(missing), missing)
        if not missing:
            evidence.append(group.ref)
    if not snapshot.working_groups:
        problems.append(f"ยังไม่มีคณะทำงานบริหารผู้มีส่วนได้ส่วนเสียในปี {snapshot.year} (FAQ SM10)")
    elif not evidence and best is not None:
        problems.append(f"คณะทำงานยังไม่มีผู้แทนจาก: {', '.join(best[1])}")
    return judge(
        problems,
        ok=f"คณะทำงานมีผู้แทนครบทุกสายงาน ({len(lines)} สายงาน)",
        evidence=evidence or [g.ref for g in snapshot.working_groups],
        units=best[1] if best is not None and not evidence else [],
    )
