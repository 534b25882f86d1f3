"""A large sheet is read, checked and stored in chunks of rows (issue 18 §4): the answers are those of
one pass over the whole sheet: row numbers, duplicates across chunks, and all or nothing."""

import io

import pytest
import xlsxwriter
from sqlmodel import select

from evidence.excel import importer, reader
from evidence.excel.importer import import_file
from evidence.models import OrgUnit, VocRecord
from tests.evidence.excel_support import VOC_HEADERS, demo_actor, family_counts, voc_row, workbook


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 3)


def run(session, actor, data, **kw):
    return import_file(session, actor, data=data, filename="voc.xlsx", enterprise_id=actor.enterprise_id or 1,
                       year=2569, **kw)


def test_rows_of_later_chunks_are_stored_and_counted_once(session, demo, small_chunks):
    planner = demo_actor(session, "planner")
    rows = [voc_row(f"C-{n:02d}") for n in range(8)]
    report = run(session, planner, workbook({"VOC": [VOC_HEADERS, *rows]}))
    session.commit()
    assert report.stored and [(s.rows, s.created) for s in report.sheets] == [(8, 8)]
    stored = session.exec(select(VocRecord.ref_no).where(VocRecord.ref_no.like("C-%"))).all()
    assert sorted(stored) == [f"C-{n:02d}" for n in range(8)]
    again = run(session, planner, workbook({"VOC": [VOC_HEADERS, *rows]}), dry_run=True)
    assert [(s.created, s.updated, s.unchanged) for s in again.sheets] == [(0, 0, 8)]


def test_a_key_repeated_in_a_later_chunk_names_the_first_row_and_nothing_is_stored(session, demo, small_chunks):
    planner = demo_actor(session, "planner")
    before = family_counts(session)
    rows = [voc_row("D-1"), voc_row("D-2"), voc_row("D-3"), voc_row("D-4"), voc_row("D-1"), voc_row("D-5"),
            voc_row("D-6"), voc_row("D-7", unit="NOPE")]
    report = run(session, planner, workbook({"VOC": [VOC_HEADERS, *rows]}))
    session.commit()
    assert not report.stored and report.problem_count == 2
    assert [(p.row, p.column) for p in report.problems] == [(6, "เลขที่อ้างอิง"), (9, "รหัสหน่วยงาน")]
    assert "ซ้ำกับแถวที่ 2" in report.problems[0].message
    assert family_counts(session) == before  # chunks 1 and 2 were written, then rolled back with the rest
    assert session.exec(select(VocRecord).where(VocRecord.ref_no == "D-2")).first() is None


def test_a_missing_header_is_reported_once_whatever_the_number_of_chunks(session, demo, small_chunks):
    planner = demo_actor(session, "planner")
    headers = [h for h in VOC_HEADERS if h != "รหัสหน่วยงาน"]
    rows = [[v for h, v in zip(VOC_HEADERS, voc_row(f"H-{n}"), strict=True) if h != "รหัสหน่วยงาน"] for n in range(7)]
    report = run(session, planner, workbook({"VOC": [headers, *rows]}))
    assert [(p.row, p.column, p.message) for p in report.problems] == [(None, "รหัสหน่วยงาน", "ไม่พบคอลัมน์ที่ต้องมี")]


def test_a_sheet_whose_rows_name_each_other_is_taken_whole(session, demo, small_chunks):
    planner = demo_actor(session, "planner")
    headers = ["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "ประเภทหน่วยงาน", "รหัสหน่วยงานต้นสังกัด"]
    rows = [[f"D-{n}", f"ฝ่ายทดสอบ {n}", "ฝ่าย", "LX"] for n in range(5)] + [["LX", "สายงานทดสอบ", "สายงาน", None]]
    report = run(session, planner, workbook({"หน่วยงาน": [headers, *rows]}))
    session.commit()
    assert report.stored, report.problems[:3]
    line = session.exec(select(OrgUnit).where(OrgUnit.code == "LX")).one()
    departments = session.exec(select(OrgUnit).where(OrgUnit.code.like("D-%"))).all()
    assert len(departments) == 5 and {d.parent_id for d in departments} == {line.id}


def test_cells_are_read_as_pandas_reads_them_blank_rows_keep_their_row_number():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("VOC")
    sheet.write_row(0, 0, ["a", "b", "a"])
    sheet.write_row(1, 0, ["x", 1.0, "y"])
    sheet.write_row(3, 0, ["z", 2.5])
    book.close()
    upload = reader.read_upload(out.getvalue(), "x.xlsx")
    [frame] = list(upload.sheets["VOC"][1].chunks(None))
    assert list(frame.columns) == ["a", "b", "a.1"] and frame.index.tolist() == [0, 1, 2]
    assert frame.iloc[0].tolist() == ["x", 1, "y"] and isinstance(frame.iloc[0, 1], int)
    assert frame.iloc[1].isna().all() and frame.iloc[2, 1] == 2.5
    chunks = list(upload.sheets["VOC"][1].chunks(2))
    assert [c.index.tolist() for c in chunks] == [[0, 1], [2]]


def test_a_large_sheet_is_streamed_and_reads_exactly_as_calamine_reads_it(monkeypatch):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("VOC")
    sheet.write_row(0, 0, ["a", "b", "a"])
    sheet.write_row(1, 0, ["x", 1.0, "y"])
    sheet.write_row(3, 0, ["z", 2.5])
    sheet.write_string(4, 0, "=1+1")  # text that looks like a formula stays text
    sheet.write_boolean(4, 1, True)
    book.close()
    whole = list(reader.read_upload(out.getvalue(), "x.xlsx").sheets["VOC"][1].chunks(2))
    monkeypatch.setattr(reader, "STREAM_XML_BYTES", 0)
    streamed = list(reader.read_upload(out.getvalue(), "x.xlsx").sheets["VOC"][1].chunks(2))
    assert [c.index.tolist() for c in streamed] == [[0, 1], [2, 3]]
    for a, b in zip(whole, streamed, strict=True):
        assert list(a.columns) == list(b.columns)
        assert a.fillna("∅").values.tolist() == b.fillna("∅").values.tolist()
    assert streamed[1].iloc[1].tolist()[:2] == ["=1+1", True]


def test_a_year_sized_sheet_streamed_in_chunks_imports_like_a_small_one(session, demo, small_chunks, monkeypatch):
    monkeypatch.setattr(reader, "STREAM_XML_BYTES", 0)
    planner = demo_actor(session, "planner")
    rows = [voc_row(f"S-{n:02d}") for n in range(7)] + [voc_row("S-01")]
    report = run(session, planner, workbook({"VOC": [VOC_HEADERS, *rows]}), dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [(9, "เลขที่อ้างอิง")]
    assert [s.rows for s in report.sheets] == [8]
