"""The demo enterprise: a fictional Thai water utility, assessment year 2569 (code DEMO).

Deliberately imperfect so scoring finds different levels on different sub-topics: one line has no
stakeholder profile (S3), some profiles are stale or incomplete (S1), a high relationship risk is not in the
enterprise risk plan (S10), no channel reaches former customers, the fourth quarter's VOC report is
missing (P3), the charter lacks a recovery plan for abnormal events (C4), one approval comes from a
committee without delegated authority (C2), and about one complaint case in eight is late (P5).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from evidence.access import SYSTEM, Actor
from evidence.demo_cycle import load_cycle
from evidence.demo_data import DEMO_CLAIMS, DEMO_TARGETS, LINES, SEGMENTS, STAKEHOLDERS, VOC_TEXTS
from evidence.demo_register import load_complaint_documents, load_evidence_files, load_service_documents
from evidence.models import (
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    DevelopmentProject,
    Document,
    Enterprise,
    GoverningBody,
    ImprovementAction,
    ListeningChannel,
    MonitoringMinute,
    OrgUnit,
    PlanKpi,
    RelationshipActivity,
    RelationshipPlan,
    RelationshipRisk,
    ServiceStandard,
    Stakeholder,
    StakeholderIssue,
    StrategyPlan,
    Survey,
    VocAspectRanking,
    VocRecord,
    VocReport,
    VoiceOfStakeholder,
    WorkingGroup,
    WorkingGroupMember,
)
from evidence.models.base import LawfulBasis
from evidence.models.org import UnitKind
from evidence.models.stakeholders import importance_from_grid
from evidence.models.users import Role
from evidence.services.documents import add_document, record_approval
from evidence.services.org import add_unit, create_enterprise, open_year
from evidence.services.records import create_record
from evidence.services.users import create_user

DEMO_CODE = "DEMO"
DEMO_YEAR = 2569
DEMO_PASSWORD = "demo-scm-2569"


@dataclass(frozen=True)
class DemoResult:
    loaded: bool
    enterprise_id: int
    message: str


def load_demo(session: Session, actor: Actor = SYSTEM) -> DemoResult:
    """Load the demo enterprise once; a second call changes nothing."""
    existing = session.exec(select(Enterprise).where(Enterprise.code == DEMO_CODE)).first()
    if existing is not None:
        return DemoResult(False, existing.id or 0, "มีข้อมูลรัฐวิสาหกิจตัวอย่าง (DEMO) อยู่แล้ว ไม่ได้เปลี่ยนแปลงอะไร")
    rng = random.Random(DEMO_YEAR)
    ent = create_enterprise(session, actor, code=DEMO_CODE, name_th="องค์การน้ำสะอาดแห่งชาติ (ตัวอย่าง)",
                            name_en="National Clean Water Authority (demo)")
    eid = ent.id or 0
    open_year(session, actor, enterprise_id=eid, year=DEMO_YEAR - 1, criteria_version="2569.1")
    open_year(session, actor, enterprise_id=eid, year=DEMO_YEAR, criteria_version="2569.1")
    units = _load_units(session, actor, eid)
    _load_users(session, actor, eid, units)
    _load_stakeholders(session, actor, eid, units, rng)
    bodies = _load_bodies(session, actor, eid)
    _load_customers(session, actor, eid, units, rng)
    _load_service_and_complaints(session, actor, eid, units, bodies, rng)
    _load_surveys_and_plans(session, actor, eid, units, bodies)
    _load_claims(session, actor, eid)
    _load_targets(session, actor, eid)
    load_evidence_files(session, actor, eid)
    load_cycle(session, actor, eid, DEMO_YEAR)
    return DemoResult(True, eid, "โหลดรัฐวิสาหกิจตัวอย่าง (DEMO) ปี 2569 แล้ว")


def _new(session: Session, actor: Actor, model: type, eid: int, **data: object):  # noqa: ANN202
    return create_record(session, actor, model, {"enterprise_id": eid, **data})


def _load_units(session: Session, actor: Actor, eid: int) -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for code, name, departments in LINES:
        units[code] = add_unit(session, actor, enterprise_id=eid, code=code, name_th=name, kind=UnitKind.LINE)
        for dcode, dname in departments:
            units[dcode] = add_unit(session, actor, enterprise_id=eid, code=dcode, name_th=dname,
                                    kind=UnitKind.DEPARTMENT, parent_code=code)
    return units


def _load_users(session: Session, actor: Actor, eid: int, units: dict[str, OrgUnit]) -> None:
    people = [
        ("admin", "ผู้ดูแลระบบ", Role.ADMIN, None),
        ("planner", "คุณวรรณา แผนงาม (ฝ่ายยุทธศาสตร์องค์กร)", Role.PLANNING, None),
        ("cs.staff", "คุณสมชาย ใจบริการ (สายงานบริการลูกค้า)", Role.DIVISION, units["L04"].id),
        ("ops.staff", "คุณปรีชา ท่อดี (ฝ่ายบำรุงรักษาระบบท่อ)", Role.DIVISION, units["D033"].id),
        ("executive", "ผู้ว่าการ (ตัวอย่าง)", Role.EXECUTIVE, None),
        ("assessor", "ผู้ประเมิน สคร. (ตัวอย่าง)", Role.ASSESSOR, None),
    ]
    for username, name, role, unit_id in people:
        create_user(
            session, actor, username=username, display_name=name, role=role, password=DEMO_PASSWORD,
            enterprise_id=None if role in (Role.ADMIN, Role.ASSESSOR) else eid, org_unit_id=unit_id,
            assessed_enterprise_ids=[eid] if role == Role.ASSESSOR else None,
        )


def _load_stakeholders(session: Session, actor: Actor, eid: int, units: dict[str, OrgUnit], rng: random.Random) -> None:
    year_start = date(2025, 10, 1)
    for i, (line, code, group, subgroup, internal, status, interest, influence) in enumerate(STAKEHOLDERS):
        stale = i in (4, 7)  # reviewed more than a year ago (S1)
        incomplete = i == 10  # no representative and no key issues recorded (S1)
        sh = _new(
            session, actor, Stakeholder, eid, year=DEMO_YEAR, org_unit_id=units[line].id, code=code,
            group_name=group, subgroup_name=subgroup, is_internal=internal, stakeholder_status=status,
            working_model="ดำเนินงานตามพันธกิจและโครงสร้างของหน่วยงาน มีเครือข่ายระดับประเทศ",
            role="กำกับ สนับสนุน หรือใช้บริการของรัฐวิสาหกิจ",
            key_issues=None if incomplete else "คุณภาพน้ำ ความต่อเนื่องของบริการ ความโปร่งใส",
            needs_from_enterprise="บริการที่เชื่อถือได้ ข้อมูลที่ทันเวลา",
            enterprise_needs="ความร่วมมือในการใช้น้ำอย่างประหยัดและการแจ้งปัญหา",
            relationship_level="ความสัมพันธ์ระดับดี มีการประชุมร่วมรายไตรมาส",
            interest=interest, influence=influence, engagement_current="consult",
            importance=None if incomplete else importance_from_grid(interest, influence),  # the line's own analysis
            engagement_desired="collaborate" if influence >= 4 else "involve",
            representative_name=None if incomplete else f"คุณผู้แทน {group[:12]}",
            representative_phone=None if incomplete else f"08{rng.randint(10000000, 99999999)}",
            representative_email=None if incomplete else f"rep{i + 1}@example.go.th",
            coordinator_name=f"คุณผู้ประสาน {i + 1}", coordinator_phone=f"02{rng.randint(1000000, 9999999)}",
            coordinator_email=f"coord{i + 1}@example.co.th",
            reviewed_on=date(2024, 6, 1) if stale else year_start + timedelta(days=30 + 7 * i),
            pdpa_purpose="ประสานงานและบริหารความสัมพันธ์ตามเกณฑ์ SE-AM",
            pdpa_basis=LawfulBasis.LEGITIMATE_INTEREST, pdpa_retain_until=date(2030, 9, 30),
        )
        _new(session, actor, StakeholderIssue, eid, stakeholder_id=sh.id, issue="ความต่อเนื่องของการจ่ายน้ำ",
             importance_to_enterprise=5, importance_to_stakeholder=4 + (i % 2), resolved=i % 3 == 0)
        for q in range(4):
            _new(session, actor, VoiceOfStakeholder, eid, year=DEMO_YEAR, stakeholder_id=sh.id,
                 org_unit_id=units[line].id, received_on=year_start + timedelta(days=20 + 90 * q + i),
                 polarity=None if q == 3 else "negative" if (i + q) % 3 == 0 else "positive",  # tag optional (S5)
                 source="primary" if q % 2 == 0 else "secondary",
                 text=f"เสียงของ{group}: {'ข้อกังวลเรื่องน้ำไม่ไหล' if (i + q) % 3 == 0 else 'ชื่นชมความร่วมมือ'}")
        if internal or influence >= 4:
            plan = _new(session, actor, RelationshipPlan, eid, year=DEMO_YEAR, org_unit_id=units[line].id,
                        stakeholder_id=sh.id, title=f"แผนสร้างความสัมพันธ์กับ{group}",
                        objective="ลดประเด็นค้างและยกระดับการมีส่วนร่วม",
                        aligned_existing_plan="แผนสื่อสารองค์กร" if internal else None,
                        plan_source="staff_communication" if internal else "own",
                        aligned_with_strategy=internal and i != 3)  # one reused plan not yet aligned (S8)
            for q in range(1, 5):
                _new(session, actor, RelationshipActivity, eid, plan_id=plan.id, quarter=q,
                     activity=f"ประชุมหารือไตรมาส {q}", target="จัดได้ตามแผน", done=q <= 3,
                     result="ดำเนินการแล้ว" if q <= 3 else None)
    # S10: three high risks; one links to the enterprise risk plan, one has its own plan, one has neither.
    risks = [
        ("L03", "ชุมชนต่อต้านการขยายแหล่งน้ำดิบ", 4, 4, "ERM-2569-07", None),
        ("L02", "การเปลี่ยนแปลงนโยบายของหน่วยงานกำกับ", 4, 3, None, "แผนหารือหน่วยงานกำกับรายไตรมาสและติดตามร่างระเบียบ"),
        ("L04", "ข่าวเชิงลบในสื่อออนไลน์เรื่องคุณภาพน้ำ", 5, 3, None, None),
        ("L01", "ความขัดแย้งเรื่องสวัสดิการกับสหภาพแรงงาน", 2, 3, None, None),
    ]
    for line, text, impact, likelihood, erm, own_plan in risks:
        _new(session, actor, RelationshipRisk, eid, year=DEMO_YEAR, org_unit_id=units[line].id, description=text,
             impact=impact, likelihood=likelihood, control="ประชุมชี้แจงและสื่อสารเชิงรุก", erm_reference=erm,
             mitigation_plan=own_plan)
    # S9: the SM working group; the finance line has not named its representative yet.
    group = _new(session, actor, WorkingGroup, eid, year=DEMO_YEAR, code="WG-SM-2569",
                 name_th="คณะทำงานบริหารผู้มีส่วนได้ส่วนเสียและลูกค้า ปี 2569", appointment_ref="คำสั่งที่ 45/2568",
                 appointed_on=date(2025, 10, 15), duties="จัดทำและติดตามแผนบริหารผู้มีส่วนได้ส่วนเสียของทุกสายงาน")
    for unit, position in [("L01", "ผู้อำนวยการฝ่ายทรัพยากรบุคคล"), ("D021", "ผู้อำนวยการฝ่ายยุทธศาสตร์องค์กร"),
                           ("L03", "ผู้ช่วยผู้ว่าการสายงานปฏิบัติการผลิตน้ำ"), ("D041", "ผู้อำนวยการฝ่ายบริการลูกค้าสัมพันธ์")]:
        _new(session, actor, WorkingGroupMember, eid, group_id=group.id, org_unit_id=units[unit].id, position=position,
             role_in_group="กรรมการ")


def _load_bodies(session: Session, actor: Actor, eid: int) -> dict[str, GoverningBody]:
    specs = [
        ("BOD", "คณะกรรมการองค์การน้ำสะอาดแห่งชาติ", "board", True, True, True),
        ("CG-CRM", "คณะกรรมการกำกับดูแลกิจการที่ดีและลูกค้าสัมพันธ์", "committee", True, True, True),
        ("CS-WG", "คณะทำงานพัฒนาการบริการลูกค้า", "committee", False, False, True),
        ("EXCOM", "คณะกรรมการบริหาร (ฝ่ายบริหาร)", "executive", False, False, True),
    ]
    bodies = {}
    for code, name, kind, rep, delegated, duties in specs:
        bodies[code] = _new(session, actor, GoverningBody, eid, code=code, name_th=name, kind=kind,
                            has_board_representative=rep, formally_delegated=delegated, duties_defined=duties,
                            delegation_reference="คำสั่งคณะกรรมการ ที่ 3/2568" if delegated else None)
    return bodies


def _load_customers(session: Session, actor: Actor, eid: int, units: dict[str, OrgUnit], rng: random.Random) -> None:
    segments = [
        _new(session, actor, CustomerSegment, eid, year=DEMO_YEAR, org_unit_id=units["D042"].id, code=code, name_th=name,
             variables=variables, customer_count=count, needs="น้ำสะอาด ต่อเนื่อง แรงดันเพียงพอ",
             expectations="บริการรวดเร็ว แจ้งข่าวล่วงหน้า", risks="การย้ายไปใช้น้ำบาดาล")
        for code, name, variables, count in SEGMENTS
    ]
    channels_spec = [
        ("CH-1125", "ศูนย์บริการข้อมูล 1125", "call_center", False, ["SEG-HH", "SEG-BIZ"], ["current", "new"]),
        ("CH-APP", "แอปพลิเคชัน น้ำสะอาด", "mobile_app", True, ["SEG-HH", "SEG-BIZ"], ["current", "new"]),
        ("CH-KAM", "ผู้จัดการลูกค้ารายใหญ่ (Key Account)", "account_manager", False, ["SEG-IND", "SEG-GOV"], ["current", "prospective"]),
        ("CH-SOC", "สื่อสังคมออนไลน์ (Facebook/LINE OA)", "social_media", True, ["SEG-HH"], ["current", "prospective", "competitor"]),
        ("CH-BR", "สำนักงานสาขา", "branch", False, ["SEG-HH", "SEG-BIZ", "SEG-GOV"], ["current", "new"]),
    ]
    channels = [
        _new(session, actor, ListeningChannel, eid, code=code, name_th=name, kind=kind, is_digital=digital,
             owner_unit_id=units["D041"].id, frequency="ต่อเนื่อง", segment_codes=segs, lifecycle_groups=groups)
        for code, name, kind, digital, segs, groups in channels_spec
    ]
    aspects = list(VOC_TEXTS)
    kinds = ["need", "expectation", "complaint", "suggestion", "praise", "inquiry"]
    quarter_start = [date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]
    n = 0
    for q, start in enumerate(quarter_start, start=1):
        for _ in range(60):
            n += 1
            aspect = aspects[rng.randrange(4)] if q > 1 else aspects[rng.randrange(3)]  # Q1 had no relationship VOC
            _new(session, actor, VocRecord, eid, year=DEMO_YEAR, ref_no=f"VOC-69-{n:04d}",
                 org_unit_id=units[rng.choice(["D041", "D043", "D042", "D044"])].id,
                 received_on=start + timedelta(days=rng.randrange(88)), quarter=q, aspect=aspect,
                 lifecycle_group=rng.choice(["current", "current", "current", "new", "prospective"]),
                 kind=rng.choice(kinds), segment_id=rng.choice(segments).id, channel_id=rng.choice(channels).id,
                 touch_point=rng.choice(["ขอติดตั้ง", "ชำระเงิน", "แจ้งซ่อม", "สอบถามข้อมูล"]),
                 priority=rng.randint(1, 5), voc_status=rng.choice(["analysed", "assigned", "done", "closed"]),
                 text=rng.choice(VOC_TEXTS[aspect]),
                 customer_name=f"ลูกค้า {n}" if n % 4 == 0 else None,
                 customer_phone=f"08{rng.randint(10000000, 99999999)}" if n % 4 == 0 else None,
                 pdpa_purpose="ติดต่อกลับเรื่องเสียงของลูกค้า" if n % 4 == 0 else None,
                 pdpa_basis=LawfulBasis.CONSENT if n % 4 == 0 else None,
                 pdpa_retain_until=date(2028, 9, 30) if n % 4 == 0 else None)
    for q, day in [(1, date(2026, 1, 20)), (2, date(2026, 4, 22)), (3, date(2026, 7, 21))]:  # Q4 missing (P3)
        _new(session, actor, VocReport, eid, year=DEMO_YEAR, quarter=q, recipient="top_executives",
             reported_to="คณะกรรมการบริหาร (ผู้บริหารระดับสูง)",
             reported_on=day, summary=f"สรุปเสียงของลูกค้าไตรมาส {q} จัดลำดับความสำคัญตาม 4 มิติ")
    # C7: the importance of the four aspects compared for all customers (no segment ranking yet)
    for rank, aspect in enumerate(("product_service", "customer_support", "transaction", "relationship"), start=1):
        _new(session, actor, VocAspectRanking, eid, year=DEMO_YEAR, aspect=aspect, rank=rank,
             share=[42.0, 31.0, 18.0, 9.0][rank - 1], basis="สัดส่วน VOC และคะแนนความสำคัญจากการสำรวจประจำปี")
    for title, kind, source, evaluated, lessons, change in [
        ("ปรับปรุงระบบแจ้งเตือนหยุดจ่ายน้ำผ่าน LINE OA", "digital", "voc", date(2026, 3, 31), None, None),
        ("นำผลสำรวจความพึงพอใจเข้าสู่การทบทวนแผนยุทธศาสตร์", "strategy_input", "survey", None, None,
         "เพิ่มกลยุทธ์ลดเวลาซ่อมท่อในแผนปี 2570"),
        ("ลดเวลารอสาย 1125", "improvement", "complaint", date(2026, 6, 30), "คิวสายช่วงเช้าต้องเพิ่มพนักงาน", None),
        ("รายงานเสียงของลูกค้าต่อคณะกรรมการบริหารรายไตรมาส", "report_to_executives", "voc", None, None, None),
    ]:
        _new(session, actor, ImprovementAction, eid, year=DEMO_YEAR, org_unit_id=units["D044"].id, title=title,
             kind=kind, source=source, start_on=date(2026, 1, 1), due_on=date(2026, 9, 30), action_status="in_progress",
             evaluated_on=evaluated, lessons_learned=lessons, change_made=change)


def _load_service_and_complaints(
    session: Session, actor: Actor, eid: int, units: dict[str, OrgUnit], bodies: dict[str, GoverningBody],
    rng: random.Random,
) -> None:
    load_service_documents(session, actor, eid, units, bodies)
    standards_doc = session.exec(select(Document).where(Document.enterprise_id == eid,
                                                        Document.code == "DOC-SVC-STD")).one()
    for name, kind, minutes in [("ขอติดตั้งประปาใหม่", "core", 7 * 24 * 60), ("ซ่อมท่อแตกรั่ว", "core", 24 * 60),
                                ("ชำระค่าน้ำที่สาขา", "core", 10), ("ขอหนังสือรับรองการใช้น้ำ", "support", 2 * 24 * 60),
                                ("ตอบข้อสอบถามทางอีเมล", "support", 24 * 60)]:
        _new(session, actor, ServiceStandard, eid, year=DEMO_YEAR, document_id=standards_doc.id, org_unit_id=units["D041"].id,
             service_name=name, service_kind=kind, standard_minutes=minutes, achieved_share=round(rng.uniform(82, 97), 1))
    load_complaint_documents(session, actor, eid, bodies)
    channels = [
        _new(session, actor, ComplaintChannel, eid, code=code, name_th=name, is_digital=digital)
        for code, name, digital in [("CC-1125", "โทรศัพท์ 1125", False), ("CC-WEB", "เว็บไซต์", True),
                                    ("CC-LINE", "LINE OA", True), ("CC-BR", "สำนักงานสาขา", False),
                                    ("CC-LTR", "หนังสือ/จดหมาย", False)]
    ]
    hours = {"receive": 1, "acknowledge": 24, "respond": 72, "resolve": 15 * 24}
    for stage, max_hours in hours.items():
        _new(session, actor, ComplaintStandard, eid, year=DEMO_YEAR, stage=stage, max_hours=max_hours)
    for n in range(1, 161):
        received = datetime(2025, 10, 1, 8) + timedelta(hours=rng.randrange(0, 360 * 24 - 400))
        late = rng.random() < 0.13
        ack = received + timedelta(hours=rng.uniform(0.5, 40 if late else 20))
        resp = received + timedelta(hours=rng.uniform(24, 100 if late else 70))
        resolved = received + timedelta(hours=rng.uniform(48, 500 if late else 340))
        missing_ack = n % 53 == 0
        _new(session, actor, ComplaintCase, eid, year=DEMO_YEAR, case_no=f"CMP-69-{n:04d}",
             org_unit_id=units[rng.choice(["D041", "D043", "D033", "D034"])].id, channel_id=rng.choice(channels).id,
             subject=rng.choice(["น้ำไม่ไหล", "ค่าน้ำสูงผิดปกติ", "ท่อแตกไม่ได้รับการซ่อม", "พนักงานบริการไม่สุภาพ"]),
             received_at=received, acknowledged_at=None if missing_ack else ack, responded_at=resp,
             resolved_at=resolved if n % 17 else None,
             complainant_name=f"ผู้ร้องเรียน {n}", complainant_phone=f"08{rng.randint(10000000, 99999999)}",
             complainant_email=f"complainant{n}@example.com" if n % 3 == 0 else None,
             pdpa_purpose="ติดต่อกลับและแก้ไขข้อร้องเรียน", pdpa_basis=LawfulBasis.CONTRACT,
             pdpa_retain_until=date(2028, 9, 30))


def _load_surveys_and_plans(
    session: Session, actor: Actor, eid: int, units: dict[str, OrgUnit], bodies: dict[str, GoverningBody]
) -> None:
    _new(session, actor, Survey, eid, year=DEMO_YEAR, title="การสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพันของลูกค้า ปี 2569",
         kind="combined", conductor="external", scope="annual_major", consultant_name="สถาบันวิจัยมหาวิทยาลัยตัวอย่าง",
         method="แบบสอบถามและสัมภาษณ์เชิงลึก", sampling="สุ่มแบบแบ่งชั้นตามกลุ่มลูกค้า", sample_size=2400,
         response_rate=78.5, segment_codes=["SEG-HH", "SEG-BIZ", "SEG-IND"], compared_with=None,
         result_score=86.2, completed_on=date(2026, 8, 28))
    _new(session, actor, Survey, eid, year=DEMO_YEAR, title="แบบประเมินความพึงพอใจหลังรับบริการ ณ สาขา",
         kind="satisfaction", conductor="in_house", scope="after_service", method="แบบสอบถามออนไลน์ผ่าน QR",
         sample_size=15200, response_rate=12.0, segment_codes=["SEG-HH"], result_score=91.0, completed_on=date(2026, 9, 15))
    strategy_doc = add_document(
        session, actor, enterprise_id=eid, year=DEMO_YEAR - 1,
        data={"code": "DOC-CUST-STRAT", "kind": "customer_strategy", "title": "แผนยุทธศาสตร์ด้านลูกค้าและตลาด พ.ศ. 2568–2572"},
        version={"effective_on": date(2024, 10, 1), "declared": ["improvement_in_strategy"],
                 "last_reviewed_on": date(2025, 10, 8)})
    strategy = _new(session, actor, StrategyPlan, eid, year=DEMO_YEAR, kind="customer_strategy",
                    title="แผนยุทธศาสตร์ด้านลูกค้าและตลาด พ.ศ. 2568–2572", period="2568–2572",
                    components_complete=True, communicated=True, document_id=strategy_doc.document_id,
                    improvement_topics=["complaint_handling"])
    annual = _new(session, actor, StrategyPlan, eid, year=DEMO_YEAR, kind="annual_action", parent_id=strategy.id,
                  title="แผนปฏิบัติการด้านลูกค้า ประจำปี 2569", period="2569", components_complete=True, communicated=True)
    record_approval(session, actor, enterprise_id=eid, version_ids=[int(strategy_doc.id or 0)], data={
        "code": "APR-BOD-9-2568", "body_id": bodies["BOD"].id, "meeting_no": "9/2568",
        "meeting_date": date(2025, 10, 8), "resolution": "อนุมัติแผนยุทธศาสตร์ด้านลูกค้าและตลาด (ทบทวนประจำปี)"})
    for name, target, to, unit, partner in [
        ("ร้อยละความพึงพอใจของลูกค้า", "≥ 85", "unit", "L04", None),
        ("ร้อยละข้อร้องเรียนที่แก้ไขภายในมาตรฐาน", "≥ 90", "unit", "D041", None),
        ("ระยะเวลาซ่อมท่อแตกรั่ว", "≤ 24 ชม.", "unit", "D033", None),
        ("ร้อยละการตอบกลับภายใน 72 ชม.", "≥ 95", "staff", "D043", None),
        ("ความพร้อมของระบบชำระเงินออนไลน์", "99.5%", "partner", None, "ธนาคารพันธมิตร"),
    ]:
        _new(session, actor, PlanKpi, eid, plan_id=annual.id, name_th=name, target=target, cascade_to=to,
             org_unit_id=units[unit].id if unit else None, partner_name=partner)
    for body, no, day, subjects in [
        ("BOD", "2/2569", date(2026, 2, 25), ["customer_strategy", "complaints"]),
        ("BOD", "6/2569", date(2026, 6, 24), ["customer_strategy", "voc"]),
        ("EXCOM", "14/2569", date(2026, 4, 8), ["service_time", "complaints"]),
    ]:
        _new(session, actor, MonitoringMinute, eid, year=DEMO_YEAR, body_id=bodies[body].id, meeting_no=no,
             meeting_date=day, subjects=subjects, summary="ติดตามผลการดำเนินงานด้านลูกค้า")
    # P4: three projects answering VOC; the innovation states its basis; one lacks KM, one a business result
    for code, title, kind, status, km, business in [
        ("PRJ-01", "บริการขอติดตั้งมาตรวัดน้ำออนไลน์", "development", "done", "คู่มือการพัฒนาบริการดิจิทัล", None),
        ("PRJ-02", "มาตรวัดน้ำอัจฉริยะแจ้งเตือนน้ำรั่ว", "innovation", "in_progress", "ผลศึกษานำร่องปี 2568", None),
        ("PRJ-03", "ปรับปรุงขั้นตอนขอใช้น้ำสำหรับธุรกิจ", "development", "planned", None, None),
    ]:
        _new(session, actor, DevelopmentProject, eid, year=DEMO_YEAR, org_unit_id=units["D042"].id, code=code,
             title=title, kind=kind, project_status=status,
             voc_basis="VOC ด้านการทำธุรกรรม: ลูกค้าต้องการลดการเดินทางมาสาขา", risk_applied="ทะเบียนความเสี่ยงโครงการ",
             km_applied=km, target="ลดเวลาดำเนินการลงร้อยละ 30",
             innovation_basis="เทคโนโลยีใหม่ต่อองค์กรที่สร้างมูลค่าใหม่ให้ลูกค้า" if kind == "innovation" else None,
             outcome_measure="ร้อยละน้ำสูญเสียที่ลดลงในพื้นที่นำร่อง" if kind == "innovation" else None,
             efficiency_result="ใช้งบประมาณร้อยละ 92 ของแผน" if status == "done" else None,
             customer_value_result="ลูกค้าไม่ต้องเดินทางมาสาขา ลดเวลา 2 วัน" if status == "done" else None,
             business_result=business, evaluated_on=date(2026, 8, 15) if status == "done" else None,
             lessons_learned="ต้องทดสอบกับลูกค้าสูงอายุก่อนเปิดใช้" if status == "done" else None)


def _load_claims(session: Session, actor: Actor, eid: int) -> None:
    """The planning team's claims on judgement items, each linked to a record that shows it."""
    from sqlalchemy import text

    from evidence.services.claims import save_claim

    for item_id, (claim, target) in DEMO_CLAIMS.items():
        table, _, code = target.partition(":")
        where = " AND code = :code" if code else ""
        record_id = session.execute(
            text(f"SELECT min(id) FROM {table} WHERE enterprise_id = :eid{where}"),  # noqa: S608
            {"eid": eid, "code": code} if code else {"eid": eid},
        ).scalar()
        save_claim(session, actor, enterprise_id=eid, year=DEMO_YEAR, item_id=item_id, claim_text=claim,
                   linked_records=[{"table": table, "id": record_id}])


def _load_targets(session: Session, actor: Actor, eid: int) -> None:
    from evidence.services.dashboard import set_topic_target

    for topic, level in DEMO_TARGETS.items():
        set_topic_target(session, actor, enterprise_id=eid, year=DEMO_YEAR, topic_code=topic, target_level=level)
