"""What an assessor checks in the generated documents (issue 15): citations, stored targets, document
control, masking by default, register workbooks, layout options; read from the documents' text and XML."""

import csv
import io
import re
import zipfile
from datetime import datetime

import openpyxl
from sqlmodel import select

from criteria.snapshot import Citation
from evidence.access import SYSTEM, actor_for
from evidence.models import Stakeholder
from evidence.services.dashboard import topic_targets
from evidence.services.scoring import score_enterprise
from evidence.services.users import find_user
from evidence.thai_dates import thai_date
from reports.cite_text import citation_line, thai_sentence
from reports.control import ReportOptions
from reports.file_source import store_source
from reports.jobs import make_evidence_pack, make_readiness_report
from reports.pack_zip import INDEX_NAME, csv_cell, index_csv
from reports.readiness import build_readiness_report
from tests.reports.conftest import body_text, find_table, open_docx

ENGLISH_CODE = re.compile(r"\((?:[a-z]+_[a-z_]+|former|after|before|partial|self-assessment|confirmed)\)")


def _demo_report(session, demo, **kwargs):
    return make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569, heat_map=False, **kwargs)


def test_every_met_rule_item_of_the_demo_cites_its_evidence_in_its_row(session, demo):
    result = score_enterprise(session, SYSTEM, enterprise_id=demo, year=2569)
    document = open_docx(_demo_report(session, demo).data)
    rows = {row[0].split("\n")[0].split(" · ")[1]: row
            for table in find_table(document, "รายการเกณฑ์", "ผล") for row in table[1:]}
    [annex] = find_table(document, "หัวข้อย่อย", "รายการ")  # levels not yet reachable
    rows.update({row[1].split()[0]: row for row in annex[1:]})
    met_rule_items = [i for s in result.subtopics() for i in s.items if i.met and i.kind == "rule"]
    assert met_rule_items
    for item in met_rule_items:
        cell = rows[item.id][3]
        assert cell.startswith("• "), item.id
        if item.citations:
            assert citation_line(item.citations[0]).split("\n")[0] in cell, item.id
        else:  # a rule that counted a whole register cites it and where its rows are in the pack
            assert f"registers/{item.id.split('-')[0]}.xlsx" in cell, item.id


def test_a_citation_line_names_document_version_page_body_meeting_file_and_short_hash():
    line = citation_line(Citation(
        "approval", "นโยบายการจัดการข้อร้องเรียน", document="นโยบายการจัดการข้อร้องเรียน", version="ฉบับที่ 2",
        locator="หน้า 3", body="คณะกรรมการองค์การ", meeting_no="11/2568", meeting_date=datetime(2025, 10, 30).date(),
        file_name="มติ.pdf", sha256="ab" * 32,
    ))
    assert line == ("การอนุมัติ: นโยบายการจัดการข้อร้องเรียน · ฉบับ ฉบับที่ 2 · หน้า 3 · อนุมัติโดย คณะกรรมการองค์การ · "
                    "การประชุมครั้งที่ 11/2568 วันที่ 30 ตุลาคม 2568 · ไฟล์ มติ.pdf · SHA-256 abababababab")
    row = citation_line(Citation("record", "ผู้ประสานงานยังว่าง", code="SH-L01-01", verdict="fail"))
    assert row == "ทะเบียน (ไม่ผ่าน): ผู้ประสานงานยังว่าง · รหัส SH-L01-01"
    said = citation_line(Citation("approval", "มติ ครั้งที่ 5/2568", meeting_no="5/2568", locator="หน้า 1"))
    assert said == "การอนุมัติ: มติ ครั้งที่ 5/2568 · หน้า 1"  # what the label says is not repeated


def test_english_codes_inside_thai_sentences_become_thai_labels():
    assert thai_sentence("ไม่มีรายงานการประชุมที่กำกับติดตาม (stakeholder_plan)") == (
        "ไม่มีรายงานการประชุมที่กำกับติดตาม (แผนสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย)")
    assert thai_sentence("ยังไม่รับฟังลูกค้ากลุ่ม (former)") == "ยังไม่รับฟังลูกค้ากลุ่ม (ลูกค้าในอดีต)"
    assert thai_sentence("ขาด แผนสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย (stakeholder_plan)") == (
        "ขาด แผนสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย")  # the label is already there: the code just goes


def test_the_demo_report_has_no_english_codes_in_thai_sentences(session, demo):
    text = body_text(open_docx(_demo_report(session, demo).data))
    assert not ENGLISH_CODE.findall(text)


def test_the_targets_in_the_report_are_the_targets_the_enterprise_stored(session, demo):
    stored = topic_targets(session, SYSTEM, enterprise_id=demo, year=2569)
    assert stored["SM1"] == 3.0
    document = open_docx(_demo_report(session, demo).data)
    [table] = find_table(document, "หัวข้อ", "ชื่อ")
    drawn = {row[0]: row[3] for row in table[1:]}
    assert drawn == {code: ("ไม่ได้กำหนด" if code not in stored else f"{stored[code]:.2f}") for code in drawn}
    assert "ระดับเมื่อผ่านรายการที่กั้นระดับถัดไป (ไม่ใช่เป้าหมาย)" in body_text(document)


