import io

import openpyxl
import pandas as pd
from sqlmodel import Session, select

from evidence.access import SYSTEM
from evidence.excel.exporter import export_workbook, template_workbook
from evidence.excel.importer import import_file
from evidence.excel.schema import FAMILIES, INSTRUCTIONS_SHEET, LISTS_SHEET
from evidence.models import Enterprise, VocRecord
from evidence.services.org import create_enterprise, open_year
from portal.cli import main
from tests.evidence.excel_support import demo_actor


def sheets_of(data: bytes) -> dict[str, list[list[str]]]:
    """Every data sheet as text cells, header row first (the instructions sheet names the enterprise)."""
    frames = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="calamine", dtype=object)
    return {name: [list(frame.columns), *frame.fillna("").astype(str).values.tolist()]
            for name, frame in frames.items() if name != INSTRUCTIONS_SHEET}


def records_of(session: Session, enterprise_id: int, year: int = 2569) -> dict[str, int]:
    """Rows per sheet of the enterprise (families with a year: that year's; the demo holds 2568 too)."""
    def rows(f):  # noqa: ANN001, ANN202
        query = select(f.model).where(f.model.enterprise_id == enterprise_id)
        return query.where(f.model.year == year) if f.has_year else query
    return {f.sheet: len(session.exec(rows(f)).all()) for f in FAMILIES}


def test_an_export_imported_into_an_empty_enterprise_gives_the_same_records(session, demo):
    """Runs on SQLite and PostgreSQL alike: the copy goes into a new enterprise with no records at all."""
    planner = demo_actor(session, "planner")
    exported = export_workbook(session, planner, enterprise_id=demo, year=2569)
    copy = create_enterprise(session, SYSTEM, code="COPY", name_th="รัฐวิสาหกิจสำเนา")
    open_year(session, SYSTEM, enterprise_id=copy.id, year=2569)
    assert sum(records_of(session, copy.id).values()) == 0
    report = import_file(session, SYSTEM, data=exported, filename="export.xlsx", enterprise_id=copy.id, year=2569)
    session.commit()
    assert report.stored, report.problems[:3]
    again = export_workbook(session, SYSTEM, enterprise_id=copy.id, year=2569)
    assert sheets_of(again) == sheets_of(exported)
    assert records_of(session, copy.id) == records_of(session, demo)
    assert records_of(session, copy.id)["VOC"] == 240 and records_of(session, copy.id)["เรื่องร้องเรียน"] == 160


def test_the_template_has_thai_headers_drop_downs_and_an_instructions_sheet():
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    assert book.sheetnames[:2] == [INSTRUCTIONS_SHEET, LISTS_SHEET]
    assert book.sheetnames[2:] == [f.sheet for f in FAMILIES]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    voc = book["VOC"]
    assert [c.value for c in voc[1]][:3] == ["เลขที่อ้างอิง", "รหัสหน่วยงาน", "วันที่ได้รับ"]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in voc.data_validations.dataValidation}
    aspect = [c.column_letter for c in voc[1] if c.value == "มิติของ VOC"][0]
    source = lists[f"{aspect}2"]
    values = [row[0].value for row in book[LISTS_SHEET][source.split("!")[1].replace("$", "")]]
    assert values == ["ผลิตภัณฑ์และบริการ", "การสนับสนุนลูกค้า", "การทำธุรกรรม", "การบริหารความสัมพันธ์"]
    text = " ".join(str(c.value) for row in book[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "พ.ศ." in text and "คีย์: เลขที่อ้างอิง" in text


def test_the_commands_write_a_template_export_and_import_it_back(session, demo, tmp_path, capsys):
    template, exported = tmp_path / "template.xlsx", tmp_path / "export.xlsx"
    assert main(["template", str(template), "--enterprise", "DEMO", "--year", "2569"]) == 0
    assert main(["export", str(exported), "--enterprise", "DEMO", "--year", "2569", "--as", "planner"]) == 0
    assert openpyxl.load_workbook(template).sheetnames[2:] == [f.sheet for f in FAMILIES]
    assert main(["import", str(exported), "--enterprise", "DEMO", "--year", "2569", "--dry-run"]) == 0
    assert "ไม่พบปัญหา" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("เลขที่อ้างอิง,รหัสหน่วยงาน,วันที่ได้รับ,ไตรมาส,มิติของ VOC,ประเภทเสียงลูกค้า,เนื้อหา\n"
                   "X-9,D041,1/1/2500,1,transaction,need,ทดสอบ\n", encoding="utf-8")
    assert main(["import", str(bad), "--enterprise", "DEMO", "--year", "2569"]) == 2
    assert "วันที่อยู่นอกรอบการประเมิน" in capsys.readouterr().err
    with Session(session.get_bind()) as fresh:
        assert fresh.exec(select(VocRecord).where(VocRecord.ref_no == "X-9")).first() is None
        assert fresh.exec(select(Enterprise)).first() is not None
