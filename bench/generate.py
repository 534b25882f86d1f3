"""Generate an enterprise at a named scale and bulk-load it into a migrated database.

Scales: S (demo size), M (a mid-size enterprise), L (12 lines, 120 departments, 5,000 stakeholders,
20,000 VOS, 500,000 VOC records, 200,000 complaint cases). Rows go in with SQLAlchemy core
executemany inside one transaction per table, so loading L stays well under two minutes.

    python -m bench.generate --scale L --out /tmp/bench-L.db
"""

import argparse
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlmodel import Session, SQLModel

from evidence import db
from evidence.models import (
    Approval,
    ApprovalDocument,
    AssessmentYear,
    ComplaintCase,
    ComplaintChannel,
    ComplaintStandard,
    CustomerSegment,
    DevelopmentProject,
    Document,
    DocumentVersion,
    Enterprise,
    GoverningBody,
    ListeningChannel,
    MonitoringMinute,
    OrgUnit,
    RelationshipPlan,
    RelationshipRisk,
    ServiceStandard,
    Stakeholder,
    Survey,
    VocAspectRanking,
    VocRecord,
    VocReport,
    VoiceOfStakeholder,
    WorkingGroup,
    WorkingGroupMember,
)
from evidence.models.base import utcnow
from evidence.planner_stats import analyze_loaded
from evidence.services import search_index


@dataclass(frozen=True)
class Scale:
    name: str
    lines: int
    departments: int
    stakeholders: int
    vos: int
    voc: int
    complaints: int
    segments: int = 8


SCALES = {
    "S": Scale("S", lines=5, departments=18, stakeholders=12, vos=48, voc=240, complaints=160, segments=4),
    "M": Scale("M", lines=8, departments=50, stakeholders=800, vos=3_000, voc=50_000, complaints=20_000),
    "L": Scale("L", lines=12, departments=120, stakeholders=5_000, vos=20_000, voc=500_000, complaints=200_000),
}

YEAR = 2569
BATCH = 20_000
ASPECTS = ["product_service", "customer_support", "transaction", "relationship"]
KINDS = ["need", "expectation", "complaint", "suggestion", "praise", "inquiry"]
LIFECYCLE = ["current", "current", "new", "prospective", "former", "competitor"]
VOC_STATUS = ["new", "analysed", "assigned", "done", "closed"]
YEAR_START = date(2025, 10, 1)


@dataclass(frozen=True)
class GenerationStats:
    scale: str
    enterprise_id: int
    rows: dict[str, int]
    seconds: float


def _stamp() -> dict[str, object]:
    now = utcnow()
    return {"created_at": now, "updated_at": now, "created_by": "bench", "updated_by": "bench", "version": 1}


def _reviewed() -> dict[str, object]:
    return {**_stamp(), "status": "approved"}


def _insert(engine: Engine, model: type[SQLModel], rows: Iterator[dict[str, object]] | list[dict[str, object]]) -> int:
    table = model.__table__  # type: ignore[attr-defined]
    count = 0
    batch: list[dict[str, object]] = []
    with engine.begin() as conn:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                conn.execute(insert(table), batch)
                count += len(batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
            count += len(batch)
    return count


def _ids(engine: Engine, model: type[SQLModel], enterprise_id: int) -> list[int]:
    table = model.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(table.select().with_only_columns(table.c.id)
                                           .where(table.c.enterprise_id == enterprise_id).order_by(table.c.id))]


