"""Scoring speed at a scale (issue 4): the whole enterprise, against the bare SQL it needs.

    python -m bench.generate --scale L --out /tmp/bench-L.db
    python -m bench.bench_scoring --db /tmp/bench-L.db

The bare-SQL figure replays, straight on the DB-API cursor, exactly the statements that building the
evidence snapshot sent (captured with an engine event), so the ratio is scoring's own overhead.
"""

import argparse
import statistics
import time
from pathlib import Path

from sqlalchemy import event, select
from sqlmodel import Session

from evidence import db
from evidence.access import SYSTEM
from evidence.models import Enterprise
from evidence.services.scoring import score_enterprise


def _median(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    engine = db.make_engine(f"sqlite:///{args.db.resolve()}")
    with Session(engine) as session:
        enterprise = session.exec(select(Enterprise).order_by(Enterprise.id)).first()[0]  # type: ignore[index]
        year = 2569

        def score() -> None:
            score_enterprise(session, SYSTEM, enterprise_id=enterprise.id, year=year)

        score()  # warm the connection and the criteria file cache
        statements: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
            statements.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", capture)
        score()
        event.remove(engine, "before_cursor_execute", capture)
        scoring = _median(score, args.runs)
        raw = session.connection().connection.dbapi_connection

        def bare_sql() -> None:
            cursor = raw.cursor()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                cursor.fetchall()
            cursor.close()

        bare = _median(bare_sql, args.runs)
    print(f"enterprise {enterprise.code}: scoring {scoring * 1000:.0f} ms (median of {args.runs}); "
          f"bare SQL of its {len(statements)} statements {bare * 1000:.0f} ms; ratio {scoring / bare:.2f}")


if __name__ == "__main__":
    main()
