"""Rule P4 (policy §4; criteria CM4; FAQ CM2): product and service development and innovation projects."""

from criteria.rules.base import (
    Params,
    ParamSpec,
    ParamSpecs,
    Reads,
    RuleOutcome,
    bool_param,
    int_param,
    judge,
    list_param,
    str_param,
    titles,
)
from criteria.snapshot import EvidenceSnapshot, ProjectFact
from criteria.vocabulary import PROJECT_FACTS, PROJECT_KINDS, labels

P4_PARAMS: ParamSpecs = {
    "facts": ParamSpec("list", PROJECT_FACTS, label_th="สิ่งที่โครงการต้องแสดง"),
    "kinds": ParamSpec("list", PROJECT_KINDS, label_th="ประเภทโครงการที่ตรวจ"),
    "coverage": ParamSpec("str", ("any", "all"), label_th="ขอบเขต (บางโครงการ/ทุกโครงการ)"),
    "done_only": ParamSpec("bool", label_th="ตรวจเฉพาะโครงการที่แล้วเสร็จ"),
    "min_projects": ParamSpec("int", label_th="จำนวนโครงการขั้นต่ำ"),
}


# what the rules read from the records, and the pages whose to-do lists show their gaps
P4_READS = Reads(("projects",), "developmentproject")


def p4_development_and_innovation(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """P4 (policy §4.2; criteria CM4; FAQ CM2): development and innovation projects answer VOC, apply
    risk management and KM, track targets and measure outcomes (project efficiency, customer value,
    business results); an innovation states why it is one and how its outcome is measured. `facts`
    names what each project must show; `coverage` "any" (some projects, level 1) or "all"; `kinds`
    limits the projects read (innovation apart from development, FAQ CM2); `done_only` reads finished
    projects only (outcomes and evaluations exist after the work)."""
    kinds = list_param(params, "kinds", tuple(PROJECT_KINDS))
    facts = frozenset(list_param(params, "facts", ("answers_voc",)))
    coverage = str_param(params, "coverage", "any")
    minimum = int_param(params, "min_projects", 1)
    projects = [p for p in snapshot.projects if p.kind in kinds]
    if bool_param(params, "done_only", False):
        projects = [p for p in projects if p.status == "done"]
    good = [p for p in projects if facts <= p.facts]
    lacking = [p for p in projects if not facts <= p.facts]
    kinds_th = labels(kinds, PROJECT_KINDS)
    problems: list[str] = []
    if len(projects) < minimum:
        done = " ที่แล้วเสร็จ" if bool_param(params, "done_only", False) else ""
        problems.append(f"มีโครงการ{kinds_th}{done} {len(projects)} โครงการ ต้องมีอย่างน้อย {minimum} โครงการ")
    elif coverage == "all" and lacking:
        problems.extend(_gaps(lacking, facts))
    elif coverage != "all" and not good:
        problems.append(f"ยังไม่มีโครงการ{kinds_th}ที่แสดง{labels(sorted(facts), PROJECT_FACTS)}ครบ")
        problems.extend(_gaps(lacking, facts))
    units = [snapshot.unit_name(p.owner_unit_id) for p in lacking if p.owner_unit_id is not None]
    scope = "ทุกโครงการ" if coverage == "all" else f"{len(good)} โครงการ"
    return judge(
        problems,
        ok=f"โครงการ{kinds_th} {scope} แสดง{labels(sorted(facts), PROJECT_FACTS)}ครบ",
        evidence=[p.ref for p in (good or projects)],
        units=units if problems else [],
    )


def _gaps(projects: list[ProjectFact], facts: frozenset[str]) -> list[str]:
    by_fact: dict[str, list[ProjectFact]] = {}
    for project in projects:
        for fact in sorted(facts - project.facts):
            by_fact.setdefault(fact, []).append(project)
    return [
        f"โครงการที่ยังขาด{PROJECT_FACTS.get(f, f)}: {titles([p.ref for p in ps])}"
        for f, ps in sorted(by_fact.items(), key=lambda x: list(PROJECT_FACTS).index(x[0]) if x[0] in PROJECT_FACTS else 99)
    ]
