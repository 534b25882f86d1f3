"""Migration 0004 (issue 18): the covering indexes of the evidence pass and the data-version index."""

from pathlib import Path

from sqlalchemy import inspect, text

from evidence import db

EXPECTED = {
    "vocrecord": ("ix_vocrecord_pass", ["enterprise_id", "year", "org_unit_id", "quarter", "aspect", "segment_id",
                                        "status", "priority"]),
    "complaintcase": ("ix_complaintcase_pass", ["enterprise_id", "year", "org_unit_id", "received_at", "status",
                                                "acknowledged_at", "responded_at", "resolved_at"]),
    "auditlog": ("ix_auditlog_enterprise_id_id", ["enterprise_id", "id"]),
}


def _indexes(engine, table: str) -> dict[str, list[str]]:  # noqa: ANN001
    return {i["name"]: list(i["column_names"]) for i in inspect(engine).get_indexes(table)}


def test_0004_adds_the_indexes_and_a_downgrade_removes_them(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(engine, "0003_assessment_cycles")
    assert all(name not in _indexes(engine, table) for table, (name, _) in EXPECTED.items())
    db.upgrade(engine)
    for table, (name, columns) in EXPECTED.items():
        assert _indexes(engine, table).get(name) == columns, table
    with engine.connect() as conn:  # the data version walks the new index, newest row first
        plan = " ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT id, at FROM auditlog WHERE enterprise_id = 1 AND action NOT IN ('login') "
            "ORDER BY id DESC LIMIT 1")))
    assert "ix_auditlog_enterprise_id_id" in plan
    from alembic import command

    command.downgrade(db.alembic_config(engine), "0003_assessment_cycles")
    assert all(name not in _indexes(engine, table) for table, (name, _) in EXPECTED.items())
    assert db.current_revision(engine) == "0003_assessment_cycles"
    engine.dispose()


def test_the_migrated_database_of_this_run_has_the_indexes(engine) -> None:  # noqa: ANN001
    """SQLite or PostgreSQL, whichever this run uses (SCM_TEST_DATABASE_URL)."""
    for table, (name, columns) in EXPECTED.items():
        assert _indexes(engine, table).get(name) == columns, (engine.dialect.name, table)
