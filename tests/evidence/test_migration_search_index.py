"""Migration 0004 (search index) indexes the records that were already there, on SQLite and on
PostgreSQL, and from then on the triggers keep the index."""

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine, insert, select, text, update
from sqlalchemy.engine import make_url

from evidence import db
from evidence.services.search_index import installed_tables, sources
from tests.evidence.test_migration_0002 import _row

PG_URL = os.environ.get("SCM_TEST_DATABASE_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database at 0003 (PostgreSQL: a database of its own beside the test database)."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    else:
        if not PG_URL:
            pytest.skip("runs in the PostgreSQL pass (SCM_TEST_DATABASE_URL)")
        url = make_url(PG_URL)
        name = f"{url.database}_mig0004"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        engine = db.make_engine(url.set(database=name).render_as_string(hide_password=False))
    db.upgrade(engine, "0003_assessment_cycles")
    yield engine
    engine.dispose()


def test_0004_indexes_existing_records_and_then_follows_them(old_engine: Engine) -> None:
    meta = MetaData()
    meta.reflect(old_engine)
    t = meta.tables
    with old_engine.begin() as conn:
        conn.execute(insert(t["enterprise"]), _row(t["enterprise"], id=1, code="OLD"))
        conn.execute(insert(t["orgunit"]), _row(t["orgunit"], id=1, enterprise_id=1, code="L1", kind="line",
                                                name_th="สายงานบริการ"))
        conn.execute(insert(t["complaintcase"]), _row(
            t["complaintcase"], id=7, enterprise_id=1, year=2569, org_unit_id=1, case_no="C-7",
            subject="น้ำประปาไม่ไหลทั้งซอย", complainant_name="นางสาวมาลี ศรีสุข",
            complainant_phone="081-234-5678", complainant_email="Malee.S@Example.com", status="submitted"))
        conn.execute(insert(t["vocrecord"]), _row(
            t["vocrecord"], id=3, enterprise_id=1, year=2569, org_unit_id=1, ref_no="V-3", received_on=date(2026, 2, 1),
            quarter=2, text="ขอบคุณที่ซ่อมท่อรวดเร็ว", customer_phone="(02) 111 2222"))
    db.upgrade(old_engine)
    with old_engine.connect() as conn:
        rows = {(r.record_table, r.record_id): r for r in conn.execute(text(
            "SELECT record_table, record_id, enterprise_id, org_unit_id, status, year, body, people, phones, emails "
            "FROM searchdoc WHERE record_table IN ('complaintcase', 'vocrecord', 'orgunit')")).all()}
        assert installed_tables(conn) == {s.table for s in sources()}
    case = rows[("complaintcase", 7)]
    assert (case.enterprise_id, case.org_unit_id, case.status, case.year) == (1, 1, "submitted", 2569)
    assert "น้ำประปาไม่ไหลทั้งซอย" in case.body and case.people == "นางสาวมาลี ศรีสุข"
    assert case.phones.split() == ["0812345678"] and case.emails.split() == ["malee.s@example.com"]
    assert rows[("vocrecord", 3)].phones.split() == ["021112222"]
    assert "สายงานบริการ" in rows[("orgunit", 1)].body
    with old_engine.begin() as conn:  # the triggers take over from the backfill
        conn.execute(update(t["complaintcase"]).where(t["complaintcase"].c.id == 7).values(complainant_phone=None))
        conn.execute(t["vocrecord"].delete().where(t["vocrecord"].c.id == 3))
    with old_engine.connect() as conn:
        phones = conn.execute(text("SELECT phones FROM searchdoc WHERE record_table = 'complaintcase'")).scalar_one()
        left = conn.execute(select(text("count(*)")).select_from(text("searchdoc"))
                            .where(text("record_table = 'vocrecord'"))).scalar_one()
    assert phones.split() == [] and left == 0
