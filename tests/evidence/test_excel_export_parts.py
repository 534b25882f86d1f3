"""A large export written in parts by worker processes (`evidence.excel.export_parts`) is the workbook the
calling process writes alone: every part of the package byte for byte, read back as the same records."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session

from evidence.excel import export_parts
from evidence.excel.exporter import export_workbook, export_workbook_to
from evidence.excel.importer import import_path
from evidence.excel.schema import LISTS_SHEET, VERSION_COLUMN
from evidence.jobs.builtin import export_job
from evidence.jobs.runner import JobRun
from evidence.jobs.store import job_folder
from tests.evidence.excel_support import demo_actor


def parts_of(data: bytes) -> dict[str, bytes]:
    """Every part of a package but its creation time (`docProps/core.xml` holds the moment it was written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of 50 rows, taken from the first row: the demo's 240 VOC rows become five parts."""
    monkeypatch.setattr(export_parts, "MIN_ROWS", 1)
    monkeypatch.setattr(export_parts, "PART_ROWS", 50)


def test_an_export_in_parts_is_byte_for_byte_the_workbook_written_in_one_process(session, demo, tmp_path,
                                                                                 small_parts):
    planner = demo_actor(session, "planner")
    alone = export_workbook(session, planner, enterprise_id=demo, year=2569, audit=False)
    target = tmp_path / "out" / "year.xlsx"
    target.parent.mkdir()
    rows = export_workbook_to(target, session, planner, enterprise_id=demo, year=2569, audit=False)
    assert parts_of(target.read_bytes()) == parts_of(alone)
    assert rows == 622 and list(target.parent.iterdir()) == [target]  # no part left behind
    with zipfile.ZipFile(target) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    book = openpyxl.load_workbook(target)  # styles, the hidden lists sheet and the hidden version column kept
    assert book[LISTS_SHEET].sheet_state == "hidden"
    voc = book["VOC"]
    version = next(c.column_letter for c in voc[1] if c.value == VERSION_COLUMN.header)
    assert voc.column_dimensions[version].hidden and voc.data_validations.dataValidation
    assert voc.max_row == 241 and voc.freeze_panes == "A2"
    report = import_path(session, planner, path=target, filename=target.name, enterprise_id=demo, year=2569,
                         dry_run=True)
    assert report.problem_count == 0 and sum(s.rows for s in report.sheets) == rows


def test_records_changed_under_the_plan_give_the_workbook_written_in_one_process(session, demo, tmp_path,
                                                                                small_parts, monkeypatch):
    """A part that finds another number of rows than planned (here: the plan is told one row more) is
    never used: the whole workbook is written again by the calling process."""
    planner = demo_actor(session, "planner")
    planned = export_parts.plan

    def one_row_more(session: Session, family, query, folder: Path):  # noqa: ANN001, ANN202
        parts = planned(session, family, query, folder)
        return [export_parts.Part(p.family, p.after_id, p.last_id, p.first_row, p.expected + 1, p.path)
                if n == 0 and p.expected else p for n, p in enumerate(parts)]

    monkeypatch.setattr(export_parts, "plan", one_row_more)
    target = tmp_path / "out" / "year.xlsx"
    target.parent.mkdir()
    export_workbook_to(target, session, planner, enterprise_id=demo, year=2569, audit=False)
    alone = export_workbook(session, planner, enterprise_id=demo, year=2569, audit=False)
    assert parts_of(target.read_bytes()) == parts_of(alone)
    assert list(target.parent.iterdir()) == [target]


def test_a_failed_export_in_parts_leaves_no_file_and_no_parts(session, demo, tmp_path, small_parts, monkeypatch):
    planner = demo_actor(session, "planner")

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export_parts, "repack", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OSError, match="disk full"):
        export_workbook_to(folder / "year.xlsx", session, planner, enterprise_id=demo, year=2569, audit=False)
    assert list(folder.iterdir()) == []


def test_the_export_job_writes_its_result_in_parts_with_the_same_sheets(session, demo, small_parts):
    planner = demo_actor(session, "planner")
    run = JobRun(job_id=4242, kind="export", params={"enterprise_id": demo, "year": 2569})
    assert export_job(session, planner, run) == {"file": "scm-DEMO-2569.xlsx"}
    made = job_folder(run.job_id) / "scm-DEMO-2569.xlsx"
    alone = export_workbook(session, planner, enterprise_id=demo, year=2569, audit=False)
    assert parts_of(made.read_bytes()) == parts_of(alone)
    assert [f.name for f in run.files] == [made.name] and sorted(p.name for p in made.parent.iterdir()) == [made.name]
