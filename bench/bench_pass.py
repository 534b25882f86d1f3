"""The shared evidence pass against honest baselines, interleaved, on SQLite and PostgreSQL (issue 18).

    python -m bench.generate --scale L --out /tmp/bench-L.db
    python -m bench.generate --scale L --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_l
    python -m bench.bench_pass --db sqlite:////tmp/bench-L.db --db postgresql+psycopg://…/bench_l \\
        [--rounds 5] [--main /path/to/a/checkout/of/main]

Per round, one after the other (A and B interleaved, so load changes hit both):
- dashboard cold: every service the dashboard page calls (data version, score, targets, year over
  year, overview), the evidence pass dropped first; and `bench.minimal_sql` (the hand-written minimal
  SQL reading the same inputs, per dialect) on the raw DB-API connection;
- dashboard warm: the same calls again (a second user, or a re-render: the pass is kept);
- score cold: `score_enterprise` alone, pass dropped;
- with `--main`: the same cold dashboard calls by main's code in a child process (its own figure,
  measured inside the child after the imports), for the before/after ratio; with `--main-report` also
  main's cold readiness report (imports, font and a small chart warmed first in the child);
- report: the readiness report cold (pass and chart dropped), warm (right after the dashboard), and
  python-docx's plain API writing the same paragraphs and tables (the lines' heat map and the
  year-on-year annex too) with the same chart drawn by matplotlib (`bench.bench_reports.plain_docx`
  plus the picture; its data computed by the portal outside the timed part).
Each figure is printed with the machine's 1-minute load average at the time; min and median per series.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime

from sqlmodel import Session, select

from bench import minimal_sql
from bench.bench_reports import plain_docx
from evidence import db
from evidence.access import SYSTEM, Actor
from evidence.models import Enterprise
from evidence.models.users import Role
from evidence.services import dashboard
from evidence.services.evidence_pass import forget_passes
from evidence.services.org import find_year
from evidence.services.scoring import score_enterprise

YEAR = 2569
MAIN_COLD = """
import json, sys, time
from sqlmodel import Session
from evidence import db
from evidence.access import Actor
from evidence.models.users import Role
from evidence.services import dashboard
from evidence.services.scoring import score_enterprise
engine = db.make_engine(sys.argv[1]); eid = int(sys.argv[2])
actor = Actor(username="bench", role=Role.EXECUTIVE, enterprise_id=eid)
with Session(engine) as s:
    dashboard.data_version(s, actor, enterprise_id=eid)  # connect and load the criteria file first
    t = time.perf_counter()
    dashboard.data_version(s, actor, enterprise_id=eid)
    score_enterprise(s, actor, enterprise_id=eid, year=2569)
    dashboard.topic_targets(s, actor, enterprise_id=eid, year=2569)
    dashboard.year_over_year(s, actor, enterprise_id=eid, year=2569)
    dashboard.overview(s, actor, enterprise_id=eid, year=2569)
    print(json.dumps(time.perf_counter() - t))
"""
# main's cold readiness report in a child process: the imports, the Thai font and a small chart first
# (what the parent's rounds have warm), then the report with no pass and no chart kept.
MAIN_REPORT = """
import json, sys, time
from sqlmodel import Session
from evidence import db
from evidence.access import SYSTEM
from evidence.services import dashboard
from reports.charts import LevelBar, _level_bars_png, level_bars_png
from reports.jobs import make_readiness_report
engine = db.make_engine(sys.argv[1]); eid = int(sys.argv[2])
with Session(engine) as s:
    dashboard.data_version(s, SYSTEM, enterprise_id=eid)
    level_bars_png([LevelBar("ก", 1.0, 2.0)], title="ก")
    _level_bars_png.cache_clear()
    t = time.perf_counter()
    make_readiness_report(s, SYSTEM, enterprise_id=eid, year=2569)
    print(json.dumps(time.perf_counter() - t))
    s.rollback()