def generate(engine: Engine, scale: Scale, *, code: str | None = None, seed: int = 2569) -> GenerationStats:
    """Load one enterprise of `scale` into an already migrated database."""
    started = time.perf_counter()
    rng = random.Random(seed)
    code = code or f"BENCH-{scale.name}"
    rows: dict[str, int] = {}
    with engine.begin() as conn:
        eid = conn.execute(insert(Enterprise.__table__).values(  # type: ignore[attr-defined]
            code=code, name_th=f"รัฐวิสาหกิจทดสอบขนาด {scale.name}", top_executive_title="ผู้ว่าการ")).inserted_primary_key[0]
        conn.execute(insert(AssessmentYear.__table__), [  # type: ignore[attr-defined]
            {**_stamp(), "enterprise_id": eid, "year": y, "basis": "fiscal", "criteria_version": "2569.1",
             "scoring_method": "partial", "claim_mode": "self-assessment"} for y in (YEAR - 1, YEAR)])
    rows["orgunit"] = _insert(engine, OrgUnit, (
        {**_stamp(), "enterprise_id": eid, "code": f"L{i:02d}", "name_th": f"สายงานที่ {i}", "kind": "line",
         "parent_id": None, "reports_to_top": True, "active": True} for i in range(1, scale.lines + 1)))
    lines = _ids(engine, OrgUnit, eid)
    rows["orgunit"] += _insert(engine, OrgUnit, (
        {**_stamp(), "enterprise_id": eid, "code": f"D{i:03d}", "name_th": f"ฝ่ายที่ {i}", "kind": "department",
         "parent_id": lines[i % len(lines)], "reports_to_top": False, "active": True}
        for i in range(1, scale.departments + 1)))
    units = _ids(engine, OrgUnit, eid)
    departments = units[len(lines):]
    rows["stakeholder"] = _insert(engine, Stakeholder, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "org_unit_id": lines[i % len(lines)] if i < len(lines) * 3
         else rng.choice(units), "code": f"SH-{i:05d}", "group_name": f"กลุ่มผู้มีส่วนได้ส่วนเสีย {i}",
         "is_internal": i % 7 == 0, "stakeholder_status": "internal" if i % 7 == 0 else "private",
         "working_model": "พันธกิจ โครงสร้าง เครือข่าย", "role": "ผู้ใช้บริการ", "key_issues": "คุณภาพบริการ",
         "needs_from_enterprise": "บริการต่อเนื่อง", "enterprise_needs": "ความร่วมมือ", "relationship_level": "ดี",
         "interest": rng.randint(1, 5), "influence": rng.randint(1, 5), "engagement_current": "consult",
         "importance": None if i % 50 == 0 else rng.choice(["high", "medium", "low"]),
         "engagement_desired": "involve", "representative_name": f"ผู้แทน {i}", "representative_phone": "0812345678",
         "representative_email": f"rep{i}@example.com", "coordinator_name": f"ผู้ประสาน {i}",
         "reviewed_on": YEAR_START + timedelta(days=rng.randrange(300)) if i % 10 else date(2024, 1, 1)}
        for i in range(scale.stakeholders)))
    stakeholders = _ids(engine, Stakeholder, eid)
    rows["voiceofstakeholder"] = _insert(engine, VoiceOfStakeholder, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "stakeholder_id": rng.choice(stakeholders),
         "org_unit_id": rng.choice(units), "received_on": YEAR_START + timedelta(days=rng.randrange(360)),
         "polarity": rng.choice(["positive", "negative", None]), "source": rng.choice(["primary", "secondary"]),
         "text": "เสียงของผู้มีส่วนได้ส่วนเสีย"} for _ in range(scale.vos)))
    rows["relationshipplan"] = _insert(engine, RelationshipPlan, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "org_unit_id": line, "title": f"แผนความสัมพันธ์ {n}",
         "plan_source": "customer_relationship" if n % 4 == 1 else "own", "aligned_with_strategy": n % 8 == 1}
        for n, line in enumerate(lines)))
    rows["relationshiprisk"] = _insert(engine, RelationshipRisk, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "org_unit_id": rng.choice(lines),
         "description": f"ความเสี่ยง {n}", "impact": rng.randint(1, 5), "likelihood": rng.randint(1, 5),
         "control": "มาตรการควบคุม", "erm_reference": f"ERM-{n}" if n % 3 else None,
         "mitigation_plan": "แผนจัดการความเสี่ยงของสายงาน" if n % 3 == 0 and n % 2 else None}
        for n in range(len(lines) * 4)))
    rows["workinggroup"] = _insert(engine, WorkingGroup, [
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "code": "WG-SM", "name_th": "คณะทำงานบริหารผู้มีส่วนได้ส่วนเสีย"}])
    group = _ids(engine, WorkingGroup, eid)[0]
    rows["workinggroupmember"] = _insert(engine, WorkingGroupMember, (  # the last line has no representative yet
        {**_stamp(), "enterprise_id": eid, "group_id": group, "org_unit_id": line, "position": "ผู้แทนสายงาน"}
        for line in lines[:-1]))
    rows["customersegment"] = _insert(engine, CustomerSegment, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "code": f"SEG-{n}", "name_th": f"กลุ่มลูกค้า {n}",
         "is_target": True} for n in range(scale.segments)))
    segments = _ids(engine, CustomerSegment, eid)
    rows["listeningchannel"] = _insert(engine, ListeningChannel, (
        {**_reviewed(), "enterprise_id": eid, "code": f"CH-{n}", "name_th": f"ช่องทาง {n}", "kind": "call_center",
         "is_digital": n % 2 == 0, "segment_codes": [f"SEG-{s}" for s in range(scale.segments)],
         "lifecycle_groups": ["current", "new", "prospective"] if n % 2 else ["current", "former"]} for n in range(10)))
    channels = _ids(engine, ListeningChannel, eid)
    rows["vocrecord"] = _insert(engine, VocRecord, _voc_rows(eid, scale, rng, departments or units, segments, channels))
    rows["vocreport"] = _insert(engine, VocReport, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "quarter": q, "recipient": "top_executives",
         "reported_to": "คณะกรรมการบริหาร", "reported_on": YEAR_START + timedelta(days=90 * q - 5)} for q in (1, 2, 3)))
    rows["vocaspectranking"] = _insert(engine, VocAspectRanking, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "aspect": aspect, "rank": rank}
        for rank, aspect in enumerate(ASPECTS, start=1)))
    rows["developmentproject"] = _insert(engine, DevelopmentProject, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "org_unit_id": rng.choice(units), "code": f"PRJ-{n:03d}",
         "title": f"โครงการพัฒนา {n}", "kind": "innovation" if n % 5 == 0 else "development",
         "project_status": "done" if n % 2 else "in_progress", "voc_basis": "VOC ด้านธุรกรรม",
         "risk_applied": "ทะเบียนความเสี่ยง", "km_applied": "คู่มือ" if n % 4 else None, "target": "ลดเวลาร้อยละ 20"}
        for n in range(scale.lines * 2)))
    bodies = _insert(engine, GoverningBody, (
        {**_stamp(), "enterprise_id": eid, "code": c, "name_th": n, "kind": k, "has_board_representative": r,
         "formally_delegated": r, "duties_defined": True}
        for c, n, k, r in [("BOD", "คณะกรรมการ", "board", True), ("CRM", "คณะกรรมการลูกค้าสัมพันธ์", "committee", True),
                           ("WG", "คณะทำงาน", "committee", False)]))
    rows["governingbody"] = bodies
    body_ids = _ids(engine, GoverningBody, eid)
    rows["complaintchannel"] = _insert(engine, ComplaintChannel, (
        {**_reviewed(), "enterprise_id": eid, "code": f"CC-{n}", "name_th": f"ช่องทางร้องเรียน {n}", "is_digital": n > 2}
        for n in range(6)))
    complaint_channels = _ids(engine, ComplaintChannel, eid)
    rows["complaintstandard"] = _insert(engine, ComplaintStandard, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "stage": s, "max_hours": h}
        for s, h in [("receive", 1), ("acknowledge", 24), ("respond", 72), ("resolve", 360)]))
    rows["complaintcase"] = _insert(engine, ComplaintCase, _complaint_rows(eid, scale, rng, departments or units,
                                                                          complaint_channels))
    rows["document"] = _insert(engine, Document, [
        {**_stamp(), "enterprise_id": eid, "code": code, "kind": kind, "title": title, "review_every_months": 12}
        for code, kind, title in [("DOC-CMP", "policy_and_procedure", "นโยบายและขั้นตอนการจัดการข้อร้องเรียน"),
                                  ("DOC-SVC", "charter_and_standards", "กฎบัตรและมาตรฐานการให้บริการ")]])
    doc_ids = _ids(engine, Document, eid)
    charter_facts = ["blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
                     "measurable_protocols", "recovery_normal", "recovery_abnormal", "journey_map", "before",
                     "during", "after"]
    rows["documentversion"] = _insert(engine, DocumentVersion, [
        {**_reviewed(), "enterprise_id": eid, "code": "DOC-CMP/1", "document_id": doc_ids[0], "label": "1",
         "effective_on": date(2024, 10, 1), "year_recorded": YEAR - 1, "declared_approved": True,
         "declared": ["complaint_handling", "improvement_in_strategy", "complaint_standards"]},
        {**_reviewed(), "enterprise_id": eid, "code": "DOC-SVC/1", "document_id": doc_ids[1], "label": "1",
         "effective_on": date(2025, 12, 1), "year_recorded": YEAR, "declared_approved": True, "declared": charter_facts,
         "published_url": "https://example.com/charter", "published_on": date(2025, 12, 1)}])
    version_ids = _ids(engine, DocumentVersion, eid)
    rows["approval"] = _insert(engine, Approval, [
        {**_reviewed(), "enterprise_id": eid, "code": "APR-1", "body_id": body_ids[0], "meeting_no": "1/2569",
         "meeting_date": date(2025, 11, 1)}])
    rows["approvaldocument"] = _insert(engine, ApprovalDocument, [
        {**_stamp(), "enterprise_id": eid, "approval_id": _ids(engine, Approval, eid)[0], "version_id": vid}
        for vid in version_ids])
    rows["servicestandard"] = _insert(engine, ServiceStandard, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "service_name": f"บริการ {n}",
         "service_kind": "core" if n % 3 else "support", "standard_minutes": 60 * (n + 1)} for n in range(30)))
    rows["monitoringminute"] = _insert(engine, MonitoringMinute, (
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "body_id": body_ids[0], "meeting_no": f"{q}/2569",
         "meeting_date": YEAR_START + timedelta(days=90 * q - 30), "subjects": ["customer_strategy", "service_time"]}
        for q in (1, 2, 3, 4)))
    rows["survey"] = _insert(engine, Survey, [
        {**_reviewed(), "enterprise_id": eid, "year": YEAR, "title": "สำรวจความพึงพอใจประจำปี", "kind": "combined",
         "conductor": "external", "scope": "annual_major", "sample_size": 3000, "response_rate": 70.0,
         "segment_codes": [f"SEG-{s}" for s in range(scale.segments)], "completed_on": date(2026, 8, 1)}])
    with Session(engine) as session:  # fresh planner statistics after the bulk load (issue 18 §2)
        analyze_loaded(session, rows, threshold=1)
        session.commit()
    return GenerationStats(scale.name, int(eid), rows, time.perf_counter() - started)


