"""Hand-written minimal SQL doing the work of a cold dashboard (score + overview), per dialect (issue 18).

The baseline a developer would write by hand to read the same inputs: one GROUP BY per large table on
its covering index (VOC by unit × quarter × aspect × segment × approval; complaints by unit × quarter
with the four stage counts; profiles, VOS and risks by unit), and a plain `SELECT *` of each small
table the rules read (plans, surveys, channels, minutes, documents… a few dozen rows each). It runs
on the DB-API cursor with no ORM, no Python work on the rows beyond fetching them.

Checked against what the portal reads on a cold dashboard (`bench.profile_pass` lists its statements):
the same families, for the assessment year and for each earlier assessment year (the dashboard's
year-over-year chart scores them), plus what the completeness heatmap counts (profiles complete and
with a plan, internal stakeholders at issue, high risks linked), the register's versions, approvals,
files, readings and passages, claims and the assessor's levels. Left out, as a page without caches
would not need them: the data-version look-ups (the cache key) and the criteria file.

On PostgreSQL the stage counts use `count(*) FILTER (WHERE …)` and interval comparisons; on SQLite
`sum(CASE …)` and `julianday` differences (no interval type).
"""

from collections.abc import Iterator
from datetime import datetime

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
  sum(CASE WHEN interest >= 3 AND influence >= 3 THEN 1 ELSE 0 END),
  sum(CASE WHEN interest >= 3 AND influence >= 3 AND id IN (SELECT stakeholder_id FROM relationshipplan
      WHERE enterprise_id = :eid AND year = :year AND status = 'approved') THEN 1 ELSE 0 END),
  sum(CASE WHEN status = 'approved' AND role IS NOT NULL AND key_issues IS NOT NULL AND relationship_level IS NOT NULL
      AND (representative_name IS NOT NULL OR coordinator_name IS NOT NULL) THEN 1 ELSE 0 END),
  sum(CASE WHEN carried_from_year IS NOT NULL THEN 1 ELSE 0 END)
FROM stakeholder WHERE enterprise_id = :eid AND year = :year GROUP BY org_unit_id"""

INTERNAL = """SELECT org_unit_id, id, code, id IN (SELECT stakeholder_id FROM relationshipplan
  WHERE enterprise_id = :eid AND year = :year AND status = 'approved') FROM stakeholder
WHERE enterprise_id = :eid AND year = :year AND status = 'approved' AND is_internal AND importance = 'high'
  AND id IN (SELECT stakeholder_id FROM stakeholderissue WHERE enterprise_id = :eid AND NOT resolved)"""

YEARS = "SELECT year FROM assessmentyear WHERE enterprise_id = :eid AND year < :year ORDER BY year"

READINGS = """SELECT r.file_id, r.state, r.pages FROM filereading r JOIN evidencefile f ON f.id = r.file_id
WHERE f.enterprise_id = :eid"""

PASSAGES = """SELECT p.* FROM filepassage p JOIN evidencefile f ON f.id = p.file_id WHERE f.enterprise_id = :eid"""

REVIEWS = """SELECT org_unit_id, reviewed_on, count(*) FROM stakeholder
WHERE enterprise_id = :eid AND year = :year AND status = 'approved' GROUP BY org_unit_id, reviewed_on"""

VOS = """SELECT org_unit_id, polarity, source, count(*) FROM voiceofstakeholder
WHERE enterprise_id = :eid AND year = :year AND status = 'approved' GROUP BY org_unit_id, polarity, source"""

RISKS = """SELECT org_unit_id, impact * likelihood, count(*),
  sum(CASE WHEN coalesce(trim(erm_reference), '') <> '' OR coalesce(trim(mitigation_plan), '') <> '' THEN 1 ELSE 0 END)
FROM relationshiprisk WHERE enterprise_id = :eid AND year = :year GROUP BY org_unit_id, impact * likelihood"""

SMALL_OF_YEAR = ("strategyplan", "monitoringminute", "survey", "customersegment", "vocreport", "vocaspectranking",
                 "improvementaction", "servicestandard", "complaintstandard", "relationshipplan", "workinggroup",
                 "developmentproject", "itemclaim", "topictarget", "assessorlevel")
SMALL_OF_ENTERPRISE = ("orgunit", "listeningchannel", "complaintchannel", "document", "documentversion", "approval",
                       "approvaldocument", "evidencelink", "evidencefile", "governingbody", "plankpi",
                       "relationshipactivity", "workinggroupmember", "stakeholderissue")


def year_statements(dialect: str) -> Iterator[str]:
    """The statements of one assessment year, written for `dialect` ("sqlite" or "postgresql"), with
    :named parameters."""
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
    yield INTERNAL
    for table in SMALL_OF_YEAR:
        yield f"SELECT * FROM {table} WHERE enterprise_id = :eid AND year = :year"


def enterprise_statements() -> Iterator[str]:
    """The statements read once whatever the year (units, registers, files, links)."""
    for table in SMALL_OF_ENTERPRISE:
        yield f"SELECT * FROM {table} WHERE enterprise_id = :eid"
    yield READINGS
    yield PASSAGES


def _earlier(value: object, years: int) -> object:
    """A quarter boundary or day of the assessment year `years` earlier (datetime, or its ISO text)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, datetime)
    moment = moment.replace(year=moment.year - years, day=min(moment.day, 28))
    return moment.isoformat(sep=" ") if isinstance(value, str) else moment


def run(dbapi_connection: object, dialect: str, params: dict[str, object]) -> int:
    """Run every statement on the raw connection and fetch all rows; returns the rows fetched. The year's
    statements run for `params["year"]` and again for each earlier assessment year (year over year)."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    fetched = 0

    def execute(sql: str, values: dict[str, object]) -> list[tuple[object, ...]]:
        used = {k: v for k, v in values.items() if f":{k}" in sql}
        if dialect == "postgresql":
            for name in used:
                sql = sql.replace(f":{name}", f"%({name})s")
        cursor.execute(sql, used)
        return cursor.fetchall()  # type: ignore[no-any-return]

    for sql in enterprise_statements():
        fetched += len(execute(sql, params))
    earlier = [int(y) for (y,) in execute(YEARS, params)]
    year = int(params["year"])  # type: ignore[call-overload]
    for y in (year, *earlier):
        values = params if y == year else {**params, "year": y, **{
            k: _earlier(params[k], year - y) for k in ("q2", "q3", "q4", "as_of_end")}}
        for sql in year_statements(dialect):
            fetched += len(execute(sql, values))
    cursor.close()
    return fetched
