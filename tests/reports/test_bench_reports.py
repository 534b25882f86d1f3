"""The report benchmark at scale S: it measures what it says (same tables in the plain write, files in the zip)."""

from datetime import date

from sqlmodel import Session

from bench.bench_reports import add_files, bench_pack, bench_readiness, plain_docx
from bench.generate import SCALES, generate
from evidence.access import SYSTEM
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.scoring import score_enterprise
from reports.file_source import store_source
from reports.readiness import ReportMeta, readiness_plan
from tests.reports.conftest import open_docx, table_rows


def test_the_plain_baseline_writes_the_same_tables_as_the_report(engine):
    enterprise_id = generate(engine, SCALES["S"]).enterprise_id
    with Session(engine) as session:
        assessment = score_enterprise(session, SYSTEM, enterprise_id=enterprise_id, year=2569)
        criteria = resolve_criteria(session, assessment.criteria_version)
    plan = readiness_plan(assessment, criteria, ReportMeta(made_on=date(2026, 9, 30)))
    plain = table_rows(open_docx(plain_docx(plan)))
    assert plain == [[list(t.headers), *[list(r) for r in t.rows]] for t in plan.tables()]


def test_the_benchmark_times_the_report_and_streams_every_added_file_into_the_pack(engine, tmp_path):
    enterprise_id = generate(engine, SCALES["S"]).enterprise_id
    figures = bench_readiness(engine, enterprise_id, runs=1)
    assert min(figures["full"], figures["build"], figures["plain"]) > 0
    assert figures["tables"] >= 2 * 15  # a level ladder and an item table for each of the 15 sub-topics
    source = store_source(tmp_path / "files")
    stored = add_files(engine, enterprise_id, 12, source)
    pack = bench_pack(engine, enterprise_id, source, tmp_path / "out")
    assert pack["entries"] >= 12 and stored > 0
    assert pack["peak_python_bytes"] < stored + 2 * 1024 * 1024
