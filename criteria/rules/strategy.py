"""Strategy and segmentation rules P1 and P2 (policy §1, §2; criteria CM 1.1 level 3, CM 2)."""

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
    titles,
)
from criteria.snapshot import EvidenceRef, EvidenceSnapshot
from criteria.vocabulary import CASCADE_TARGETS, PLAN_KINDS, labels

P1_PARAMS: ParamSpecs = {
    "plans": ParamSpec("list", PLAN_KINDS),
    "cascade_to": ParamSpec("list", CASCADE_TARGETS),
}
P2_PARAMS: ParamSpecs = {"min_segments": ParamSpec("int"), "require_profile": ParamSpec("bool")}


# what the rules read from the records, and the pages whose to-do lists show their gaps
P1_READS = Reads(("plans",), "strategyplan")
P2_READS = Reads(("segments",), "customersegment")


def p1_strategy_cascaded(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """P1 (policy §1.2–1.3; criteria CM 1.1 level 3): the strategy is turned into long-term and annual
    action plans with complete components, communicated, and KPIs are cascaded to units, staff and
    external partners."""
    problems: list[str] = []
    kinds = list_param(params, "plans", ("long_term_action", "annual_action"))
    for kind in kinds:
        plans = [p for p in snapshot.plans if p.kind == kind]
        label = PLAN_KINDS.get(kind, kind)
        if not plans:
            problems.append(f"ยังไม่มี{label}")
            continue
        if not any(p.components_complete for p in plans):
            problems.append(f"{label} {titles([p.ref for p in plans])} ยังมีองค์ประกอบไม่ครบถ้วน")
        if not any(p.communicated for p in plans):
            problems.append(f"{label} {titles([p.ref for p in plans])} ยังไม่ได้สื่อสารไปยังผู้เกี่ยวข้อง")
    cascaded = frozenset().union(*(p.cascade_targets for p in snapshot.plans))
    missing = [t for t in list_param(params, "cascade_to", tuple(CASCADE_TARGETS)) if t not in cascaded]
    if missing:
        problems.append(f"ยังไม่ได้ถ่ายทอดตัวชี้วัดและเป้าหมายไปยัง{labels(missing, CASCADE_TARGETS)}")
    return judge(
        problems,
        ok=f"ถ่ายทอดสู่{labels(kinds, PLAN_KINDS)} ครบองค์ประกอบ สื่อสารแล้ว และถ่ายทอดตัวชี้วัดครบ",
        evidence=[p.ref for p in snapshot.plans if p.kind in kinds],
    )


def p2_segments_defined(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """P2 (policy §2.1–2.2): customer segments are defined with their variables (product/service,
    demographic, geographic, business type or size); with `require_profile`, every segment has a
    Customer Segment Profile (needs, expectations, risks)."""
    stats = snapshot.segments
    minimum = int_param(params, "min_segments", 1)
    problems: list[str] = []
    if stats.total < minimum:
        problems.append(f"กำหนดกลุ่มลูกค้า {stats.total} กลุ่ม ต้องมีอย่างน้อย {minimum} กลุ่ม")
    if stats.total and not stats.target_codes:
        problems.append("ยังไม่ได้ระบุกลุ่มลูกค้าเป้าหมาย")
    if stats.without_variables:
        problems.append(f"กลุ่มลูกค้าที่ยังไม่ระบุตัวแปรการจำแนก: {titles(stats.without_variables)}")
    if bool_param(params, "require_profile", False) and stats.without_profile:
        problems.append(
            f"กลุ่มลูกค้าที่ยังไม่มีข้อมูลกลุ่ม (ความต้องการ ความคาดหวัง ความเสี่ยง): {titles(stats.without_profile)}"
        )
    return judge(problems, ok=f"กำหนดกลุ่มลูกค้า {stats.total} กลุ่มพร้อมตัวแปรการจำแนก")


IMPROVEMENT_PLAN_KINDS = ("customer_strategy", "annual_action")


def improvement_in_plans(
    snapshot: EvidenceSnapshot, topic: str = "complaint_handling", kinds: tuple[str, ...] = IMPROVEMENT_PLAN_KINDS
) -> tuple[list[str], list[EvidenceRef]]:
    """C10's plan side (FAQ CM9): the year's customer strategy AND annual action plan each list the
    improvement `topic`; (problems, the plans that list it)."""
    problems: list[str] = []
    found: list[EvidenceRef] = []
    for kind in kinds:
        plans = [p for p in snapshot.plans if p.kind == kind]
        listing = [p for p in plans if topic in p.improvement_topics]
        label = PLAN_KINDS.get(kind, kind)
        if not plans:
            problems.append(f"ยังไม่มี{label}ของปี {snapshot.year}")
        elif not listing:
            problems.append(f"{label} {titles([p.ref for p in plans])} ยังไม่มีแผนพัฒนา/ปรับปรุงการจัดการข้อร้องเรียน")
        found.extend(p.ref for p in listing)
    return problems, found
