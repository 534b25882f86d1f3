"""Rule U1 (policy §1.3, §3.3; SE-AM levels 3–5): VOC, VOS, survey or complaint results are put to use."""

from criteria.rules.base import (
    Params,
    ParamSpec,
    ParamSpecs,
    Reads,
    RuleOutcome,
    bool_param,
    judge,
    list_param,
    str_param,
)
from criteria.snapshot import EvidenceRef, EvidenceSnapshot
from criteria.vocabulary import ACTION_FACTS, ACTION_KINDS, ACTION_SOURCES, labels

U1_PARAMS: ParamSpecs = {
    "source": ParamSpec("str", ACTION_SOURCES, label_th="ที่มาของผลที่นำไปใช้"),
    "kinds": ParamSpec("list", ACTION_KINDS, label_th="ด้านที่ต้องมีการนำไปใช้"),
    "needs": ParamSpec("list", ACTION_FACTS, label_th="สิ่งที่การดำเนินการต้องแสดง"),
    "require_done": ParamSpec("bool", label_th="ต้องดำเนินการแล้วเสร็จ"),
}


# what the rules read from the records, and the pages whose to-do lists show their gaps
U1_READS = Reads(("voc",), "improvementaction")


def u1_results_put_to_use(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """U1 (policy §1.3, §3.3; SE-AM level pattern 3–5): for each kind in `kinds` there is an action that
    uses results from `source` (voc, vos, survey, complaint) AND shows what the item really asks for
    (`needs`): a dated round of evaluation or monitoring (evaluation_cycle), lessons learned, a change
    actually made (change_made), or completion (done; `require_done` is the same as needing done)."""
    source = str_param(params, "source", "voc")
    needs = frozenset(list_param(params, "needs", ())) | ({"done"} if bool_param(params, "require_done", False) else set())
    stats = {s.kind: s for s in snapshot.actions if s.source == source}
    problems: list[str] = []
    evidence: list[EvidenceRef] = []
    source_th = ACTION_SOURCES.get(source, source)
    needs_th = labels(sorted(needs), ACTION_FACTS)
    for kind in list_param(params, "kinds", ("improvement",)):
        stat = stats.get(kind)
        label = ACTION_KINDS.get(kind, kind)
        if stat is None or stat.total == 0:
            problems.append(f"ยังไม่มีการดำเนินการด้าน{label}ที่ใช้{source_th}")
        elif stat.with_facts(needs) == 0:
            problems.append(f"การดำเนินการด้าน{label}ที่ใช้{source_th} {stat.total} รายการ ยังไม่มีรายการใดแสดง{needs_th}")
            evidence.extend(stat.examples)
        else:
            evidence.extend(stat.examples)
    shown = f" โดยแสดง{needs_th}" if needs else ""
    return judge(problems, ok=f"มีการนำ{source_th}ไปใช้ครบทุกด้านที่กำหนด{shown}", evidence=evidence)
