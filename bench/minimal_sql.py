"""Hand-written minimal SQL doing the work of a cold dashboard (score + overview), per dialect (issue 18).

The baseline a developer would write by hand to read the same inputs: one GROUP BY per large table on
its covering index (VOC by unit × quarter × aspect × segment × approval; complaints by unit × quarter
with the four stage counts; profiles, VOS and risks by unit), and a plain `SELECT *` of each small
table the rules read (plans, surveys, channels, minutes, documents… a few dozen rows each). It runs
on the DB-API cursor with no ORM, no Python work on the rows beyond fetching them.

On PostgreSQL the stage counts use `count(*) FILTER (WHERE …)` and interval comparisons; on SQLite
`sum(CASE …)` and `julianday` differences (no interval type).
"""

from collections.abc import Iterator

STANDARD_HOURS = {"acknowledge": 24, "respond": 72, "resolve": 240}  # as bench.generate stores them
STAGES = {"acknowledge": "acknowledged_at", "respond": "responded_at", "resolve": "resolved_at"}

VOC = """SELECT org_unit_id, quarter, aspect, segment_id, status = 'approved', count(*),
  {high}, sum(priority)
FROM vocrecord WHERE enterprise_id = :eid AND year = :year
GROUP BY org_unit_id, quarter, aspect, segment_id, status = 'approved'"""

COMPLAINTS = """SELECT org_unit_id,
  CASE WHEN received_at < :q2 THEN 1 WHEN received_at < :q3 THEN 2 WHEN received_at < :q4 THEN 3 ELSE 4 END AS q,
  count(*), {approved}, {stages}
FROM complaintcase WHERE enterprise_id = :eid AND year = :year GROUP BY org_unit_id, q"""

PROFILES = """SELECT org_unit_id, count(*), sum(CASE WHEN is_internal THEN 1 ELSE 0 END),
  sum(CASE WHEN role IS NULL OR trim(role) = '' THEN 1 ELSE 0 END),
  sum(CASE WHEN key_issues IS NULL OR trim(key_issues) = '' THEN 1 ELSE 0 END),
  sum(CASE WHEN coalesce(trim(representative_name), '') = '' AND coalesce(trim(coordinator_name), '') = ''
      THEN 1 ELSE 0 END),
  sum(CASE WHEN relationship_level IS NULL OR trim(relationship_level) = '' THEN 1 ELSE 0 END),
  sum(CASE WHEN importance IS NULL THEN 1 ELSE 0 END),
  sum(CASE WHEN id IN (SELECT stakeholder_id FROM voiceofstakeholder
                       WHERE enterprise_id = :eid AND year = :year AND status = 'approved') THEN 1 ELSE 0 END),
  sum(CASE WHEN interest >= 3 AND influence >= 3 THEN 1 ELSE 0 END)
FROM stakeholder WHERE enterprise_id = :eid AND year = :year GROUP BY org_unit_id"""

REVIEWS = """SELECT org_unit_id, reviewed_on, count(*) FROM stakeholder
WHERE enterprise_id = :eid AND year = :year AND status = 'approved' GROUP BY org_unit_id, reviewed_on"""

VOS = """SELECT org_unit_id, polarity, source, count(*) FROM voiceofstakeholder
WHERE enterprise_id = :eid AND year = :year AND status = 'approved' GROUP BY org_unit_id, polarity, source"""

RISKS = """SELECT org_unit_id, impact * likelihood, count(*),
  sum(CASE WHEN coalesce(trim(erm_reference), '') <> '' OR coalesce(trim(mitigation_plan), '') <> '' THEN 1 ELSE 0 END)
FROM relationshiprisk WHERE enterprise_id = :eid AND year = :year GROUP BY org_unit_id, impact * likelihood"""

SMALL_OF_YEAR = ("strategyplan", "monitoringminute", "survey", "customersegment", "vocreport", "vocaspectranking",
                 "improvementaction", "servicestandard", "complaintstandard", "relationshipplan", "workinggroup",
                 "developmentproject", "itemclaim", "topictarget")
SMALL_OF_ENTERPRISE = ("orgunit", "listeningchannel", "complaintchannel", "document", "approval", "evidencelink",
                       "governingbody")


def statements(dialect: str) -> Iterator[str]:
    """The statements, written for `dialect` ("sqlite" or "postgresql"), with :named parameters."""
    if dialect == "postgresql":
        def count_if(condition: str) -> str:
            return f"count(*) FILTER (WHERE {condition})"

        def within(column: str, hours: int) -> str:
            return f"{column} - received_at <= interval '{hours} hours'"
    else:
        def count_if(condition: str) -> str:
            return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"

        def within(column: str, hours: int) -> str:
            return f"(julianday({column}) - julianday(received_at)) * 24.0 <= {hours}"
    yield VOC.format(high=count_if("priority <= 2"))
    approved = "status = 'approved'"
    stages = []
    for stage, column in STAGES.items():
        hours = STANDARD_HOURS[stage]
        overdue = f"{column} IS NULL AND received_at < :as_of_end - interval '{hours} hours'" \
            if dialect == "postgresql" else f"{column} IS NULL AND received_at < datetime(:as_of_end, '-{hours} hours')"
        stages.append(count_if(f"{approved} AND ({column} IS NOT NULL OR ({overdue}))"))
        stages.append(count_if(f"{approved} AND {column} IS NOT NULL AND {within(column, hours)}"))
    yield COMPLAINTS.format(approved=count_if(approved), stages=", ".join(stages))
    yield PROFILES
    yield REVIEWS
    yield VOS
    yield RISKS
    for table in SMALL_OF_YEAR:
        yield f"SELECT * FROM {table} WHERE enterprise_id = :eid AND year = :year"
    for table in SMALL_OF_ENTERPRISE:
        yield f"SELECT * FROM {table} WHERE enterprise_id = :eid"


def run(dbapi_connection: object, dialect: str, params: dict[str, object]) -> int:
    """Run every statement on the raw connection and fetch all rows; returns the rows fetched."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    fetched = 0
    for sql in statements(dialect):
        used = {k: v for k, v in params.items() if f":{k}" in sql}
        if dialect == "postgresql":
            for name in used:
                sql = sql.replace(f":{name}", f"%({name})s")
        cursor.execute(sql, used)
        fetched += len(cursor.fetchall())
    cursor.close()
    return fetched
