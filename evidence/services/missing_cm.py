"""To-do checks of the customer side: segments (P2), listening and VOC (C7, C11, P3), service (C3–C6,
C9), complaints (C1, C13, P5), approvals (C1, C2, C9), surveys (C8), plans (P1) and evidence files.

Items that belong to the enterprise as a whole are given only when the scope is the whole enterprise.
"""

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import SQLModel, col, select

from criteria.snapshot import DocumentFact
from criteria.vocabulary import DECLARED_FACTS, DOCUMENT_SUBJECTS
from evidence.models import (
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    DevelopmentProject,
    EvidenceLink,
    ListeningChannel,
    MonitoringMinute,
    PlanKpi,
    ServiceStandard,
    StrategyPlan,
    Survey,
    VocRecord,
    VocReport,
)
from evidence.models.complaints import COMPLAINT_STAGE_TH, ComplaintStage
from evidence.models.customers import LIFECYCLE_TH, VOC_ASPECT_TH, VocStatus
from evidence.models.plans import CascadeTarget, PlanKind
from evidence.models.service import ServiceKind
from evidence.models.surveys import Conductor, SurveyScope
from evidence.services.missing import MissingItem, Scope
from evidence.snapshot_documents import RegisterScope, register_documents
from evidence.thai_dates import fiscal_quarter

ENTERPRISE = "ระดับองค์กร"


def _count(scope: Scope, model: type[SQLModel], *conditions: object) -> int:
    query = select(func.count()).select_from(model).where(model.enterprise_id == scope.enterprise_id, *conditions)  # type: ignore[attr-defined]
    if "year" in model.model_fields:
        query = query.where(model.year == scope.year)  # type: ignore[attr-defined]
    return int(scope.session.exec(query).one())


def _rows(scope: Scope, model: type[SQLModel]) -> list:  # type: ignore[type-arg]
    query = select(model).where(model.enterprise_id == scope.enterprise_id)  # type: ignore[attr-defined]
    if "year" in model.model_fields:
        query = query.where(model.year == scope.year)  # type: ignore[attr-defined]
    return list(scope.session.exec(query).all())


def segments(scope: Scope) -> Iterable[MissingItem]:
    """P2 segments with their profile; C11 listening channels reach every life-cycle group."""
    if not scope.whole_enterprise:
        return
    rows = _rows(scope, CustomerSegment)
    if not rows:
        yield MissingItem("segments", f"ยังไม่มีกลุ่มลูกค้า (Customer Segment Profile) ปี {scope.year}", "P2", ENTERPRISE)
    thin = [s.code for s in rows if not (s.needs and s.expectations and s.risks)]
    if thin:
        yield MissingItem("segments", f"กลุ่มลูกค้า {len(thin)} กลุ่มยังไม่ระบุความต้องการ ความคาดหวัง หรือความเสี่ยง "
                          f"({', '.join(thin[:5])})", "P2", ENTERPRISE, len(thin))
    reached = {g for c in _rows(scope, ListeningChannel) for g in (c.lifecycle_groups or [])}
    unreached = [label for code, label in LIFECYCLE_TH.items() if code.value not in reached]
    if unreached:
        yield MissingItem("segments", f"ยังไม่มีช่องทางรับฟังที่เข้าถึง{', '.join(unreached)}", "C11", ENTERPRISE)


