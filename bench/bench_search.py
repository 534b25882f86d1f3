"""Search speed at scale L (issue 17 §4): the PDPA person search and the portal's search box, through
the search index, on SQLite and on PostgreSQL.

    python -m bench.generate --scale L --out /tmp/bench-L.db
    python -m bench.bench_search --db /tmp/bench-L.db
    python -m bench.bench_search --pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_search [--load]

`--load` migrates the PostgreSQL database, loads scale L into it (`bench.generate`) and runs ANALYZE. One
complaint is given a phone number and an e-mail nobody else has for the run; everything the run writes
is rolled back at the end.
"""

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, update
from sqlmodel import Session, select

from evidence import db
from evidence.access import Actor
from evidence.models import ComplaintCase, Enterprise
from evidence.models.pdpa import RequestKind
from evidence.models.users import Role
from evidence.pdpa.person_search import PersonQuery
from evidence.pdpa.subjects import find_person_page, open_request
from evidence.services.search import search_records
from evidence.services.search_index import purge, suspended

BENCH = Actor(username="bench", role=Role.ADMIN)
UNIQUE_PHONE = "0861234599"
UNIQUE_EMAIL = "only.one@example.net"


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def measure(engine: Engine, runs: int) -> tuple[str, dict[str, str]]:
    with Session(engine) as session:
        enterprise_id = session.exec(select(Enterprise.id).where(Enterprise.code == "BENCH-L")).one()
        cases = session.exec(select(func.count()).select_from(ComplaintCase)).one()
        person = session.exec(select(ComplaintCase).order_by(ComplaintCase.id.desc())).first()  # type: ignore[union-attr]
        assert person is not None and person.complainant_name
        shared = person.complainant_phone or ""
        session.execute(update(ComplaintCase).where(ComplaintCase.id == person.id)  # type: ignore[arg-type]
                        .values(complainant_phone=UNIQUE_PHONE, complainant_email=UNIQUE_EMAIL))
        request = open_request(session, BENCH, enterprise_id=enterprise_id, kind=RequestKind.ACCESS)

        def page(q: PersonQuery) -> Callable[[], object]:
            return lambda: find_person_page(session, BENCH, request.id or 0, q)

        by_phone = PersonQuery(phone=UNIQUE_PHONE[:3] + "-" + UNIQUE_PHONE[3:6] + "-" + UNIQUE_PHONE[6:])
        by_name = PersonQuery(name=person.complainant_name)
        by_all = PersonQuery(name=person.complainant_name, phone=UNIQUE_PHONE, email=UNIQUE_EMAIL)
        by_shared = PersonQuery(phone=shared)
        found = find_person_page(session, BENCH, request.id or 0, by_phone)
        shared_page = find_person_page(session, BENCH, request.id or 0, by_shared)
        assert {h.record_id for h in found.hits} == {person.id}, "the unique phone must find its one complaint"
        def ms(fn: Callable[[], object], n: int = runs) -> str:
            return f"{_median(fn, n) * 1000:,.0f} ms"

        def box(query: str) -> Callable[[], object]:
            return lambda: search_records(session, BENCH, enterprise_id=enterprise_id, query=query)

        figures = {
            "person search, a unique phone (written 086-123-4599)": ms(page(by_phone)),
            f"person search, a unique name ({person.complainant_name})": ms(page(by_name)),
            "person search, name + phone + e-mail": ms(page(by_all)),
            f"person search, a phone held by {shared_page.records:,} records: first page of 50 and the count":
                ms(page(by_shared)),
            "peak Python memory of that page (tracemalloc)": f"{_peak_mb(page(by_shared)):.1f} MB",
            "search box: 'ข้อร้องเรียน' (every complaint): first page of 20 and the count": ms(box("ข้อร้องเรียน")),
            "search box: a unique name": ms(box(person.complainant_name)),
            "purge after an erasure (SQLite: FTS5 optimize; PostgreSQL: nothing to do)":
                ms(lambda: purge(session.connection()), 1),
        }
        session.rollback()
    return f"{engine.dialect.name}: {cases:,} complaint cases", figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="a SQLite file made by bench.generate --scale L")
    parser.add_argument("--pg", help="a PostgreSQL URL")
    parser.add_argument("--load", action="store_true", help="migrate the PostgreSQL database and load scale L")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.pg:
        engine = db.make_engine(args.pg)
        if args.load:
            from bench.generate import SCALES, generate

            started = time.perf_counter()
            db.upgrade(engine)
            with suspended(engine):  # index once at the end instead of per row
                stats = generate(engine, SCALES["L"])
            with engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")  # planner statistics after the bulk load (autovacuum does it later)
            print(f"loaded scale L into PostgreSQL: {sum(stats.rows.values()):,} rows in "
                  f"{time.perf_counter() - started:.1f} s (with migration and index triggers)")
    elif args.db:
        engine = db.make_engine(f"sqlite:///{args.db.resolve()}")
    else:
        parser.error("give --db or --pg")
    title, figures = measure(engine, args.runs)
    print(title)
    print("| operation | median |")
    print("| --- | --- |")
    for name, value in figures.items():
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
