"""Migration 0002 moves the documents of the first release into the register without losing a row:
complaint policies and charters become documents with one version, their flags declared facts; every
approval points at the versions it approved; files and claims follow their documents."""

import json
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from criteria.loader import load_version
from criteria.scoring import assess
from evidence import db
from evidence.snapshot import build_snapshot
from tests.conftest import PG_URL

NOW = datetime(2026, 1, 5, 9, 0)
STAMP = {"created_at": NOW, "updated_at": NOW, "created_by": "old", "updated_by": "old", "version": 1}


def _insert(conn, table: str, **values: object) -> int:
    values = {**values}
    columns = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    return int(conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"), values).scalar())  # noqa: S608


def _old_release(conn) -> dict[str, int]:
    """The rows a first-release database holds (schema 0001), written as that release wrote them."""
    eid = _insert(conn, "enterprise", code="OLD", name_th="การทดสอบ", top_executive_title="ผู้ว่าการ")
    _insert(conn, "assessmentyear", **STAMP, enterprise_id=eid, year=2569, basis="fiscal", criteria_version="2569.1",
            scoring_method="partial", claim_mode="self-assessment")
    unit = _insert(conn, "orgunit", **STAMP, enterprise_id=eid, code="L1", name_th="สายงานบริการ", kind="line",
                   reports_to_top=True, active=True)
    board = _insert(conn, "governingbody", **STAMP, enterprise_id=eid, code="BOD", name_th="คณะกรรมการ", kind="board",
                    has_board_representative=False, formally_delegated=False, duties_defined=False)
    reviewed = {**STAMP, "enterprise_id": eid, "status": "approved", "year": 2569}
    policy = _insert(conn, "complaintpolicy", **reviewed, title="นโยบายและคู่มือข้อร้องเรียน", kind="policy_and_procedure",
                     covers_complaint_handling=True, in_customer_strategy=True, reviewed_on=date(2025, 10, 1))
    charter = _insert(conn, "servicecharter", **reviewed, org_unit_id=unit, title="กฎบัตรและมาตรฐาน",
                      has_blueprint_frontstage=True, has_blueprint_backstage=True, has_blueprint_support=True,
                      has_guidelines=True, has_measurable_protocols=True, has_recovery_normal=True,
                      has_recovery_abnormal=False, from_journey_map=False, covers_before=True, covers_during=True,
                      covers_after=True, published_url="https://example.go.th/c", published_on=date(2025, 12, 1))
    standard = _insert(conn, "servicestandard", **reviewed, charter_id=charter, org_unit_id=unit, service_name="ซ่อมท่อ",
                       service_kind="core", standard_minutes=60)
    plan = _insert(conn, "strategyplan", **reviewed, kind="customer_strategy", title="แผนยุทธศาสตร์ลูกค้า",
                   components_complete=True, communicated=True)
    approvals = [
        _insert(conn, "approval", **reviewed, subject_type=kind, subject_id=sid, document_title=title, body_id=board,
                meeting_no=no, meeting_date=date(2025, 11, 1), signer_is_governor=False)
        for kind, sid, title, no in (("complaintpolicy", policy, "นโยบาย", "1/2569"),
                                     ("servicecharter", charter, "กฎบัตร", "2/2569"),
                                     ("strategyplan", plan, "แผน", "3/2569"),
                                     ("other", None, "คู่มือพนักงาน", "4/2569"))
    ]
    file_id = _insert(conn, "evidencefile", enterprise_id=eid, sha256="a" * 64, name="นโยบาย.pdf",
                      media_type="application/pdf", size=10, storage_key="aa/" + "a" * 64, uploaded_at=NOW,
                      uploaded_by="old")
    _insert(conn, "evidencelink", enterprise_id=eid, file_id=file_id, record_table="complaintpolicy", record_id=policy,
            linked_at=NOW, linked_by="old")
    _insert(conn, "itemclaim", **STAMP, enterprise_id=eid, year=2569, item_id="CM5.1-L1-a", claim_text="อ้าง",
            linked_records=json.dumps([{"table": "servicecharter", "id": charter}]), linked_file_ids="[]", state="claimed")
    return {"enterprise": eid, "policy": policy, "charter": charter, "standard": standard, "plan": plan,
            "approvals": len(approvals), "file": file_id}


@pytest.fixture
def old_engine(tmp_path) -> Engine:
    if PG_URL:
        engine = db.make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(engine, "0001")
    yield engine
    engine.dispose()
    if PG_URL:  # leave the shared database as the other tests expect it: migrated to head, empty
        engine = db.make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.upgrade(engine)
        engine.dispose()


def test_the_register_migration_moves_every_document_approval_file_link_and_claim(old_engine: Engine) -> None:
    with old_engine.begin() as conn:
        old = _old_release(conn)
    db.upgrade(old_engine, "0002_document_register")
    with old_engine.connect() as conn:
        docs = conn.execute(text("SELECT kind, title FROM document ORDER BY id")).all()
        assert [tuple(d) for d in docs] == [
            ("policy_and_procedure", "นโยบายและคู่มือข้อร้องเรียน"), ("charter_and_standards", "กฎบัตรและมาตรฐาน"),
            ("customer_strategy", "แผนยุทธศาสตร์ลูกค้า"), ("other", "คู่มือพนักงาน"),
        ]
        versions = conn.execute(text("SELECT id, declared, year_recorded, status FROM documentversion ORDER BY id")).all()
        assert [v.year_recorded for v in versions] == [2569] * 4
        declared = [set(v.declared if isinstance(v.declared, list) else json.loads(v.declared)) for v in versions]
        assert declared[0] == {"complaint_handling", "improvement_in_strategy"}
        assert declared[1] == {"blueprint_frontstage", "blueprint_backstage", "blueprint_support", "guidelines",
                               "measurable_protocols", "recovery_normal", "before", "during", "after"}
        assert conn.execute(text("SELECT count(*) FROM approvaldocument")).scalar() == old["approvals"]
        assert conn.execute(text("SELECT count(*) FROM approval WHERE code IS NULL")).scalar() == 0
        link = conn.execute(text("SELECT record_table, record_id FROM evidencelink")).one()
        assert (link.record_table, link.record_id) == ("documentversion", versions[0].id)
        claim = conn.execute(text("SELECT linked_records FROM itemclaim")).scalar()
        assert "documentversion" in str(claim) and "servicecharter" not in str(claim)
        assert conn.execute(text("SELECT document_id FROM servicestandard")).scalar() is not None
        assert conn.execute(text("SELECT document_id FROM strategyplan")).scalar() is not None
        tables = set(conn.dialect.get_table_names(conn))
        assert not {"complaintpolicy", "servicecharter"} & tables
    db.upgrade(old_engine)
    with Session(old_engine) as session:
        result = assess(load_version(2569), build_snapshot(session, enterprise_id=old["enterprise"], year=2569,
                                                         as_of=date(2026, 9, 30)))
    # the verdicts the first release gave on these documents stand after the move
    assert result.item("CM1.1-L3-a").met  # the board approved the strategy (C1)
    assert result.item("CM5.1-L2-b").met  # the charter's blueprint, guidelines, protocols, recovery plan (C3)
    assert not result.item("CM5.1-L2-c").met  # no recovery plan for abnormal events (C4)
    assert result.item("CM5.1-L3-c").met  # charter and standard in one published document (C5)
    assert result.item("CM5.3-L4-a").met  # complaint improvement in the strategy (C10)
