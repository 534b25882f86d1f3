"""Customer-support rules C3, C4, C5, C6, C9 (FAQ CM3–CM7, CM13–CM16): charter, standards, service times."""

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
from criteria.rules.documents import document_notes, documents_for
from criteria.snapshot import DocumentFact, EvidenceSnapshot
from criteria.vocabulary import BODY_KINDS, CHARTER_COMPONENTS, LIFE_CYCLE_STAGES, MONITORING_SUBJECTS, labels

DEFAULT_COMPONENTS = (
    "blueprint_frontstage",
    "blueprint_backstage",
    "blueprint_support",
    "guidelines",
    "measurable_protocols",
    "recovery_plan",
)
C3_PARAMS: ParamSpecs = {"components": ParamSpec("list", CHARTER_COMPONENTS)}
C4_PARAMS: ParamSpecs = {}
C5_PARAMS: ParamSpecs = {}
C6_PARAMS: ParamSpecs = {"stages": ParamSpec("list", LIFE_CYCLE_STAGES)}
C9_PARAMS: ParamSpecs = {
    "service_times": ParamSpec("bool", label_th="ต้องมีมาตรฐานเวลาบริการหลักและบริการสนับสนุน"),
    "min_meetings": ParamSpec("int", label_th="จำนวนการประชุมกำกับติดตามขั้นต่ำในปี"),
    "subjects": ParamSpec("list", MONITORING_SUBJECTS, label_th="เรื่องที่กำกับติดตาม"),
    "bodies": ParamSpec("list", BODY_KINDS, label_th="ระดับการประชุมที่ต้องมีรายงาน"),
}

_NO_CHARTER = "ยังไม่มีกฎบัตรและมาตรฐานด้านบริการ (Customer Service Charter / Service Standard)"


# what the rules read from the records, and the pages whose to-do lists show their gaps
C3_READS = Reads(("service", "files"), "documentversion")
C4_READS = Reads(("service", "files"), "documentversion")
C5_READS = Reads(("service", "files"), "documentversion")
C6_READS = Reads(("service",), "documentversion")
C9_READS = Reads(("service", "approvals"), "servicestandard")


def _charters(snapshot: EvidenceSnapshot) -> list[DocumentFact]:
    """The charter, the standards and a separate recovery plan: their components add up (FAQ CM5)."""
    return documents_for(snapshot, "service_charter", "service_standard", "service_recovery")


def _components(charters: list[DocumentFact]) -> frozenset[str]:
    """Charter and standards may be one document or several (FAQ CM5): their components add up."""
    return frozenset().union(*(d.components for d in charters))


