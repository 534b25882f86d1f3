"""National scale on PostgreSQL (issue 17 figures): 52 enterprises at scale M and 3 at scale L in one
database; the load time, and the score and dashboard of one enterprise there against the same
enterprise (same seed) alone in a database of its own — the ratio must stay within 1.2.

    nice python -m bench.bench_national [--m 52] [--l 3] [--runs 5] [--server postgresql+psycopg://postgres@127.0.0.1:5432]

Makes (drops first) the databases `jobs_national` and `jobs_alone` on the server. A bench, never a test.
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlmodel import Session, select

from bench.generate import SCALES, bulk_load, generate
from evidence import db

USER = "bench.national"
YEAR = 2569
PROBE = 26  # the M enterprise measured: in the middle of the load order


def fresh_database(server: str, name: str) -> Engine:
    admin = db.make_engine(f"{server}/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = db.make_engine(f"{server}/{name}")
    db.upgrade(engine)
    return engine


def load(engine: Engine, m: int, l_count: int) -> dict[str, list[float]]:
    seconds: dict[str, list[float]] = {"M": [], "L": []}
    with bulk_load(engine):  # the search index filled once at the end, not per row
        for i in range(1, m + 1):
            seconds["M"].append(generate(engine, SCALES["M"], code=f"NAT-M-{i:02d}", seed=2569 + i).seconds)
        for i in range(1, l_count + 1):
            seconds["L"].append(generate(engine, SCALES["L"], code=f"NAT-L-{i:02d}", seed=9000 + i).seconds)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return seconds


def calls(engine: Engine, code: str) -> dict[str, Callable[[], object]]:
    """The scoring service and the dashboard's four services for enterprise `code`, as a bench executive."""
    from evidence.access import SYSTEM, actor_for
    from evidence.models import Enterprise
    from evidence.models.users import Role
    from evidence.services import dashboard
    from evidence.services.scoring import score_enterprise
    from evidence.services.users import create_user, find_user

    session = Session(engine)
    eid = session.exec(select(Enterprise.id).where(Enterprise.code == code)).one()
    user = find_user(session, USER)
    if user is None:
        create_user(session, SYSTEM, username=USER, display_name="ผู้บริหาร (bench)", role=Role.EXECUTIVE,
                    enterprise_id=eid)
        session.commit()
        user = find_user(session, USER)
    actor = actor_for(session, user)  # type: ignore[arg-type]
    kw = {"enterprise_id": eid, "year": YEAR}

    def board() -> object:
        return (dashboard.overview(session, actor, **kw), dashboard.complaint_quarters(session, actor, **kw),
                dashboard.voc_volume(session, actor, **kw), dashboard.completeness(session, actor, **kw))

    return {"score": lambda: score_enterprise(session, actor, **kw), "dashboard": board,
            "score + dashboard": lambda: (score_enterprise(session, actor, **kw), board())}


def measure(national: Engine, alone: Engine, code: str, runs: int) -> dict[str, tuple[float, float]]:
    """Median seconds (national, alone) per call, the two databases interleaved run by run so that the
    machine's load falls on both alike; one warm-up run each first. Every run is cold: the enterprise's
    evidence pass (which keeps scans and results per data version) is dropped before it."""
    from evidence.services.evidence_pass import forget_passes

    there, own = calls(national, code), calls(alone, code)
    result = {}
    for key in there:
        for warm_up in (there[key], own[key]):
            forget_passes()
            warm_up()
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(runs):
            for fn, into in ((there[key], times[0]), (own[key], times[1])):
                forget_passes()
                started = time.perf_counter()
                fn()
                into.append(time.perf_counter() - started)
        result[key] = (statistics.median(times[0]), statistics.median(times[1]))
    return result


def rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT (SELECT count(*) FROM vocrecord) + (SELECT count(*) FROM complaintcase) "
                                     "+ (SELECT count(*) FROM stakeholder) + (SELECT count(*) FROM voiceofstakeholder)"))
                   .scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description="ระดับประเทศ: 52 รัฐวิสาหกิจขนาด M และ 3 ขนาด L ในฐานข้อมูลเดียว")
    parser.add_argument("--m", type=int, default=52)
    parser.add_argument("--l", dest="l_count", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--measure-only", action="store_true", help="measure the databases a previous run loaded")
    args = parser.parse_args()
    os.environ.setdefault("SCM_DB_STATEMENT_TIMEOUT_MS", "600000")  # a batch of 20,000 rows on a loaded machine
    probe = f"NAT-M-{min(PROBE, args.m):02d}"
    print(f"load average before {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.measure_only:
        national, alone = db.make_engine(f"{args.server}/jobs_national"), db.make_engine(f"{args.server}/jobs_alone")
    else:
        national = fresh_database(args.server, "jobs_national")
        started = time.perf_counter()
        seconds = load(national, args.m, args.l_count)
        total = time.perf_counter() - started
        print(f"national load: {args.m} × M + {args.l_count} × L = {rows(national):,} main rows in {total:.0f} s "
              f"(M median {statistics.median(seconds['M']):.1f} s"
              + (f", L median {statistics.median(seconds['L']):.1f} s" if seconds["L"] else "") + ")")
        alone = fresh_database(args.server, "jobs_alone")
        generate(alone, SCALES["M"], code=probe, seed=2569 + min(PROBE, args.m))
        with alone.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    print(f"load average before measuring {os.getloadavg()[0]:.1f}")
    for key, (there, own) in measure(national, alone, probe, args.runs).items():
        print(f"{probe} {key}: {there * 1000:.0f} ms among the national database, {own * 1000:.0f} ms alone, "
              f"ratio {there / own:.2f} (requirement ≤ 1.2)")
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
