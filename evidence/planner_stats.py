"""Planner statistics after bulk loads (issue 18 §2): `ANALYZE` the tables a large load grew.

Without fresh statistics a database plans the first queries after a load of 100,000 rows as if the
table were still small (SQLite: no `sqlite_stat1` rows at all). SQLite reads a bounded sample
(`analysis_limit`), so this stays well under a second at scale L; PostgreSQL samples by itself.
"""

from collections.abc import Mapping

from sqlalchemy import text
from sqlmodel import Session

BULK_ROWS = 10_000  # a load at least this large refreshes its table's statistics
SQLITE_ANALYSIS_LIMIT = 2_000  # rows sampled per index


def analyze_loaded(session: Session, rows_by_table: Mapping[str, int], *, threshold: int = BULK_ROWS) -> list[str]:
    """`ANALYZE` each table that received at least `threshold` rows; returns the tables analysed."""
    tables = sorted(t for t, n in rows_by_table.items() if n >= threshold and t.isidentifier())
    if not tables:
        return []
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}"))
    for table in tables:
        session.execute(text(f'ANALYZE "{table}"'))
    return tables
