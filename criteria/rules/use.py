"""Rule U1 (policy §1.3, §3.3; SE-AM levels 3–5): VOC, VOS, survey or complaint results are put to use."""

from criteria.rules.base import (
    Params,
    ParamSpec,
    ParamSpecs,
    RuleOutcome,
    bool_param,
    judge,
    list_param,
    str_param,
)
from criteria.snapshot import EvidenceRef, EvidenceSnapshot
from criteria.vocabulary import ACTION_KINDS, ACTION_SOURCES

U1_PARAMS: ParamSpecs = {
    "source": ParamSpec("str", ACTION_SOURCES),
    "kinds": ParamSpec("list", ACTION_KINDS),
    "require_done": ParamSpec("bool"),
}


def u1_results_put_to_use(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """U1 (policy §1.3, §3.3; SE-AM level pattern 3–5): for each kind in `kinds` there is an action that
    uses results from `source` (voc, vos, survey, complaint): control and monitoring, digital options,
    strategy input, improvement, effectiveness evaluation, knowledge management, innovation; with
    `require_done`, at least one of each kind is done."""
    source = str_param(params, "source", "voc")
    require_done = bool_param(params, "require_done", False)
    stats = {s.kind: s for s in snapshot.actions if s.source == source}
    problems: list[str] = []
    evidence: list[EvidenceRef] = []
    source_th = ACTION_SOURCES.get(source, source)
    for kind in list_param(params, "kinds", ("improvement",)):
        stat = stats.get(kind)
        label = ACTION_KINDS.get(kind, kind)
        if stat is None or stat.total == 0:
            problems.append(f"ยังไม่มีการดำเนินการด้าน{label}ที่ใช้{source_th}")
        elif require_done and stat.done == 0:
            problems.append(f"การดำเนินการด้าน{label}ที่ใช้{source_th} {stat.total} รายการยังไม่แล้วเสร็จ")
        else:
            evidence.extend(stat.examples)
    return judge(problems, ok=f"มีการนำ{source_th}ไปใช้ครบทุกด้านที่กำหนด", evidence=evidence)