@contextmanager
def bulk_load(engine: Engine) -> Iterator[None]:
    """Load without the search index's per-row triggers, then index every table in one pass and give
    the planner fresh statistics of the index (a new database only: nothing else may write meanwhile)."""
    with search_index.suspended(engine):
        yield
    with Session(engine) as session:
        analyze_loaded(session, {"searchdoc": 1}, threshold=1)
        session.commit()


def _voc_rows(eid: int, scale: Scale, rng: random.Random, units: list[int], segments: list[int],
              channels: list[int]) -> Iterator[dict[str, object]]:
    stamp = _reviewed()
    for n in range(scale.voc):
        day = YEAR_START + timedelta(days=rng.randrange(365))
        yield {**stamp, "enterprise_id": eid, "year": YEAR, "ref_no": f"V{n:07d}", "org_unit_id": rng.choice(units),
               "received_on": day, "quarter": ((day.month - 10) % 12) // 3 + 1, "aspect": rng.choice(ASPECTS),
               "lifecycle_group": rng.choice(LIFECYCLE), "kind": rng.choice(KINDS), "segment_id": rng.choice(segments),
               "channel_id": rng.choice(channels), "priority": rng.randint(1, 5), "voc_status": rng.choice(VOC_STATUS),
               "text": "เสียงของลูกค้า", "customer_name": f"ลูกค้า {n}" if n % 10 == 0 else None}


