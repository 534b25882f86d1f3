"""Onboarding: `enterprise create`, the structure sheets, and an export that imports into an empty database."""

from sqlmodel import Session, select

from evidence.access import SYSTEM
from evidence.errors import ValidationFailed
from evidence.excel.exporter import export_workbook
from evidence.models import Enterprise, OrgUnit
from evidence.models.org import UnitKind, YearBasis
from evidence.services.org import add_unit, create_enterprise, find_year, open_year, top_departments_of
from portal.cli import main
from tests.cycles.support import empty_database
from tests.evidence.test_excel_roundtrip import sheets_of


def test_an_export_of_a_year_imports_into_an_empty_database_and_exports_to_the_same_workbook(
        engine, session, demo, tmp_path, capsys):
    """Runs on SQLite and PostgreSQL alike (SCM_TEST_DATABASE_URL)."""
    exported = export_workbook(session, SYSTEM, enterprise_id=demo, year=2569)
    session.close()
    empty_database(engine)
    with Session(engine) as fresh:
        assert fresh.exec(select(Enterprise)).first() is None
    book = tmp_path / "demo-2569.xlsx"
    book.write_bytes(exported)
    assert main(["import", str(book), "--enterprise", "DEMO", "--year", "2569"]) == 2
    assert "ไม่พบรัฐวิสาหกิจรหัส 'DEMO'" in capsys.readouterr().err
    assert main(["enterprise", "create", "DEMO", "--name", "การไฟฟ้าสาธิต", "--year-basis", "fiscal"]) == 0
    assert main(["year", "open", "--enterprise", "DEMO", "--year", "2569"]) == 0
    assert main(["import", str(book), "--enterprise", "DEMO", "--year", "2569"]) == 0, capsys.readouterr().err
    again = tmp_path / "again.xlsx"
    assert main(["export", str(again), "--enterprise", "DEMO", "--year", "2569"]) == 0
    assert sheets_of(again.read_bytes()) == sheets_of(exported)
    assert sheets_of(exported)["หน่วยงาน"][1:] and sheets_of(exported)["คณะกรรมการ"][1:]


def test_a_new_enterprise_on_the_calendar_year_opens_calendar_years(session):
    enterprise = create_enterprise(session, SYSTEM, code="CAL", name_th="องค์การปฏิทิน", year_basis="calendar")
    cycle = open_year(session, SYSTEM, enterprise_id=enterprise.id, year=2570)
    assert cycle.basis == YearBasis.CALENDAR
    assert [d.isoformat() for d in cycle.bounds()] == ["2027-01-01", "2027-12-31"]


def test_an_enterprise_code_is_taken_only_once(session, capsys):
    assert main(["enterprise", "create", "NEW", "--name", "องค์การใหม่"]) == 0
    assert main(["enterprise", "create", "NEW", "--name", "ซ้ำ"]) == 2
    assert "มีรัฐวิสาหกิจรหัส 'NEW' อยู่แล้ว" in capsys.readouterr().err
    session.expire_all()
    assert [e.name_th for e in session.exec(select(Enterprise)).all()] == ["องค์การใหม่"]


def test_a_department_with_no_line_reports_straight_to_the_top_executive(session):
    enterprise = create_enterprise(session, SYSTEM, code="ORG", name_th="องค์การ")
    add_unit(session, SYSTEM, enterprise_id=enterprise.id, code="L1", name_th="สายงานบริการ", kind=UnitKind.LINE)
    audit = add_unit(session, SYSTEM, enterprise_id=enterprise.id, code="D9", name_th="ฝ่ายตรวจสอบภายใน",
                     kind=UnitKind.DEPARTMENT, reports_to_top=True)
    under = add_unit(session, SYSTEM, enterprise_id=enterprise.id, code="D1", name_th="ฝ่ายบริการลูกค้า",
                     kind=UnitKind.DEPARTMENT, parent_code="L1", reports_to_top=True)
    assert (audit.parent_id, audit.reports_to_top) == (None, True)
    assert under.reports_to_top is False  # a department under a line reports through its line
    units = list(session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == enterprise.id)).all())
    assert [u.code for u in top_departments_of(units)] == ["D9"]
    try:
        add_unit(session, SYSTEM, enterprise_id=enterprise.id, code="D2", name_th="ฝ่ายลอย",
                 kind=UnitKind.DEPARTMENT, reports_to_top=False)
    except ValidationFailed as failure:
        assert [p.message for p in failure.problems] == ["ฝ่ายต้องสังกัดสายงาน หรือระบุว่ารายงานตรงต่อผู้บริหารสูงสุด"]
    else:
        raise AssertionError("a department with neither a line nor the top executive was accepted")
    assert find_year(session, enterprise.id, 2569) is None


def test_a_department_under_the_top_executive_counts_as_a_line_for_profile_coverage(session):
    """Issue 11 §1, FAQ SM5 (ฝ่ายตรวจสอบ): such a unit needs its own Stakeholder Profile set (S3)."""
    from datetime import date

    from criteria.loader import load_version
    from criteria.scoring import assess
    from evidence.services.missing import missing_items
    from evidence.services.org import open_year
    from evidence.snapshot import build_snapshot

    enterprise = create_enterprise(session, SYSTEM, code="ORG", name_th="องค์การ")
    open_year(session, SYSTEM, enterprise_id=enterprise.id, year=2569, criteria_version="2569.1")
    add_unit(session, SYSTEM, enterprise_id=enterprise.id, code="D9", name_th="ฝ่ายตรวจสอบภายใน",
             kind=UnitKind.DEPARTMENT, reports_to_top=True)
    snapshot = build_snapshot(session, enterprise_id=enterprise.id, year=2569, as_of=date(2026, 9, 30))
    assert [u.name for u in snapshot.lines()] == ["ฝ่ายตรวจสอบภายใน"]
    reasons = assess(load_version(2569), snapshot).item("SM1.1-L1-a").reasons
    assert any("ฝ่ายตรวจสอบภายใน" in r for r in reasons)
    texts = [m.message for m in missing_items(session, SYSTEM, enterprise_id=enterprise.id, year=2569)]
    assert any("ฝ่ายตรวจสอบภายใน" in t for t in texts)
