"""Listening rules C7, C11 and P3 (FAQ CM8; policy §3): VOC aspects, channel reach, quarterly reports."""

from criteria.rules.base import (
    Params,
    ParamSpec,
    ParamSpecs,
    RuleOutcome,
    bool_param,
    int_param,
    judge,
    list_param,
)
from criteria.snapshot import EvidenceSnapshot
from criteria.vocabulary import CUSTOMER_GROUPS, VOC_ASPECTS, labels

C7_PARAMS: ParamSpecs = {"aspects": ParamSpec("list", VOC_ASPECTS), "min_records": ParamSpec("int")}
C11_PARAMS: ParamSpecs = {
    "groups": ParamSpec("list", CUSTOMER_GROUPS),
    "require_digital": ParamSpec("bool"),
    "all_segments": ParamSpec("bool"),
}
P3_PARAMS: ParamSpecs = {"min_quarters": ParamSpec("int")}


def c7_voc_over_four_aspects(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C7 (FAQ CM8): VOC is gathered, and its importance compared, over the four aspects: product &
    service, customer support, transactions and relationship management."""
    minimum = int_param(params, "min_records", 1)
    aspects = list_param(params, "aspects", tuple(VOC_ASPECTS))
    by_aspect = snapshot.voc.by_aspect
    problems = [
        f"VOC ด้าน{VOC_ASPECTS.get(a, a)} มี {by_aspect.get(a, 0)} รายการ ต้องมีอย่างน้อย {minimum} รายการ"
        for a in aspects
        if by_aspect.get(a, 0) < minimum
    ]
    counts = ", ".join(f"{VOC_ASPECTS.get(a, a)} {by_aspect.get(a, 0):,}" for a in aspects)
    return judge(problems, ok=f"มี VOC ครบทุกด้าน ({counts})")


def c11_listening_channels_reach(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C11 (policy preamble, §3.2; FAQ CM8): listening channels reach every customer group named in
    `groups` (current, former, competitors' and prospective customers across the life cycle); with
    `require_digital`, a digital channel (social media, web) listens too; with `all_segments`, every
    target segment is reached."""
    channels = snapshot.channels
    groups = list_param(params, "groups", ("current",))
    reached = frozenset().union(*(c.groups for c in channels))
    problems = [f"ไม่มีช่องทางรับฟังที่เข้าถึง{labels([g], CUSTOMER_GROUPS)}" for g in groups if g not in reached]
    if not channels:
        problems.insert(0, "ยังไม่มีทะเบียนช่องทางการรับฟังลูกค้า")
    if bool_param(params, "require_digital", False) and not any(c.is_digital for c in channels):
        problems.append("ไม่มีช่องทางรับฟังดิจิทัล (สื่อสังคมออนไลน์ เว็บไซต์)")
    if bool_param(params, "all_segments", False):
        covered = frozenset().union(*(c.segment_codes for c in channels))
        missing = sorted(snapshot.segments.target_codes - covered)
        if missing:
            problems.append(f"ไม่มีช่องทางรับฟังที่เข้าถึงกลุ่มลูกค้า {', '.join(missing)}")
        if not snapshot.segments.target_codes:
            problems.append("ยังไม่ได้กำหนดกลุ่มลูกค้าเป้าหมาย")
    return judge(
        problems,
        ok=f"ช่องทางรับฟัง {len(channels)} ช่องทางเข้าถึง{labels(groups, CUSTOMER_GROUPS)}",
        evidence=[c.ref for c in channels],
    )


def p3_quarterly_voc_reports(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """P3 (policy §3.3; criteria CM 3.1 level 4): VOC is reported to top executives at least every
    quarter of the year (`min_quarters`, default all four)."""
    minimum = int_param(params, "min_quarters", 4)
    quarters = snapshot.voc.report_quarters
    missing = [q for q in (1, 2, 3, 4) if q not in quarters]
    problems = []
    if len(quarters) < minimum:
        problems.append(
            f"ไม่มีรายงาน VOC ต่อผู้บริหารระดับสูงในไตรมาส {', '.join(str(q) for q in missing)} ของปี {snapshot.year}"
        )
    return judge(
        problems,
        ok=f"รายงาน VOC ต่อผู้บริหารครบ {len(quarters)} ไตรมาส",
        evidence=[ref for _, ref in sorted(snapshot.voc.reports, key=lambda r: r[0])],
    )