def _complaint_rows(eid: int, scale: Scale, rng: random.Random, units: list[int],
                    channels: list[int]) -> Iterator[dict[str, object]]:
    stamp = _reviewed()
    start = datetime(2025, 10, 1, 8)
    for n in range(scale.complaints):
        received = start + timedelta(minutes=rng.randrange(360 * 24 * 60 - 30 * 24 * 60))
        yield {**stamp, "enterprise_id": eid, "year": YEAR, "case_no": f"C{n:07d}", "org_unit_id": rng.choice(units),
               "channel_id": rng.choice(channels), "subject": "ข้อร้องเรียน", "received_at": received,
               "acknowledged_at": received + timedelta(hours=rng.uniform(0.2, 30)) if n % 40 else None,
               "responded_at": received + timedelta(hours=rng.uniform(2, 90)),
               "resolved_at": received + timedelta(hours=rng.uniform(10, 420)) if n % 25 else None,
               "complainant_name": f"ผู้ร้อง {n}", "complainant_phone": "0890000000"}


def main() -> None:
    parser = argparse.ArgumentParser(description="สร้างข้อมูลทดสอบสมรรถนะตามขนาด S/M/L")
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument("--out", type=Path, help="ไฟล์ SQLite ปลายทาง (สร้างใหม่)")
    parser.add_argument("--url", help="หรือฐานข้อมูล PostgreSQL ที่ว่างอยู่ (postgresql+psycopg://…)")
    args = parser.parse_args()
    if args.url:
        engine = db.make_engine(args.url)
    else:
        args.out.unlink(missing_ok=True)
        engine = db.make_engine(f"sqlite:///{args.out.resolve()}")
    t0 = time.perf_counter()
    db.upgrade(engine)
    with bulk_load(engine):
        stats = generate(engine, SCALES[args.scale])
    engine.dispose()
    total = time.perf_counter() - t0
    size_mb = args.out.stat().st_size / 1e6 if args.out else 0.0
    print(f"scale {stats.scale}: {sum(stats.rows.values()):,} rows in {stats.seconds:.1f} s "
          f"(with migration {total:.1f} s), database {size_mb:.0f} MB")
    for table, count in stats.rows.items():
        print(f"  {table}: {count:,}")


if __name__ == "__main__":
    main()