def voc(scope: Scope) -> Iterable[MissingItem]:
    """C7 VOC over the four aspects; P3 a VOC report every quarter; each VOC classified and analysed."""
    counts, aspects = scope.per_unit_cases(VocRecord, {
        "unclassified": col(VocRecord.segment_id).is_(None) | col(VocRecord.channel_id).is_(None),
        "unanalysed": VocRecord.voc_status == VocStatus.NEW,
    }, by="aspect")
    for unit_id, n in counts["unclassified"].items():
        name = scope.name(unit_id)
        yield MissingItem("voc", f"{name}: VOC {n:,} รายการยังไม่ระบุกลุ่มลูกค้าหรือช่องทาง", "C7", name, n)
    for unit_id, n in counts["unanalysed"].items():
        name = scope.name(unit_id)
        yield MissingItem("voc", f"{name}: VOC {n:,} รายการยังไม่ได้วิเคราะห์ (สถานะใหม่)", "C7", name, n)
    if not scope.whole_enterprise:
        return
    lacking = [label for code, label in VOC_ASPECT_TH.items() if code.value not in {str(a) for a in aspects}]
    if lacking:
        yield MissingItem("voc", f"ยังไม่มี VOC ในมิติ{', '.join(lacking)}", "C7", ENTERPRISE)
    reported = set(scope.session.exec(select(VocReport.quarter).where(
        VocReport.enterprise_id == scope.enterprise_id, VocReport.year == scope.year)).all())
    for quarter in range(1, _quarters_due(scope) + 1):
        if quarter not in reported:
            yield MissingItem("voc", f"ยังไม่มีรายงาน VOC ต่อผู้บริหาร ไตรมาส {quarter}/{scope.year}", "P3", ENTERPRISE)


def _quarters_due(scope: Scope) -> int:
    """Quarters of the assessment year that have ended (all four once the year is over)."""
    if scope.today > scope.last_day:
        return 4
    if scope.today < scope.first_day:
        return 0
    return fiscal_quarter(scope.today) - 1 if scope.first_day.month == 10 else (scope.today.month - 1) // 3


def _documents(scope: Scope) -> tuple[DocumentFact, ...]:
    """Register documents in force in the year, drafts included (what the divisions still owe)."""
    documents, _ = register_documents(RegisterScope(
        scope.session, scope.enterprise_id, scope.year, scope.first_day, scope.last_day, scope.today, None,
        False, "declared"))
    return documents


def service(scope: Scope) -> Iterable[MissingItem]:
    """C3 service standard components, C4 recovery plans, C5 charter and standard published, C6 life cycle;
    C9 service times."""
    if not scope.whole_enterprise:
        return
    documents = _documents(scope)
    charters = [d for d in documents if d.subjects & {"service_charter", "service_standard", "service_recovery"}]
    for subject in ("service_charter", "service_standard"):
        if not any(subject in d.subjects for d in charters):
            yield MissingItem("service", f"ยังไม่มี{DOCUMENT_SUBJECTS[subject]}ที่มีผลในปี {scope.year} ในทะเบียนเอกสาร",
                              "C5", ENTERPRISE)
    have = frozenset().union(*(d.components for d in charters)) if charters else frozenset()
    for rule, codes in (("C3", ("blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
                                "measurable_protocols")),
                        ("C4", ("recovery_normal", "recovery_abnormal")), ("C6", ("before", "during", "after"))):
        lacking = [DECLARED_FACTS[c] for c in codes if c not in have]
        if charters and lacking:
            yield MissingItem("service", f"กฎบัตร/มาตรฐานการให้บริการยังขาด: {', '.join(lacking)}", rule, ENTERPRISE)
    for doc in charters:
        if not doc.published:
            yield MissingItem("service", f"'{doc.ref.label}' ยังไม่ระบุการเผยแพร่ (ลิงก์หรือวันที่เผยแพร่)", "C5", ENTERPRISE)
    kinds = set(scope.session.exec(select(ServiceStandard.service_kind).where(
        ServiceStandard.enterprise_id == scope.enterprise_id, ServiceStandard.year == scope.year).distinct()).all())
    for kind, label in ((ServiceKind.CORE, "บริการหลัก"), (ServiceKind.SUPPORT, "บริการสนับสนุน")):
        if kind.value not in {str(k) for k in kinds}:
            yield MissingItem("service", f"ยังไม่มีมาตรฐานระยะเวลาของ{label}", "C9", ENTERPRISE)


