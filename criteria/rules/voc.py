"""Listening rules C7, C11 and P3 (FAQ CM8; policy §3): VOC aspects, channel reach, quarterly reports."""

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
)
from criteria.snapshot import EvidenceSnapshot
from criteria.vocabulary import CUSTOMER_GROUPS, REPORT_RECIPIENTS, VOC_ASPECTS, labels

C7_PARAMS: ParamSpecs = {
    "aspects": ParamSpec("list", VOC_ASPECTS, label_th="มิติของ VOC"),
    "min_records": ParamSpec("int", label_th="จำนวน VOC ขั้นต่ำต่อมิติ"),
    "per_segment": ParamSpec("bool", label_th="เปรียบเทียบความสำคัญทุกกลุ่มลูกค้าเป้าหมาย"),
}
C11_PARAMS: ParamSpecs = {
    "groups": ParamSpec("list", CUSTOMER_GROUPS),
    "require_digital": ParamSpec("bool"),
    "all_segments": ParamSpec("bool"),
}
P3_PARAMS: ParamSpecs = {
    "min_quarters": ParamSpec("int", label_th="จำนวนไตรมาสที่ต้องรายงาน"),
    "recipients": ParamSpec("list", REPORT_RECIPIENTS, label_th="ผู้รับรายงานที่นับได้"),
}


# what the rules read from the records, and the pages whose to-do lists show their gaps
C7_READS = Reads(("voc",), "vocrecord")
C11_READS = Reads(("segments", "voc"), "listeningchannel")
P3_READS = Reads(("voc",), "vocreport", ("recipient",))


def c7_voc_over_four_aspects(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C7 (FAQ CM8; criteria CM 3.1 level 2): VOC is gathered over the four aspects (product & service,
    customer support, transactions, relationship management) AND their importance is compared: a
    ranking of all four aspects in the year (for all customers, or with `per_segment` for every target
    segment)."""
    minimum = int_param(params, "min_records", 1)
    aspects = list_param(params, "aspects", tuple(VOC_ASPECTS))
    by_aspect = snapshot.voc.by_aspect
    problems = [
        f"VOC ด้าน{VOC_ASPECTS.get(a, a)} มี {by_aspect.get(a, 0)} รายการ ต้องมีอย่างน้อย {minimum} รายการ"
        for a in aspects
        if by_aspect.get(a, 0) < minimum
    ]
    rankings = snapshot.voc.rankings

    def complete(key: str) -> bool:
        ranks = rankings.get(key, {})
        return all(a in ranks for a in aspects)

    if bool_param(params, "per_segment", False):
        missing = sorted(code for code in snapshot.segments.target_codes if not complete(code))
        if missing:
            problems.append(f"ยังไม่ได้เปรียบเทียบความสำคัญของ VOC ทั้ง {len(aspects)} ด้านของกลุ่มลูกค้า {', '.join(missing)}")
    elif not any(complete(key) for key in rankings):
        partial = max((len(r) for r in rankings.values()), default=0)
        problems.append(
            f"ยังไม่ได้เปรียบเทียบความสำคัญของ VOC ครบ {len(aspects)} ด้าน (จัดลำดับไว้ {partial} ด้าน) (FAQ CM8)"
        )
    counts = ", ".join(f"{VOC_ASPECTS.get(a, a)} {by_aspect.get(a, 0):,}" for a in aspects)
    order = next((r for k, r in sorted(rankings.items()) if complete(k)), {})
    ranked = " > ".join(VOC_ASPECTS.get(a, a) for a, _ in sorted(order.items(), key=lambda x: x[1]))
    return judge(
        problems,
        ok=f"มี VOC ครบทุกด้าน ({counts}) และเปรียบเทียบความสำคัญแล้ว ({ranked})",
        evidence=snapshot.voc.ranking_refs,
    )


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
    """P3 (policy §3.3; criteria CM 3.1 level 4): VOC is reported at least every quarter of the year
    (`min_quarters`, default all four) to top executives or the board: the report's coded recipient
    must be one of `recipients`."""
    minimum = int_param(params, "min_quarters", 4)
    wanted = list_param(params, "recipients", ("top_executives", "board"))
    recipients = snapshot.voc.report_recipients
    quarters = {q for q in snapshot.voc.report_quarters if recipients.get(q, frozenset()) & set(wanted)}
    elsewhere = sorted(q for q in snapshot.voc.report_quarters if q not in quarters)
    missing = [q for q in (1, 2, 3, 4) if q not in quarters]
    problems = []
    if len(quarters) < minimum:
        problems.append(
            f"ไม่มีรายงาน VOC ต่อ{labels(wanted, REPORT_RECIPIENTS)} ในไตรมาส {', '.join(str(q) for q in missing)} "
            f"ของปี {snapshot.year}"
        )
        if elsewhere:
            problems.append(
                f"รายงานไตรมาส {', '.join(map(str, elsewhere))} ส่งถึงผู้รับอื่น จึงยังนับไม่ได้"
            )
    return judge(
        problems,
        ok=f"รายงาน VOC ต่อ{labels(wanted, REPORT_RECIPIENTS)} ครบ {len(quarters)} ไตรมาส",
        evidence=[ref for q, ref in sorted(snapshot.voc.reports, key=lambda r: r[0]) if q in quarters],
    )
