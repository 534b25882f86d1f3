"""Keeping `searchdoc` (the search index) in step with every searchable table, in the database itself.

Each source table (every table the PDPA catalogue lists as holding personal data or free text, plus
the passages read from evidence files) gets triggers that write its row of `searchdoc` on insert and
update and remove it on delete. Triggers fire for every write path — the record services, the Excel
import's bulk inserts, a restore, the benchmark generator — so the index cannot fall behind, and an
erasure or a correction rewrites the row in the same statement.

- SQLite: `searchdoc_fts`, an FTS5 table with the trigram tokenizer over `searchdoc` (external
  content), kept by triggers on `searchdoc`. Trigram matching finds a Thai word inside a longer Thai
  text without word boundaries. FTS5 keeps deleted entries in older index segments until they are
  merged, so after an erasure `purge()` merges them (`optimize`) and no trigram of the erased text is
  left behind.
- PostgreSQL: `pg_trgm` GIN indexes on the four text columns of `searchdoc`; `LIKE`/`ILIKE` with a
  pattern of three or more characters uses them.

`install()` (re)creates the triggers from the current catalogue and `rebuild()` refills the index
from the source tables; the migration that introduced the index calls both, and a later migration
that adds a searchable table calls them again (a test checks every searchable table has its triggers).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from evidence.pdpa.catalog import TableInfo, searchable_tables

PHONE_JUNK = ("-", " ", "(", ")", "+", ".", "/", "#", ",")
COLUMNS = "enterprise_id, record_table, record_id, org_unit_id, status, year, body, people, phones, emails"
FTS_COLUMNS = ("body", "people", "phones", "emails")
PASSAGE_SOURCE = "filepassage"


@dataclass(frozen=True)
class Source:
    """One indexed table and which of its columns go where."""

    table: str
    body: tuple[str, ...]
    people: tuple[str, ...]
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    unit: str | None
    has_status: bool
    has_year: bool


def _source(info: TableInfo) -> Source:
    columns = set(info.model.__table__.c.keys())  # type: ignore[attr-defined]
    return Source(
        table=info.name,
        body=info.text,
        people=tuple(c for c, k in info.pii if k in ("name", "text")),
        phones=tuple(c for c, k in info.pii if k == "phone"),
        emails=tuple(c for c, k in info.pii if k == "email"),
        unit=next((c for c in ("org_unit_id", "owner_unit_id") if c in columns), None),
        has_status="status" in columns,
        has_year="year" in columns and info.name != "assessmentyear",
    )


def sources() -> list[Source]:
    """Every table the index covers (the PDPA catalogue's searchable tables with an enterprise)."""
    found = [_source(t) for t in searchable_tables() if t.has_enterprise]
    found.append(Source(PASSAGE_SOURCE, ("section", "text"), (), (), (), None, False, False))
    return found


def _digits(dialect: str, value: str) -> str:
    if dialect == "postgresql":
        return f"regexp_replace({value}, '[^0-9]', '', 'g')"
    expr = f"coalesce({value}, '')"
    for junk in PHONE_JUNK:
        expr = f"replace({expr}, '{junk}', '')"
    return expr


def _joined(dialect: str, values: list[str], sep: str) -> str:
    if not values:
        return "''"
    if dialect == "postgresql":
        return f"concat_ws({sep}, {', '.join(values)})"
    return f" || {sep} || ".join(f"coalesce({v}, '')" for v in values)


def _values(dialect: str, src: Source, ref: str) -> str:
    """The SQL expressions of one `searchdoc` row from the source row `ref` (NEW, or a table alias)."""
    newline = "E'\\n'" if dialect == "postgresql" else "char(10)"
    if src.table == PASSAGE_SOURCE:
        enterprise = f"(SELECT enterprise_id FROM evidencefile WHERE evidencefile.id = {ref}.file_id)"
    else:
        enterprise = f"{ref}.enterprise_id"
    phones = [_digits(dialect, f"{ref}.{c}") for c in src.phones]
    emails = [f"lower({ref}.{c})" for c in src.emails]
    parts = [
        enterprise, f"'{src.table}'", f"{ref}.id",
        f"{ref}.{src.unit}" if src.unit else "NULL",
        f"{ref}.status" if src.has_status else "NULL",
        f"{ref}.year" if src.has_year else "NULL",
        _joined(dialect, [f"{ref}.{c}" for c in src.body], newline),
        _joined(dialect, [f"{ref}.{c}" for c in src.people], newline),
        f"' ' || {_joined(dialect, phones, chr(39) + ' ' + chr(39))} || ' '",
        f"' ' || {_joined(dialect, emails, chr(39) + ' ' + chr(39))} || ' '",
    ]
    return ", ".join(parts)


def _sqlite_triggers(src: Source) -> list[str]:
    t = src.table
    return [
        f'CREATE TRIGGER searchdoc_{t}_ins AFTER INSERT ON "{t}" BEGIN '
        f"INSERT INTO searchdoc({COLUMNS}) VALUES ({_values('sqlite', src, 'NEW')}); END",
        f'CREATE TRIGGER searchdoc_{t}_upd AFTER UPDATE ON "{t}" BEGIN '  # in place: the row keeps its id
        f"UPDATE searchdoc SET ({COLUMNS}) = ({_values('sqlite', src, 'NEW')}) "
        f"WHERE record_table = '{t}' AND record_id = OLD.id; END",
        f'CREATE TRIGGER searchdoc_{t}_del AFTER DELETE ON "{t}" BEGIN '
        f"DELETE FROM searchdoc WHERE record_table = '{t}' AND record_id = OLD.id; END",
    ]


def _pg_trigger(src: Source) -> list[str]:
    t = src.table
    update = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS.split(", ") if c not in ("record_table", "record_id"))
    return [
        f"CREATE OR REPLACE FUNCTION searchdoc_{t}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'DELETE' THEN DELETE FROM searchdoc WHERE record_table = '{t}' AND record_id = OLD.id; "
        f"RETURN OLD; END IF; "
        f"INSERT INTO searchdoc({COLUMNS}) VALUES ({_values('postgresql', src, 'NEW')}) "
        f"ON CONFLICT (record_table, record_id) DO UPDATE SET {update}; RETURN NEW; END $$",
        f'DROP TRIGGER IF EXISTS searchdoc_{t} ON "{t}"',
        f'CREATE TRIGGER searchdoc_{t} AFTER INSERT OR UPDATE OR DELETE ON "{t}" '
        f"FOR EACH ROW EXECUTE FUNCTION searchdoc_{t}()",
    ]