def complaints(scope: Scope) -> Iterable[MissingItem]:
    """P5 stage times recorded and measured; C13 several channels; C1 a written complaint policy."""
    texts = {"acknowledged_at": "ยังไม่มีเวลาแจ้งรับเรื่อง", "responded_at": "ยังไม่มีเวลาตอบกลับ",
             "resolved_at": "ยังไม่มีเวลาแก้ไขแล้วเสร็จ"}
    counts, _ = scope.per_unit_cases(ComplaintCase, {f: col(getattr(ComplaintCase, f)).is_(None) for f in texts})
    for field, text in texts.items():
        for unit_id, n in counts[field].items():
            name = scope.name(unit_id)
            yield MissingItem("complaints", f"{name}: เรื่องร้องเรียน {n:,} เรื่อง{text}", "P5", name, n)
    if not scope.whole_enterprise:
        return
    stages = {str(s) for s in scope.session.exec(select(ComplaintStandard.stage).where(
        ComplaintStandard.enterprise_id == scope.enterprise_id, ComplaintStandard.year == scope.year)).all()}
    lacking = [COMPLAINT_STAGE_TH[s] for s in ComplaintStage if s.value not in stages]
    if lacking:
        yield MissingItem("complaints", f"ยังไม่กำหนดมาตรฐานเวลาขั้นตอน{', '.join(lacking)}", "P5", ENTERPRISE)
    channels = _count(scope, ComplaintChannel)
    if channels < 2:
        yield MissingItem("complaints", f"มีช่องทางรับข้อร้องเรียนเพียง {channels} ช่องทาง (ควรมีหลายช่องทาง)", "C13", ENTERPRISE)
    if scope.whole_enterprise:
        documents = _documents(scope)
        for subject in ("complaint_policy", "complaint_procedure", "complaint_standards"):
            if not any(subject in d.subjects for d in documents):
                yield MissingItem("complaints", f"ยังไม่มี{DOCUMENT_SUBJECTS[subject]}ที่มีผลในปี {scope.year} ในทะเบียนเอกสาร",
                                  "C1", ENTERPRISE)


def approvals(scope: Scope) -> Iterable[MissingItem]:
    """C1 key documents approved by the board or a committee; C2 the committee's authority; C9 minutes."""
    if not scope.whole_enterprise:
        return
    wanted = {"complaint_policy", "complaint_procedure", "complaint_standards", "service_charter", "service_standard",
              "customer_strategy"}
    for doc in _documents(scope):
        if doc.subjects & wanted and not any(a.body_kind in ("board", "committee") for a in doc.approvals):
            yield MissingItem("approvals", f"'{doc.ref.label}' ยังไม่มีบันทึกการอนุมัติของคณะกรรมการ", "C1", ENTERPRISE)
        weak = [a for a in doc.approvals if a.body_kind == "committee"
                and not (a.has_board_representative and a.formally_delegated and a.duties_defined)]
        if weak and doc.subjects & wanted:
            yield MissingItem("approvals", f"'{doc.ref.label}' อนุมัติโดยคณะกรรมการชุดย่อยที่ยังไม่มีกรรมการรัฐวิสาหกิจ "
                              "หรือยังไม่ได้รับมอบอำนาจอย่างเป็นทางการ", "C2", ENTERPRISE)
        for warning in doc.warnings:
            yield MissingItem("approvals", warning, None, ENTERPRISE)
    minutes = _count(scope, MonitoringMinute)
    if minutes < 2:
        yield MissingItem("approvals", f"มีรายงานการประชุมที่ติดตามผลเพียง {minutes} ครั้งในปี {scope.year}", "C9", ENTERPRISE)