"""


def dashboard_calls(session: Session, actor: Actor, eid: int) -> None:
    """What `portal/views/dashboard.py` asks the services for on a first render."""
    dashboard.data_version(session, actor, enterprise_id=eid)
    score_enterprise(session, actor, enterprise_id=eid, year=YEAR)
    dashboard.topic_targets(session, actor, enterprise_id=eid, year=YEAR)
    dashboard.year_over_year(session, actor, enterprise_id=eid, year=YEAR)
    dashboard.overview(session, actor, enterprise_id=eid, year=YEAR)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def minimal_params(session: Session, eid: int) -> dict[str, object]:
    cycle = find_year(session, eid, YEAR)
    first, last = cycle.bounds()  # type: ignore[union-attr]
    q = [datetime(first.year + (first.month - 1 + 3 * n) // 12, (first.month - 1 + 3 * n) % 12 + 1, 1) for n in (1, 2, 3)]
    end = datetime.combine(min(date.today(), last), datetime.max.time())
    sqlite = session.get_bind().dialect.name == "sqlite"
    as_text = (lambda d: d.isoformat(sep=" ")) if sqlite else (lambda d: d)  # noqa: E731
    return {"eid": eid, "year": YEAR, "q2": as_text(q[0]), "q3": as_text(q[1]), "q4": as_text(q[2]),
            "as_of_end": as_text(end)}


def report_content(session: Session, eid: int) -> dict[str, object]:
    """What the report holds besides the scores, as the portal computed it (outside the timed part): the
    lines' heat map, the year-on-year annex and the targets, so the plain document has the same tables."""
    from reports.jobs import _years, line_assessments

    return {"by_division": line_assessments(session, SYSTEM, enterprise_id=eid, year=YEAR, method=None,
                                            claim_mode=None),
            "year_on_year": _years(session, SYSTEM, eid, YEAR),
            "targets": dashboard.topic_targets(session, SYSTEM, enterprise_id=eid, year=YEAR)}


def plain_with_chart(assessment: object, criteria: object, content: dict[str, object] | None = None) -> bytes:
    """python-docx's plain API: the same paragraphs and tables (the lines' heat map and the year-on-year
    annex among them, given `content`), and the same chart drawn anew."""
    import docx
    from docx.shared import Cm

    from reports.charts import _level_bars_png
    from reports.readiness import ReportMeta, readiness_plan
    from reports.readiness_summary import topic_chart, topic_targets

    meta = ReportMeta(made_on=date.today(), made_by="bench", **(content or {}))  # type: ignore[arg-type]
    plan = readiness_plan(assessment, criteria, meta)  # type: ignore[arg-type]
    document = docx.Document(io.BytesIO(plain_docx(plan)))
    _level_bars_png.cache_clear()  # the baseline draws its chart every time
    png = topic_chart(assessment, topic_targets(assessment, meta.targets))  # type: ignore[arg-type]
    document.add_picture(io.BytesIO(png), width=Cm(16))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def bench_url(url: str, rounds: int, main_tree: str | None, main_url: str | None = None,
              main_report: bool = False) -> dict[str, list[tuple[float, float]]]:
    from reports.charts import _level_bars_png
    from reports.jobs import make_readiness_report

    engine = db.make_engine(url)
    dialect = engine.dialect.name
    series: dict[str, list[tuple[float, float]]] = {}

    def note(name: str, seconds: float) -> None:
        series.setdefault(name, []).append((seconds, os.getloadavg()[0]))

    with Session(engine) as session:
        eid = int(session.exec(select(Enterprise.id).where(Enterprise.code == "BENCH-L")).one())
        actor = Actor(username="bench", role=Role.EXECUTIVE, enterprise_id=eid)
        params = minimal_params(session, eid)
        raw = session.connection().connection.dbapi_connection
        dashboard_calls(session, actor, eid)  # warm the connection, the criteria file and the imports
        minimal_sql.run(raw, dialect, params)
        for _ in range(rounds):
            forget_passes()
            note("dashboard cold", timed(lambda: dashboard_calls(session, actor, eid)))
            note("minimal SQL", timed(lambda: minimal_sql.run(raw, dialect, params)))
            note("dashboard warm", timed(lambda: dashboard_calls(session, actor, eid)))
            forget_passes()
            note("score cold", timed(lambda: score_enterprise(session, actor, enterprise_id=eid, year=YEAR)))
            if main_tree:
                done = subprocess.run([sys.executable, "-c", MAIN_COLD, main_url or url, str(eid)], capture_output=True,
                                      text=True,
                                      env={**os.environ, "PYTHONPATH": main_tree}, check=True, cwd=main_tree)
                note("main: dashboard cold", float(json.loads(done.stdout.strip().splitlines()[-1])))
            if main_tree and main_report:
                done = subprocess.run([sys.executable, "-c", MAIN_REPORT, main_url or url, str(eid)], capture_output=True,
                                      text=True, env={**os.environ, "PYTHONPATH": main_tree}, check=True, cwd=main_tree)
                note("main: report cold", float(json.loads(done.stdout.strip().splitlines()[-1])))
            forget_passes()
            _level_bars_png.cache_clear()
            note("report cold", timed(lambda: make_readiness_report(session, SYSTEM, enterprise_id=eid, year=YEAR)))
            note("report warm", timed(lambda: make_readiness_report(session, SYSTEM, enterprise_id=eid, year=YEAR)))
            assessment = score_enterprise(session, SYSTEM, enterprise_id=eid, year=YEAR)
            from evidence.services.criteria_versions import resolve_criteria

            criteria = resolve_criteria(session, assessment.criteria_version)
            content = report_content(session, eid)
            note("plain python-docx + chart", timed(lambda a=assessment, c=criteria, m=content: plain_with_chart(a, c, m)))
            session.rollback()  # the reports' audit rows stay out of the bench database
    engine.dispose()
    return series