def test_document_control_and_file_properties_name_the_portal_now_and_the_versions(session, demo):
    report = _demo_report(session, demo, manifest="f00dbabe" * 8)
    document = open_docx(report.data)
    cover = "\n".join(p.text for p in document.paragraphs[:20])
    assert f"เลขที่เอกสาร: {report.number}" in cover and report.number.startswith("SCM-DEMO-2569-RR-")
    assert "ฉบับหลักฐาน: ชุดหลักฐานที่ยื่นแล้ว (ค่าแฮชของรายการไฟล์ " + "f00dbabe" * 8 + ")" in cover
    assert "ฉบับเกณฑ์: 2569.1" in cover
    props = document.core_properties
    assert props.author == props.last_modified_by == "พอร์ทัล SE-AM SCM"
    assert props.created.year >= 2026 and props.identifier == report.number
    [sign] = find_table(document, "", "ชื่อ-สกุล")
    assert [row[0] for row in sign[1:]] == ["จัดทำโดย", "ทบทวนโดย", "อนุมัติโดย"]


def test_without_a_manifest_the_evidence_version_is_the_newest_audit_row(session, demo):
    cover = "\n".join(p.text for p in open_docx(_demo_report(session, demo).data).paragraphs[:20])
    assert "ฉบับหลักฐาน: หลักฐาน ณ ขณะจัดทำ (บันทึกล่าสุดลำดับที่ " in cover


def test_layout_options_thai_numerals_top_centre_page_numbers_and_thai_justification(small_assessment, criteria, meta):
    from dataclasses import replace

    options = ReportOptions(thai_numerals=True, page_numbers="thai-top", justify="thai-distributed")
    document = open_docx(build_readiness_report(small_assessment, criteria, replace(meta, options=options)))
    header = document.sections[0].header.paragraphs[0]
    assert header.text.startswith("- ") and header.text.endswith(" -")
    assert "PAGE \\* ThaiArabic" in header._p.xml
    assert 'w:val="thaiDistribute"' in document.styles["Normal"].element.xml
    assert "ปีประเมิน พ.ศ. ๒๕๖๙" in [p.text for p in document.paragraphs[:16]]
    assert document.sections[0].footer.paragraphs[0].text.endswith("พ.ศ. ๒๕๖๙")  # the running line too
    default = open_docx(build_readiness_report(small_assessment, criteria, meta))
    assert default.sections[0].footer.paragraphs[0].text.startswith("หน้า ")  # the default stays as it was


def test_the_heat_map_and_the_warnings_annex_are_in_the_whole_enterprise_report(session, demo):
    document = open_docx(make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569).data)
    text = body_text(document)
    assert "ภาคผนวก ข ข้อสังเกตจากทะเบียนสำหรับผู้ประเมิน" in text
    [heat] = find_table(document, "หัวข้อย่อย", "ทั้งองค์กร")
    assert len(heat[0]) > 2  # the enterprise and its lines of business
    assert re.fullmatch(r"\d\.\d\d\n\d+%", heat[1][1])


def test_the_pack_holds_each_subtopics_register_rows_as_a_thai_workbook_masked_by_default(session, demo, tmp_path):
    planner = actor_for(session, find_user(session, "planner"))
    pack = make_evidence_pack(session, planner, enterprise_id=demo, year=2569, target=tmp_path,
                              source=store_source(tmp_path / "files"))
    profile = session.exec(select(Stakeholder).where(Stakeholder.code == "SH-L01-01", Stakeholder.year == 2569)).one()
    with zipfile.ZipFile(pack.zip_path) as archive:
        names = archive.namelist()
        assert "registers/SM1.1.xlsx" in names and "registers/CM5.3.xlsx" in names
        workbook = openpyxl.load_workbook(io.BytesIO(archive.read("registers/SM1.1.xlsx")), read_only=True)
        sheet = workbook["S1 ผู้มีส่วนได้ส่วนเสีย"]
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        assert "SH-L01-01" in cells
        assert profile.representative_phone not in cells  # masked although the planner may see it
        complaints = openpyxl.load_workbook(io.BytesIO(archive.read("registers/CM5.3.xlsx")), read_only=True)
        assert "P5 เรื่องร้องเรียน" in complaints.sheetnames
        rows = list(csv.DictReader(io.StringIO(archive.read(INDEX_NAME).decode("utf-8-sig"))))
        assert {r["path"] for r in rows} == set(names) - {INDEX_NAME}


def test_index_cells_that_a_spreadsheet_would_run_as_a_formula_are_escaped():
    assert [csv_cell(v) for v in ("=HYPERLINK(1)", "+1", "-2", "@SUM", "ปกติ")] == [
        "'=HYPERLINK(1)", "'+1", "'-2", "'@SUM", "ปกติ"]
    data = index_csv([{"path": "files/a", "name": "=cmd|' /C calc'!A0"}]).decode("utf-8-sig")
    assert "'=cmd" in data


def test_an_upload_at_one_in_the_morning_bangkok_time_is_dated_that_day():
    stored_utc = datetime(2025, 9, 30, 18, 0)  # 01:00 on 1 October 2025 in Bangkok
    assert thai_date(stored_utc) == "1 ตุลาคม 2568"


def test_the_whole_enterprise_report_sets_this_year_beside_last_years_assessor_level(session, demo):
    from evidence.services.year_on_year import compare_years

    document = open_docx(make_readiness_report(session, SYSTEM, enterprise_id=demo, year=2569).data)
    text = body_text(document)
    assert "ภาคผนวก จ เปรียบเทียบกับปีประเมิน 2568" in text
    years = compare_years(session, SYSTEM, enterprise_id=demo, year=2569)
    [levels] = find_table(document, "หัวข้อย่อย", "ปี 2568 คำนวณได้")
    assessed = next(s for s in years.subtopics if s.assessor_level is not None)
    row = next(r for r in levels[1:] if r[0].startswith(assessed.code + " "))
    assert row[1:4] == [f"{assessed.earlier_level:.2f}", f"{assessed.assessor_level:.2f}", f"{assessed.level:.2f}"]
    [flipped] = find_table(document, "รายการ", "ข้อกำหนด")
    assert [r[0] for r in flipped[1:]] == [i for i, *_ in years.items[:40]]