def surveys(scope: Scope) -> Iterable[MissingItem]:
    """C8 the annual major survey by an external consultant, covering the target segments."""
    if not scope.whole_enterprise:
        return
    major = [s for s in _rows(scope, Survey) if s.scope == SurveyScope.ANNUAL_MAJOR and s.conductor == Conductor.EXTERNAL]
    if not major:
        yield MissingItem("surveys", f"ยังไม่มีการสำรวจใหญ่ประจำปี {scope.year} โดยที่ปรึกษาภายนอก", "C8", ENTERPRISE)
        return
    covered = {code for s in major for code in (s.segment_codes or [])}
    targets = [s.code for s in _rows(scope, CustomerSegment) if s.is_target and s.code not in covered]
    if targets:
        yield MissingItem("surveys", f"การสำรวจใหญ่ยังไม่ครอบคลุมกลุ่มลูกค้าเป้าหมาย {', '.join(targets)}", "C12", ENTERPRISE)


def plans(scope: Scope) -> Iterable[MissingItem]:
    """P1 a customer strategy cascaded into action plans, with KPIs down to units, staff and partners."""
    if not scope.whole_enterprise:
        return
    rows = _rows(scope, StrategyPlan)
    kinds = {p.kind for p in rows}
    for kind, text in ((PlanKind.CUSTOMER_STRATEGY, "แผนยุทธศาสตร์ด้านลูกค้าและตลาด"),
                       (PlanKind.ANNUAL_ACTION, "แผนปฏิบัติการประจำปี")):
        if kind not in kinds:
            yield MissingItem("plans", f"ยังไม่มี{text} ปี {scope.year}", "P1", ENTERPRISE)
    ids = [p.id for p in rows]
    targets = set(scope.session.exec(select(PlanKpi.cascade_to).where(col(PlanKpi.plan_id).in_(ids))).all()) if ids else set()
    lacking = [label for code, label in ((CascadeTarget.UNIT, "หน่วยงาน"), (CascadeTarget.STAFF, "บุคลากร"),
                                         (CascadeTarget.PARTNER, "คู่ค้า/พันธมิตร")) if code.value not in {str(t) for t in targets}]
    if rows and lacking:
        yield MissingItem("plans", f"ยังไม่ได้ถ่ายทอดตัวชี้วัดสู่{', '.join(lacking)}", "P1", ENTERPRISE)


def projects(scope: Scope) -> Iterable[MissingItem]:
    """P4 development and innovation projects answer VOC and apply risk management and KM."""
    rows = [p for p in _rows(scope, DevelopmentProject) if scope.in_scope(p.org_unit_id) or p.org_unit_id is None]
    if not rows and scope.whole_enterprise:
        yield MissingItem("projects", f"ยังไม่มีโครงการพัฒนาผลิตภัณฑ์/บริการหรือนวัตกรรม ปี {scope.year}", "P4", ENTERPRISE)
    for label, field in (("VOC ที่ตอบสนอง", "voc_basis"), ("การบริหารความเสี่ยง", "risk_applied"),
                         ("องค์ความรู้ (KM)", "km_applied")):
        lacking = [p.code for p in rows if not (getattr(p, field) or "").strip()]
        if lacking:
            yield MissingItem("projects", f"โครงการ {', '.join(lacking[:5])} ยังไม่ระบุ{label}", "P4", ENTERPRISE,
                              len(lacking))


def files(scope: Scope) -> Iterable[MissingItem]:
    """Approvals, policies and charters without a file to show the assessor."""
    if not scope.whole_enterprise:
        return
    for doc in _documents(scope):
        if not doc.ref.file_ids:
            yield MissingItem("files", f"เอกสาร '{doc.ref.label}' ยังไม่มีไฟล์หลักฐานแนบ", None, ENTERPRISE)
    for model, label in ((MonitoringMinute, "รายงานการประชุม"),):
        table = str(model.__tablename__)
        linked = select(EvidenceLink.record_id).where(EvidenceLink.enterprise_id == scope.enterprise_id,
                                                      EvidenceLink.record_table == table)
        n = _count(scope, model, col(model.id).not_in(linked))  # type: ignore[attr-defined]
        if n:
            yield MissingItem("files", f"{label} {n} รายการยังไม่มีไฟล์หลักฐานแนบ", None, ENTERPRISE, n)
