"""Readiness report and evidence pack at a bench scale.

    python -m bench.bench_reports [--scale L] [--db /tmp/bench-L.db] [--files 3000]

Readiness: the whole report (scoring with its SQL aggregates, criteria, chart, Word document) against
python-docx writing the same paragraphs and tables with its plain API and no scoring or queries, both
in this run (median of 3 after a warm-up). Requirement: under 5 s and within 2× the plain writer.

Evidence pack: `--files` evidence files (8–64 KB, a few of 2 MB) stored through the file store and
linked to criteria items and records; the pack's zip is written while tracemalloc watches the peak of
Python memory, which must stay far below the bytes streamed.
"""

import argparse
import io
import random
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
from sqlalchemy import Engine, insert
from sqlmodel import Session, select

from bench.generate import SCALES, YEAR, generate
from criteria.results import Assessment
from evidence import db
from evidence.access import SYSTEM
from evidence.models import Approval, Enterprise, EvidenceFile, EvidenceLink, StrategyPlan
from evidence.models.base import utcnow
from evidence.services.criteria_versions import resolve_criteria
from evidence.services.report_data import gather_evidence
from evidence.services.scoring import forget_recent, score_enterprise
from reports.blocks import DocumentPlan, Heading, PageBreak, Paragraph, Table, TableOfContents
from reports.evidence_pack import build_evidence_pack_docx, pack_layout, write_evidence_zip
from reports.file_source import StoreSource, store_source
from reports.jobs import make_evidence_pack, make_readiness_report
from reports.readiness import ReportMeta, build_readiness_report, readiness_plan

RUNS = 3


