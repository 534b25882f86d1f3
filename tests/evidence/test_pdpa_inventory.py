import io
from datetime import date

import openpyxl
import pytest
from sqlmodel import select

from evidence.errors import PermissionDenied
from evidence.models import AuditLog
from evidence.pdpa.catalog import personal_data_tables
from evidence.pdpa.inventory import build_inventory, inventory_xlsx
from evidence.validation import pii_kind
from tests.evidence.pdpa_world import add_person_records, build_world, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def world(session):
    world = build_world(session)
    add_person_records(session, world, retain_until=date(2027, 9, 30))
    return world


def test_the_inventory_lists_exactly_the_declared_personal_data_columns(session, world):
    entries = build_inventory(session, world.actor("planner"), enterprise_id=world.enterprise_id)
    declared = {(t.name, c) for t in personal_data_tables() for c, _ in t.pii}
    assert {(e.table, e.column) for e in entries} == declared
    assert all(pii_kind(t.model, c) for t in personal_data_tables() for c, _ in t.pii)
    assert {("complaintcase", "complainant_phone"), ("stakeholder", "coordinator_email"), ("user", "email"),
            ("vocrecord", "customer_name")} <= declared


def test_each_entry_states_purpose_basis_retention_counts_and_who_sees_it(session, world):
    entries = build_inventory(session, world.actor("planner"), enterprise_id=world.enterprise_id,
                              today=date(2028, 1, 1))
    phone = next(e for e in entries if (e.table, e.column) == ("complaintcase", "complainant_phone"))
    assert (phone.table_label, phone.column_label, phone.kind) == ("เรื่องร้องเรียน", "โทรศัพท์ผู้ร้องเรียน",
                                                                   "หมายเลขโทรศัพท์")
    assert (phone.purpose, phone.basis, phone.retention) == ("ติดต่อกลับ", "สัญญา (2)", "ถึง 30 กันยายน 2570")
    assert (phone.records, phone.missing_basis, phone.past_retention) == (2, 0, 2)
    assert phone.full_view == "ผู้ดูแลระบบ, ฝ่ายแผน / คณะทำงาน SCM, เจ้าหน้าที่หน่วยงานเจ้าของข้อมูล"
    assert phone.masked_view == "เจ้าหน้าที่หน่วยงานอื่น, ผู้บริหาร, ผู้ประเมิน"
    email = next(e for e in entries if (e.table, e.column) == ("user", "email"))
    assert email.purpose == "บริหารบัญชีผู้ใช้และสิทธิ์การเข้าถึงพอร์ทัล"


def test_the_inventory_exports_to_excel_and_the_export_is_audited(session, world):
    data = inventory_xlsx(session, world.actor("planner"), enterprise_id=world.enterprise_id)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["บัญชีข้อมูลส่วนบุคคล"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == ["ตาราง", "ข้อมูล", "ประเภทข้อมูลส่วนบุคคล", "วัตถุประสงค์", "ฐานทางกฎหมาย",
                           "ระยะเวลาเก็บรักษา"]
    assert len(rows) - 1 == sum(len(t.pii) for t in personal_data_tables())
    assert session.exec(select(AuditLog.action).where(AuditLog.action == "export:inventory").order_by(AuditLog.id)).all() == [
        "export:inventory"]


@pytest.mark.parametrize("username", ["staff1", "boss", "judge"])
def test_only_the_planning_team_and_administrators_read_the_inventory(session, world, username):
    with pytest.raises(PermissionDenied):
        build_inventory(session, world.actor(username), enterprise_id=world.enterprise_id)
