"""Export of a whole year and the dry-run re-import of that export, with time and peak memory.

    python -m bench.bench_export --db /tmp/bench-L.db [--keep DIR] [--job]
    python -m bench.bench_export --db /tmp/bench-L.db --export-only --against /work/main --rounds 3

Each operation runs in a child process of its own (`child export|dry-run`), so its peak resident set
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`) is that operation's alone, not the parent's or another
operation's; an export written in parts (`evidence.excel.export_parts`) also reports its worker
processes: their CPU (`RUSAGE_CHILDREN`, added to the total) and the largest child's peak resident set.
The parent prints the figures and the machine's load average. `--against DIR` runs the export of
another checkout (main's code) in turn with this one, `--rounds` times, on the same data. The dry run raises the
import limits (`SCM_MAX_IMPORT_ROWS`, `_CELLS`, `SCM_MAX_UPLOAD_MB`, `SCM_MAX_INFLATED_MB`) to the size
of a scale-L export, which is above the defaults.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session, select

from bench.generate import YEAR
from evidence import db
from evidence.access import Actor
from evidence.models import Enterprise
from evidence.models.users import Role

BENCH = Actor(username="bench", role=Role.ADMIN)
LIMITS = {"SCM_MAX_IMPORT_ROWS": "5000000", "SCM_MAX_IMPORT_CELLS": "100000000", "SCM_MAX_UPLOAD_MB": "2000",
          "SCM_MAX_INFLATED_MB": "5000"}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system): on a shared machine it moves
    far less than wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 1)


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _enterprise(session: Session) -> int:
    return int(session.exec(select(Enterprise.id).order_by(Enterprise.id)).first() or 0)


def child_export(database: Path, out: Path) -> dict[str, object]:
    from evidence.excel.exporter import export_workbook_to

    engine = db.make_engine(f"sqlite:///{database.resolve()}")
    with Session(engine) as session:
        enterprise_id = _enterprise(session)
        start = time.perf_counter()
        rows = export_workbook_to(out, session, BENCH, enterprise_id=enterprise_id, year=YEAR, audit=False)
        seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 1), "rows": rows, "megabytes": round(out.stat().st_size / 1e6, 1)}


def child_job(database: Path, out: Path) -> dict[str, object]:
    """The export as the worker runs it (`evidence.jobs.builtin.export_job`): streamed into the job's result
    file under SCM_DATA_DIR; the file is then moved to `out`."""
    from evidence.jobs.builtin import export_job
    from evidence.jobs.runner import JobRun
    from evidence.jobs.store import job_folder

    engine = db.make_engine(f"sqlite:///{database.resolve()}")
    with Session(engine) as session:
        enterprise_id = _enterprise(session)
        run = JobRun(job_id=990_000 + os.getpid() % 10_000, kind="export",
                     params={"enterprise_id": enterprise_id, "year": YEAR})
        start = time.perf_counter()
        export_job(session, BENCH, run)
        seconds = time.perf_counter() - start
        session.rollback()  # the bench's audit row is not kept
    made = job_folder(run.job_id) / run.files[0].name
    made.replace(out)
    return {"seconds": round(seconds, 1), "rows": 0, "megabytes": round(out.stat().st_size / 1e6, 1)}


def child_dry_run(database: Path, workbook: Path) -> dict[str, object]:
    from evidence.excel.importer import import_path

    engine = db.make_engine(f"sqlite:///{database.resolve()}")
    with Session(engine) as session:
        enterprise_id = _enterprise(session)
        start = time.perf_counter()
        report = import_path(session, BENCH, path=workbook, filename=workbook.name, enterprise_id=enterprise_id,
                             year=YEAR, dry_run=True)
        seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 1), "rows": sum(s.rows for s in report.sheets),
            "problems": report.problem_count, "summary": report.summary()}


def _run_child(*args: str, code: Path | None = None) -> dict[str, object]:
    """One operation in a child process; with `code`, that checkout's modules (this bench file's own
    child entry point, run from `code`'s tree: main's bench has the same `child export`)."""
    command = [sys.executable, "-m", "bench.bench_export", "child", *args]
    env = os.environ | LIMITS | ({"PYTHONPATH": str(code)} if code else {})
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=code)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the exported workbook in")
    parser.add_argument("--job", action="store_true", help="also run the export as the worker's job (peak RSS)")
    parser.add_argument("--export-only", action="store_true", help="no dry-run re-import")
    parser.add_argument("--against", type=Path, default=None, help="another checkout whose export runs in turn")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / f"export-{YEAR}.xlsx"
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for round_number in range(1, args.rounds + 1):
        for code in ([None, args.against.resolve()] if args.against else [None]):
            load = os.getloadavg()[0]
            written = workbook if code is None else folder / "against.xlsx"  # the dry run reads this code's
            export = _run_child("export", str(args.db.resolve()), str(written), code=code)
            print(f"round {round_number} {'this code' if code is None else code}: export of the year: "
                  f"{export['rows']:,} rows, {export['megabytes']} MB, {export['seconds']} s, CPU {export.get('cpu', '?')} s "
                  f"(workers {export.get('children_cpu', 0)} s), peak RSS {export['peak_mb']:.0f} MB, "
                  f"workers' peak {export.get('children_peak_mb', 0):.0f} MB (load {load:.2f} → {os.getloadavg()[0]:.2f})",
                  flush=True)
    (folder / "against.xlsx").unlink(missing_ok=True)
    if args.job:
        job = _run_child("job", str(args.db), str(folder / "job.xlsx"))
        print(f"export as a job: {job['megabytes']} MB, {job['seconds']} s, CPU {job.get('cpu', '?')} s "
              f"(workers {job.get('children_cpu', 0)} s), peak RSS {job['peak_mb']:.0f} MB, workers' peak "
              f"{job.get('children_peak_mb', 0):.0f} MB (load {os.getloadavg()[0]:.2f})", flush=True)
        (folder / "job.xlsx").unlink(missing_ok=True)
    if args.export_only:
        return
    dry = _run_child("dry-run", str(args.db), str(workbook))
    print(f"dry-run re-import: {dry['rows']:,} rows, {dry['problems']} problems, {dry['seconds']} s, "
          f"CPU {dry.get('cpu', '?')} s, peak RSS {dry['peak_mb']:.0f} MB (load {os.getloadavg()[0]:.2f})")
    print(f"  {dry['summary']}")
    if args.keep is None:
        workbook.unlink(missing_ok=True)


def child(argv: list[str]) -> None:
    what, database, path = argv
    run = {"export": child_export, "job": child_job, "dry-run": child_dry_run}[what]
    result = run(Path(database), Path(path))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps(result | {"peak_mb": _peak_mb(), "cpu": _cpu_seconds(), "children_peak_mb": _children_peak_mb(),
                               "children_cpu": round(children.ru_utime + children.ru_stime, 1)}, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2:])
    else:
        main()