_FTS_TRIGGERS = (
    "CREATE TRIGGER searchdoc_fts_ins AFTER INSERT ON searchdoc BEGIN "
    "INSERT INTO searchdoc_fts(rowid, body, people, phones, emails) "
    "VALUES (NEW.id, NEW.body, NEW.people, NEW.phones, NEW.emails); END",
    "CREATE TRIGGER searchdoc_fts_del AFTER DELETE ON searchdoc BEGIN "
    "INSERT INTO searchdoc_fts(searchdoc_fts, rowid, body, people, phones, emails) "
    "VALUES ('delete', OLD.id, OLD.body, OLD.people, OLD.phones, OLD.emails); END",
    "CREATE TRIGGER searchdoc_fts_upd AFTER UPDATE ON searchdoc BEGIN "
    "INSERT INTO searchdoc_fts(searchdoc_fts, rowid, body, people, phones, emails) "
    "VALUES ('delete', OLD.id, OLD.body, OLD.people, OLD.phones, OLD.emails); "
    "INSERT INTO searchdoc_fts(rowid, body, people, phones, emails) "
    "VALUES (NEW.id, NEW.body, NEW.people, NEW.phones, NEW.emails); END",
)


def uninstall(conn: Connection) -> None:
    """Drop every trigger (and SQLite's FTS table) of the index; `searchdoc` itself stays."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(text(
            "SELECT tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE tgname LIKE 'searchdoc%' AND NOT tgisinternal")).all()
        for name, table in rows:
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")
        return
    names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'searchdoc%'"))
    for (name,) in names.all():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS searchdoc_fts")


def install(conn: Connection) -> None:
    """(Re)create the index's triggers and search structures, then refill it from the source tables."""
    uninstall(conn)
    rebuild(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in FTS_COLUMNS:
            conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_searchdoc_{column}_trgm ON searchdoc "
                                 f"USING gin ({column} gin_trgm_ops)")
        for src in sources():
            for statement in _pg_trigger(src):
                conn.exec_driver_sql(statement)
        return
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE searchdoc_fts USING fts5({', '.join(FTS_COLUMNS)}, "
                         "content='searchdoc', content_rowid='id', tokenize='trigram')")
    conn.exec_driver_sql("INSERT INTO searchdoc_fts(searchdoc_fts) VALUES ('rebuild')")
    for statement in _FTS_TRIGGERS:
        conn.exec_driver_sql(statement)
    for src in sources():
        for statement in _sqlite_triggers(src):
            conn.exec_driver_sql(statement)


def rebuild(conn: Connection) -> int:
    """Empty `searchdoc` and fill it from every source table (the migration's backfill); rows written."""
    conn.exec_driver_sql("DELETE FROM searchdoc")
    written = 0
    for src in sources():
        result = conn.exec_driver_sql(
            f'INSERT INTO searchdoc({COLUMNS}) SELECT {_values(conn.dialect.name, src, "t")} FROM "{src.table}" t')
        written += max(result.rowcount or 0, 0)
    if conn.dialect.name == "sqlite" and _has_fts(conn):
        conn.exec_driver_sql("INSERT INTO searchdoc_fts(searchdoc_fts) VALUES ('rebuild')")
    return written


def _has_fts(conn: Connection) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'searchdoc_fts'")).first() is not None


def installed_tables(conn: Connection) -> set[str]:
    """The source tables that have their index triggers."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(text("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                 "WHERE tgname LIKE 'searchdoc%' AND NOT tgisinternal")).all()
        return {r[0] for r in rows}
    rows = conn.execute(text("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                             "AND name LIKE 'searchdoc%' AND tbl_name != 'searchdoc'")).all()
    return {r[0] for r in rows}


def purge(conn: Connection) -> None:
    """After an erasure: leave no trace of removed text in the index (SQLite merges FTS5 segments,
    which drops the entries of deleted and rewritten rows; PostgreSQL's GIN entries go with the row)."""
    if conn.dialect.name == "sqlite" and _has_fts(conn):
        conn.exec_driver_sql("INSERT INTO searchdoc_fts(searchdoc_fts) VALUES ('optimize')")


@contextmanager
def suspended(engine: Engine) -> Iterator[None]:
    """A bulk load without the per-row triggers: they are dropped for the block, then recreated and
    the index rebuilt in one pass per table (far cheaper for hundreds of thousands of rows). Nothing
    else may write meanwhile: use it for loading a new database, never on a live portal."""
    with engine.begin() as conn:
        uninstall(conn)
    try:
        yield
    finally:
        with engine.begin() as conn:
            install(conn)