def c3_service_standard_components(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C3 (FAQ CM3): service standards comprise a service blueprint (frontstage, backstage, support
    process), service guidelines, measurable protocols and a service recovery plan."""
    charters = _charters(snapshot)
    wanted = list_param(params, "components", DEFAULT_COMPONENTS)
    missing = [c for c in wanted if c not in _components(charters)]
    problems = [_NO_CHARTER] if not charters else []
    if charters and missing:
        problems.append(f"กฎบัตร/มาตรฐานบริการยังขาด: {labels(missing, CHARTER_COMPONENTS)}")
    citations, warnings = document_notes(snapshot, charters, wanted)
    return judge(
        problems,
        ok="มาตรฐานบริการมีพิมพ์เขียวบริการ แนวทาง ข้อกำหนดที่วัดผลได้ และแผนรับมือครบ",
        evidence=[d.ref for d in charters],
        citations=citations,
        warnings=warnings,
    )


def c4_recovery_plan_normal_and_abnormal(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C4 (FAQ CM13): the service recovery plan covers normal failures AND abnormal events (linked to
    business continuity management)."""
    charters = _charters(snapshot)
    have = _components(charters)
    problems = [_NO_CHARTER] if not charters else []
    if charters and "recovery_normal" not in have:
        problems.append("แผนรับมือ (Service Recovery Plan) ยังไม่ครอบคลุมภาวะปกติ (บริการผิดพลาด)")
    if charters and "recovery_abnormal" not in have:
        problems.append("แผนรับมือ (Service Recovery Plan) ยังไม่ครอบคลุมภาวะไม่ปกติ (เชื่อมโยง BCM)")
    citations, warnings = document_notes(snapshot, charters, ("recovery_normal", "recovery_abnormal"))
    return judge(problems, ok="แผนรับมือครอบคลุมทั้งภาวะปกติและภาวะไม่ปกติ", evidence=[d.ref for d in charters],
                 citations=citations, warnings=warnings)


def c5_charter_published(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C5 (FAQ CM5, CM14, CM15; criteria CM5.1 level 3): the Customer Service Charter AND the Service
    Standard are published to customers; they may be one document or two, a summary may link out (web,
    QR code) for details, in the language of its audience."""
    problems: list[str] = []
    read: list[DocumentFact] = []
    for subject, label in (("service_charter", "กฎบัตรการให้บริการ (Customer Service Charter)"),
                           ("service_standard", "มาตรฐานการให้บริการ (Service Standard)")):
        documents = documents_for(snapshot, subject)
        read.extend(documents)
        if not documents:
            problems.append(f"ยังไม่มี{label}ที่มีผลในปี {snapshot.year}")
        elif not any(d.published for d in documents):
            problems.append(
                f"{label} {titles([d.ref for d in documents])} ยังไม่ได้เผยแพร่ (เผยแพร่สรุปพร้อมลิงก์หรือ QR Code ได้)"
            )
    published = [d for d in read if d.published]
    citations, warnings = document_notes(snapshot, published)
    return judge(problems, ok="เผยแพร่กฎบัตรและมาตรฐานบริการแล้ว", evidence=[d.ref for d in published],
                 citations=citations, warnings=warnings)


def c6_support_across_life_cycle(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C6 (FAQ CM6, CM7): customer support spans the whole life cycle: before, during and after being
    a customer."""
    charters = _charters(snapshot)
    wanted = list_param(params, "stages", tuple(LIFE_CYCLE_STAGES))
    missing = [s for s in wanted if s not in _components(charters)]
    problems = [_NO_CHARTER] if not charters else []
    if charters and missing:
        problems.append(f"การสนับสนุนลูกค้ายังไม่ครอบคลุมช่วง{labels(missing, LIFE_CYCLE_STAGES)}")
    citations, warnings = document_notes(snapshot, charters, wanted)
    return judge(
        problems, ok="การสนับสนุนลูกค้าครอบคลุมก่อน ระหว่าง และหลังเป็นลูกค้า", evidence=[d.ref for d in charters],
        citations=citations, warnings=warnings,
    )


def c9_service_times_and_monitoring(snapshot: EvidenceSnapshot, params: Params) -> RuleOutcome:
    """C9 (FAQ CM16 items 2 and 7): service-time standards exist for core AND support services (with
    `service_times`), and minutes of board AND sub-committee AND executive meetings (`bodies`) show
    that the customer strategy and related processes are monitored (at least `min_meetings` in the
    year, a provisional setting)."""
    problems: list[str] = []
    if bool_param(params, "service_times", True):
        if not snapshot.service_times.core:
            problems.append("ยังไม่กำหนดมาตรฐานระยะเวลาการให้บริการของบริการหลัก")
        if not snapshot.service_times.support:
            problems.append("ยังไม่กำหนดมาตรฐานระยะเวลาการให้บริการของบริการสนับสนุน (สารสนเทศ ธุรกรรม ฯลฯ)")
    subjects = list_param(params, "subjects", ("customer_strategy",))
    minimum = int_param(params, "min_meetings", 1)
    meetings = [m for m in snapshot.meetings if m.subjects & set(subjects)]
    if len(meetings) < minimum:
        problems.append(
            f"รายงานการประชุมที่กำกับติดตาม{labels(subjects, MONITORING_SUBJECTS)} ในปี {snapshot.year} "
            f"มี {len(meetings)} ครั้ง ต้องมีอย่างน้อย {minimum} ครั้ง"
        )
    held = {m.body_kind for m in meetings}
    absent = [b for b in list_param(params, "bodies", tuple(BODY_KINDS)) if b not in held]
    if absent:
        problems.append(f"ยังไม่มีรายงานการประชุมของ{labels(absent, BODY_KINDS)} ที่กำกับติดตามเรื่องนี้ (FAQ CM16)")
    times = snapshot.service_times
    with_times = f"มาตรฐานเวลาบริการหลัก {times.core} บริการ บริการสนับสนุน {times.support} บริการ; "
    return judge(
        problems,
        ok=(with_times if bool_param(params, "service_times", True) else "")
        + f"มีรายงานการประชุมกำกับติดตาม {len(meetings)} ครั้ง",
        evidence=[m.ref for m in meetings],
    )