def summary(series: dict[str, list[tuple[float, float]]]) -> dict[str, dict[str, float]]:
    return {name: {"min": min(s for s, _ in v), "median": statistics.median(s for s, _ in v),
                   "load": statistics.median(load for _, load in v), "rounds": len(v)} for name, v in series.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True, help="database URL (repeat for each dialect)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--main", help="a checkout of main: its cold dashboard is measured in a child process")
    parser.add_argument("--main-report", action="store_true",
                        help="with --main: main's cold readiness report too, in a child process, each round")
    parser.add_argument("--main-db", action="append", default=[],
                        help="per --db, the same data at main's schema (default: the --db itself)")
    args = parser.parse_args()
    os.nice(10)
    for n, url in enumerate(args.db):
        main_url = args.main_db[n] if n < len(args.main_db) and args.main_db[n] != "-" else None
        series = bench_url(url, args.rounds, args.main, main_url, args.main_report)
        figures = summary(series)
        print(f"\n== {url.split('://')[0]} ({args.rounds} rounds, A/B interleaved)")
        for name, f in figures.items():
            print(f"{name:28s} min {f['min']:.3f} s  median {f['median']:.3f} s  (load {f['load']:.1f})")
        ratios = {
            "dashboard cold / minimal SQL": ("dashboard cold", "minimal SQL"),
            "score cold / minimal SQL": ("score cold", "minimal SQL"),
            "report cold / plain + chart": ("report cold", "plain python-docx + chart"),
            "report warm / plain + chart": ("report warm", "plain python-docx + chart"),
            "main cold / pass cold (dashboard)": ("main: dashboard cold", "dashboard cold"),
            "main report cold / report cold": ("main: report cold", "report cold"),
            "main report cold / plain + chart": ("main: report cold", "plain python-docx + chart"),
        }
        for label, (a, b) in ratios.items():
            if a in figures and b in figures:
                print(f"{label:34s} median {figures[a]['median'] / figures[b]['median']:.2f}  "
                      f"min {figures[a]['min'] / figures[b]['min']:.2f}")
        if {"report cold", "minimal SQL", "plain python-docx + chart"} <= figures.keys():
            # The document made by hand from the database: the minimal SQL reading the scoring inputs (less
            # than the report reads: no lines cut, no annex counts) and the plain document; each round's sum.
            by_hand = [m + p for (m, _), (p, _) in zip(series["minimal SQL"], series["plain python-docx + chart"],
                                                        strict=True)]
            report = [r for r, _ in series["report cold"]]
            print(f"{'report cold / (minimal SQL + plain)':34s} median "
                  f"{statistics.median(report) / statistics.median(by_hand):.2f}  min {min(report) / min(by_hand):.2f}")
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
