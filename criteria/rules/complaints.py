"""Complaint rules P5, C10 and C13 (policy §5.4, ISO 10002; FAQ CM9): standards, plans, channels."""

from criteria.rules.base import (
    Params,
    ParamSpec,
    ParamSpecs,
    Reads,
    RuleOutcome,
    float_param,
    int_param,
    judge,
    list_param,
    percent,
)
from criteria.rules.documents import document_notes
from criteria.rules.strategy import improvement_in_plans
from criteria.snapshot import EvidenceSnapshot, StageStat
from criteria.vocabulary import COMPLAINT_STAGES

P5_PARAMS: ParamSpecs = {
    "stages": ParamSpec("list", COMPLAINT_STAGES, label_th="ขั้นตอนที่ต้องมีมาตรฐาน"),
    "min_share": ParamSpec("float", label_th="สัดส่วนเรื่องที่ทำได้ตามมาตรฐานขั้นต่ำ"),
}
C10_PARAMS: ParamSpecs = {}
C13_PARAMS: ParamSpecs = {"min_channels": ParamSpec("int")}


# what the rules read from the records, and the pages whose to-do lists show their gaps
P5_READS = Reads(("complaints",), "complaintcase", ("acknowledge", "respond", "resolve"), "stages",
                 {"receive": ("received_at",), "acknowledge": ("acknowledged_at",), "respond": ("responded_at",),
                  "resolve": ("resolved_at",)})
C10_READS = Reads(("complaints", "plans"))
C13_READS = Reads(("complaints",), "complaintchannel")


def _share(stat: StageStat) -> float:
    return stat.within / stat.measured if stat.measured else 0.0


def _lagging_units(snapshot: EvidenceSnapshot, stage: str, min_share: float) -> list[tuple[str, StageStat]]:
    """Units whose cases at `stage` fall short of `min_share`, worst first."""
    lagging = []
    for unit in snapshot.complaints.by_unit:
        for stat in unit.stages:
            if stat.stage == stage and stat.measured and _share(stat) < min_share:
                lagging.append((snapshot.unit_name(unit.unit_id), stat))
    return sorted(lagging, key=lambda u: _share(u[1]))


def p5_complaint_standards_met(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """P5 (policy §5.4, ISO 10002): time standards exist for receiving, acknowledging, responding to and
    resolving complaints, and the share of cases within each standard is at least `min_share`
    (default 0.8)."""
    min_share = float_param(params, "min_share", 0.8)
    stats = {s.stage: s for s in snapshot.complaints.stages}
    problems: list[str] = []
    units: list[str] = []
    measured_any = False
    for stage in list_param(params, "stages", tuple(COMPLAINT_STAGES)):
        label = COMPLAINT_STAGES.get(stage, stage)
        stat = stats.get(stage)
        if stat is None or stat.standard_hours is None:
            problems.append(f"ยังไม่กำหนดมาตรฐานระยะเวลาขั้นตอน{label}")
            continue
        measured_any = measured_any or stat.measured > 0
        if stat.measured and _share(stat) < min_share:
            lagging = _lagging_units(snapshot, stage, min_share)
            named = ", ".join(f"{name} {percent(s.within, s.measured)}" for name, s in lagging[:3])
            problems.append(
                f"ขั้นตอน{label} (มาตรฐาน {stat.standard_hours:g} ชั่วโมง) ทำได้ตามมาตรฐาน "
                f"{percent(stat.within, stat.measured)} ({stat.within:,}/{stat.measured:,} เรื่อง) "
                f"ต่ำกว่าเกณฑ์ {min_share:.0%}" + (f"; หน่วยงานที่ต่ำสุด: {named}" if named else "")
            )
            units.extend(name for name, _ in lagging[:3])
    if not problems and not measured_any:
        problems.append(f"ยังไม่มีเรื่องร้องเรียนในปี {snapshot.year} ที่วัดผลตามมาตรฐานได้")
    shares = ", ".join(
        f"{COMPLAINT_STAGES.get(s.stage, s.stage)} {percent(s.within, s.measured)}" for s in stats.values()
    )
    return judge(
        problems,
        ok=f"มีมาตรฐานครบทุกขั้นตอนและทำได้ตามมาตรฐาน ≥ {min_share:.0%} ({shares})",
        units=units,
    )


def c10_complaint_improvement_in_strategy(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C10 (FAQ CM9): plans to develop or improve complaint handling appear in the customer strategy AND
    the annual action plan, read from the plan records (not a yes/no box; the operation of the process
    itself is evidence for 5.3). Register documents that declare it are cited beside the plans."""
    problems, plans = improvement_in_plans(snapshot, "complaint_handling")
    documents = [d for d in snapshot.documents if d.in_customer_strategy]
    citations, warnings = document_notes(snapshot, documents, ("improvement_in_strategy",))
    return judge(
        problems,
        ok="แผนปรับปรุงการจัดการข้อร้องเรียนอยู่ในแผนยุทธศาสตร์และแผนปฏิบัติการประจำปีด้านลูกค้า",
        evidence=[*plans, *(d.ref for d in documents)],
        citations=citations,
        warnings=warnings,
    )


def c13_several_complaint_channels(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C13 (criteria CM 5.3 level 1; policy §5.4): complaints are received through several channels
    (at least `min_channels`, default 2)."""
    minimum = int_param(params, "min_channels", 2)
    channels = snapshot.complaints.channels
    problems = []
    if len(channels) < minimum:
        problems.append(f"มีช่องทางรับข้อร้องเรียน {len(channels)} ช่องทาง ต้องมีอย่างน้อย {minimum} ช่องทาง")
    return judge(problems, ok=f"มีช่องทางรับข้อร้องเรียน {len(channels)} ช่องทาง", evidence=channels)
