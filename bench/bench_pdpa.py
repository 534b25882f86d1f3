"""PDPA and audit speed at a scale (issue 8): finding a person in every table, the retention job's
dry run, the data inventory, and a page and an export of the audit log.

    python -m bench.generate --scale L --out /tmp/bench-L.db
    python -m bench.bench_pdpa --db /tmp/bench-L.db

Nothing is kept: synthetic audit rows are added for the run and everything is rolled back at the end
(the database can be shared with other benchmarks).
"""

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert
from sqlmodel import Session, select

from evidence import db
from evidence.access import Actor
from evidence.models import AuditLog, ComplaintCase, Enterprise
from evidence.models.users import Role
from evidence.pdpa.inventory import build_inventory
from evidence.pdpa.person_search import PersonQuery, find_hits
from evidence.pdpa.retention import run_retention
from evidence.services.audit_query import AuditFilter, export_audit, query_audit

BENCH = Actor(username="bench", role=Role.ADMIN)


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fill_audit(session: Session, enterprise_id: int, rows: int) -> None:
    """Synthetic audit rows (inside the transaction that is rolled back at the end)."""
    actions = ["create", "update", "review:approved", "login", "login:failed", "export:personal", "denied"]
    batch = [{"at": datetime(2026, 1, 1) + timedelta(minutes=n), "actor": f"user{n % 300}",
              "enterprise_id": enterprise_id, "action": actions[n % len(actions)], "table_name": "vocrecord",
              "record_id": n, "summary": f"รายการที่ {n}", "after": {"text": "[ข้อมูลส่วนบุคคล]", "n": n}}
             for n in range(rows)]
    for start in range(0, rows, 20_000):
        session.execute(insert(AuditLog), batch[start:start + 20_000])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--audit-rows", type=int, default=300_000, help="synthetic audit rows added for the run")
    args = parser.parse_args()
    engine = db.make_engine(f"sqlite:///{args.db.resolve()}")
    with Session(engine) as session:
        enterprise_id = session.exec(select(Enterprise.id).order_by(Enterprise.id)).first()
        person = session.exec(select(ComplaintCase).where(ComplaintCase.complainant_name.is_not(None))  # type: ignore[union-attr]
                              .order_by(ComplaintCase.id.desc())).first()  # type: ignore[union-attr]
        cases = session.exec(select(func.count()).select_from(ComplaintCase)).one()
        _fill_audit(session, enterprise_id, args.audit_rows)
        audit_rows = session.exec(select(func.count()).select_from(AuditLog)).one()
        by_name = PersonQuery(name=person.complainant_name or "")
        by_all = PersonQuery(name=person.complainant_name or "", phone="0811111111", email="nobody@example.com")
        shared_phone = PersonQuery(phone=person.complainant_phone or "")  # the generator gives everyone one number
        cases_found = len({h.record_id for h in find_hits(session, BENCH, enterprise_id, by_name)})
        figures = {
            "find a person by name (every table)": _median(
                lambda: find_hits(session, BENCH, enterprise_id, by_name), args.runs),
            "find a person by name, phone and e-mail": _median(
                lambda: find_hits(session, BENCH, enterprise_id, by_all), args.runs),
            f"find a phone number held by {len(find_hits(session, BENCH, enterprise_id, shared_phone)):,} records": _median(
                lambda: find_hits(session, BENCH, enterprise_id, shared_phone), 1),
            "retention dry run (whole database)": _median(
                lambda: run_retention(session, BENCH, today=date(2031, 1, 1)), args.runs),
            "data inventory": _median(
                lambda: build_inventory(session, BENCH, enterprise_id=enterprise_id), args.runs),
            "audit log: first page of 100 with the count": _median(
                lambda: query_audit(session, BENCH, AuditFilter(), limit=100), args.runs),
            "audit log: filtered page (action = create)": _median(
                lambda: query_audit(session, BENCH, AuditFilter(action="create"), limit=100), args.runs),
            "audit log: export to .xlsx (up to 100,000 rows)": _median(
                lambda: export_audit(session, BENCH, AuditFilter()), 1),
            "audit log: export to .csv (up to 100,000 rows)": _median(
                lambda: export_audit(session, BENCH, AuditFilter(), fmt="csv"), 1),
        }
        session.rollback()
    print(f"{args.db.name}: {cases:,} complaint cases, {audit_rows:,} audit rows; "
          f"the name matched {cases_found} record(s)")
    print("| operation | median |")
    print("| --- | --- |")
    for name, seconds in figures.items():
        print(f"| {name} | {seconds * 1000:,.0f} ms |")


if __name__ == "__main__":
    main()
