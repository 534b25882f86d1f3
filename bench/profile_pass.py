"""Where a cold dashboard and a cold readiness report spend their time (issue 18): statements and Python.

    python -m bench.profile_pass --db sqlite:////tmp/bench-L.db [--db postgresql+psycopg://…] [--top 25]

For each database: one cold dashboard (the bench's service calls, pass dropped) and one cold report
(pass and chart dropped), each under cProfile with a `before/after_cursor_execute` listener that counts
the statements and their time by the table they read. Prints the totals, the slowest statements and
the functions with the most own time.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import time
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import event
from sqlmodel import Session, select

from bench.bench_pass import YEAR, dashboard_calls
from evidence import db
from evidence.access import SYSTEM, Actor
from evidence.models import Enterprise
from evidence.models.users import Role
from evidence.services.evidence_pass import forget_passes

_FROM = re.compile(r"\bFROM\s+\(?\s*([a-z_]+)", re.IGNORECASE)


def profiled(engine: object, label: str, fn: Callable[[], object], top: int) -> None:
    by_table: dict[str, list[float]] = defaultdict(list)
    started: list[float] = []
    slow: list[tuple[float, str]] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
        started.append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
        took = time.perf_counter() - started.pop()
        found = _FROM.search(statement)
        by_table[found.group(1).lower() if found else statement.split()[0]].append(took)
        slow.append((took, " ".join(statement.split())[:160]))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.runcall(fn)
    wall = time.perf_counter() - start
    event.remove(engine, "before_cursor_execute", before)
    event.remove(engine, "after_cursor_execute", after)
    sql = sum(sum(v) for v in by_table.values())
    count = sum(len(v) for v in by_table.values())
    print(f"\n--- {label}: {wall:.3f} s wall, {count} statements, {sql:.3f} s in SQL (load {os.getloadavg()[0]:.1f})")
    for table, times in sorted(by_table.items(), key=lambda kv: -sum(kv[1]))[:20]:
        print(f"  {table:28s} {len(times):4d} statements {sum(times):.3f} s")
    print("  slowest:")
    for took, text in sorted(slow, reverse=True)[:8]:
        print(f"    {took:.3f} s  {text}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
    print("\n".join(out.getvalue().splitlines()[:top + 12]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", choices=("dashboard", "report"))
    args = parser.parse_args()
    for url in args.db:
        profile_url(url, args.only, args.top)


def profile_url(url: str, only: str | None, top: int) -> None:
    from reports.charts import _level_bars_png
    from reports.jobs import make_readiness_report

    engine = db.make_engine(url)
    with Session(engine) as session:
        eid = int(session.exec(select(Enterprise.id).where(Enterprise.code.like("BENCH-%"))).first())  # type: ignore[union-attr, attr-defined]
        actor = Actor(username="bench", role=Role.EXECUTIVE, enterprise_id=eid)
        dashboard_calls(session, actor, eid)  # connect, load the criteria file and the imports
        if only != "report":
            forget_passes()
            profiled(engine, f"{url.split(':')[0]} dashboard cold", lambda: dashboard_calls(session, actor, eid),
                     top)
        if only != "dashboard":
            forget_passes()
            _level_bars_png.cache_clear()
            profiled(engine, f"{url.split(':')[0]} report cold",
                     lambda: make_readiness_report(session, SYSTEM, enterprise_id=eid, year=YEAR), top)
        session.rollback()
    engine.dispose()


if __name__ == "__main__":
    main()
