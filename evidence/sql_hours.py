"""Hours between two timestamps in SQL, for SQLite and PostgreSQL alike (P5 time standards).

Used to compute the complaint cases' stage durations once, when a case is written (generated columns
`acknowledge_hours`, `respond_hours`, `resolve_hours` of `complaintcase`, see
`evidence.models.complaints`), and by readers of a database that predates them.
"""

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class hours_between(FunctionElement[float]):  # lower case: it reads as the SQL function it compiles to
    """Hours from the first timestamp to the second, on SQLite and PostgreSQL alike."""

    type = Float()
    inherit_cache = True


@compiles(hours_between)
def _hours_default(element: hours_between, compiler: SQLCompiler, **kw: object) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)"


@compiles(hours_between, "sqlite")
def _hours_sqlite(element: hours_between, compiler: SQLCompiler, **kw: object) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 24.0)"