def plain_docx(plan: DocumentPlan) -> bytes:
    """The same paragraphs and tables through python-docx's plain API: no styling, no chart."""
    document = docx.Document()
    for line in plan.cover:
        document.add_paragraph(line.text)
    headings = list(plan.headings())
    for block in plan.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.label + block.text)
        elif isinstance(block, Table):
            table = document.add_table(rows=len(block.rows) + 1, cols=len(block.headers))
            for row, values in zip(table.rows, (block.headers, *block.rows), strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        elif isinstance(block, PageBreak):
            document.add_page_break()
        elif isinstance(block, TableOfContents):
            document.add_paragraph(block.title)
            for heading in headings:
                document.add_paragraph(heading.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def timed(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, object]:
    """Median seconds of `runs` calls after one warm-up call, and the last result."""
    result = fn()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def bench_readiness(engine: Engine, enterprise_id: int, runs: int = RUNS) -> dict[str, float]:
    meta = ReportMeta(made_on=date.today(), made_by="bench")

    def full() -> bytes:
        with Session(engine) as session:
            return make_readiness_report(session, SYSTEM, enterprise_id=enterprise_id, year=YEAR).data

    def score() -> Assessment:
        with Session(engine) as session:
            return score_enterprise(session, SYSTEM, enterprise_id=enterprise_id, year=YEAR)

    def full_cold() -> bytes:
        forget_recent()
        return full()

    t_full, data = timed(full_cold, runs)
    full()
    t_warm, _ = timed(full, runs)
    t_score, assessment = timed(score, runs)
    with Session(engine) as session:
        criteria = resolve_criteria(session, assessment.criteria_version)  # type: ignore[union-attr]
    t_build, _ = timed(lambda: build_readiness_report(assessment, criteria, meta), runs)  # type: ignore[arg-type]
    plan = readiness_plan(assessment, criteria, meta)  # type: ignore[arg-type]
    t_plain, _ = timed(lambda: plain_docx(plan), runs)
    tables = list(plan.tables())
    return {
        "full": t_full, "warm": t_warm, "warm_ratio": t_warm / t_plain, "score": t_score, "build": t_build, "plain": t_plain, "ratio": t_full / t_plain,
        "build_ratio": t_build / t_plain,
        "bytes": len(data), "paragraphs": sum(1 for b in plan.blocks if isinstance(b, Heading | Paragraph)),  # type: ignore[arg-type]
        "tables": len(tables), "rows": sum(len(t.rows) for t in tables),
    }


def add_files(engine: Engine, enterprise_id: int, count: int, source: StoreSource, seed: int = 2569) -> int:
    """Store `count` files and link them: most to criteria items, some to the strategy plan and approvals."""
    rng = random.Random(seed)
    with Session(engine) as session:
        assessment = score_enterprise(session, SYSTEM, enterprise_id=enterprise_id, year=YEAR)
        plans = list(session.exec(select(StrategyPlan.id).where(StrategyPlan.enterprise_id == enterprise_id)).all())
        approvals = list(session.exec(select(Approval.id).where(Approval.enterprise_id == enterprise_id)).all())
    items = [i.id for s in assessment.subtopics() for i in s.items]
    files, links, total = [], [], 0
    for n in range(count):
        size = 2 * 1024 * 1024 if n % 500 == 0 else rng.randint(8 * 1024, 64 * 1024)
        suffix, media = (".pdf", "application/pdf") if n % 3 else (".txt", "text/plain")
        content = rng.randbytes(size) if suffix == ".pdf" else (f"บันทึกหลักฐาน {n} " * (size // 40)).encode()
        key = source.storage.put(content)
        files.append({"id": n + 1, "enterprise_id": enterprise_id, "sha256": key,
                      "name": f"หลักฐาน-{n + 1:05d}{suffix}", "media_type": media, "size": len(content),
                      "storage_key": key, "uploaded_by": "bench", "uploaded_at": utcnow()})
        total += len(content)
        link: dict[str, object] = {"enterprise_id": enterprise_id, "file_id": n + 1, "linked_by": "bench",
                                   "record_table": None, "record_id": None, "criteria_item_id": None}
        if n % 10 == 0 and plans:
            link.update(record_table="strategyplan", record_id=plans[0])
        elif n % 10 == 1 and approvals:
            link.update(record_table="approval", record_id=rng.choice(approvals))
        else:
            link.update(criteria_item_id=rng.choice(items))
        links.append(link)
    with engine.begin() as conn:
        conn.execute(insert(EvidenceFile), files)
        conn.execute(insert(EvidenceLink), links)
    return total


def bench_pack(engine: Engine, enterprise_id: int, source: StoreSource, out: Path) -> dict[str, float]:
    with Session(engine) as session:
        start = time.perf_counter()
        pack = make_evidence_pack(session, SYSTEM, enterprise_id=enterprise_id, year=YEAR, target=out / "a.zip",
                                  source=source)
        t_pack = time.perf_counter() - start
        assessment = score_enterprise(session, SYSTEM, enterprise_id=enterprise_id, year=YEAR)
        refs = {item.id: item.evidence for sub in assessment.subtopics() for item in sub.items}
        evidence = gather_evidence(session, SYSTEM, enterprise_id=enterprise_id, refs_by_item=refs)
    layout = pack_layout(assessment, evidence, available=source.exists)
    document = build_evidence_pack_docx(assessment, evidence, layout, ReportMeta(made_on=date.today()))
    tracemalloc.start()
    write_evidence_zip(out / "b.zip", docx_name="pack.docx", docx=document, layout=layout, source=source)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": t_pack, "entries": pack.files, "bytes": pack.bytes_in_files,
            "zip_bytes": pack.zip_path.stat().st_size, "docx_bytes": pack.docx_path.stat().st_size,
            "peak_python_bytes": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description="วัดเวลาจัดทำรายงานความพร้อมและชุดหลักฐาน")
    parser.add_argument("--scale", choices=sorted(SCALES), default="L")
    parser.add_argument("--db", type=Path, help="ฐานข้อมูลที่สร้างด้วย bench.generate แล้ว (ไม่ระบุ = สร้างใหม่ชั่วคราว)")
    parser.add_argument("--files", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scm-bench-reports-") as tmp:
        work = Path(tmp)
        path = work / "bench.db"
        if args.db is not None:  # a copy: the files added below must not pile up in the given database
            shutil.copyfile(args.db, path)
        engine = db.make_engine(f"sqlite:///{path.resolve()}")
        if args.db is None:
            db.upgrade(engine)
            enterprise_id = generate(engine, SCALES[args.scale]).enterprise_id
        else:
            with Session(engine) as session:
                enterprise_id = int(session.exec(select(Enterprise.id).order_by(Enterprise.id)).first() or 0)
        figures = bench_readiness(engine, enterprise_id)
        print(f"readiness report, scale {args.scale}: {figures['full']:.2f} s whole "
              f"(scoring {figures['score']:.2f} s, document {figures['build']:.2f} s); "
              f"plain python-docx, same {figures['paragraphs']:.0f} paragraphs and {figures['tables']:.0f} tables "
              f"({figures['rows']:.0f} rows): {figures['plain']:.2f} s; whole / plain {figures['ratio']:.2f}, "
              f"document / plain {figures['build_ratio']:.2f}; {figures['bytes'] / 1e3:.0f} KB; "
              f"whole with the assessment already computed (after the dashboard): {figures['warm']:.2f} s, "
              f"/ plain {figures['warm_ratio']:.2f}")
        if args.files:
            source = store_source(work / "files")
            stored = add_files(engine, enterprise_id, args.files, source)
            pack = bench_pack(engine, enterprise_id, source, work / "out")
            print(f"evidence pack, {args.files:,} files ({stored / 1e6:.0f} MB stored): {pack['seconds']:.1f} s; "
                  f"{pack['entries']:,.0f} entries, {pack['bytes'] / 1e6:.0f} MB streamed, zip "
                  f"{pack['zip_bytes'] / 1e6:.0f} MB, docx {pack['docx_bytes'] / 1e6:.1f} MB; peak Python memory "
                  f"while zipping {pack['peak_python_bytes'] / 1e6:.1f} MB")
        engine.dispose()


if __name__ == "__main__":
    main()
