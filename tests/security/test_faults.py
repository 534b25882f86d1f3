"""Faults and hostile values: control characters and huge numbers are refused at every entry, and a
damaged database, PostgreSQL down or a full disk show a Thai message with a reference number instead
of a traceback; nothing is half saved (issue 14 items 8, 9, 16)."""

import errno
import logging
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from evidence.errors import ValidationFailed
from evidence.excel import cells
from evidence.failures import DB_DAMAGED, DB_DOWN, DB_LOCKED, DISK_FULL, describe_failure
from evidence.models import Stakeholder, Survey
from evidence.pdpa.formats import xlsx_bytes
from evidence.services.records import create_record
from tests.evidence.excel_support import demo_actor
from tests.portal.conftest import open_app

CONFIG = Path(__file__).resolve().parents[2] / "portal" / ".streamlit" / "config.toml"


def _stakeholder(demo: int, session, **extra):
    unit = session.exec(select(Stakeholder.org_unit_id).where(Stakeholder.enterprise_id == demo)).first()
    return {"enterprise_id": demo, "year": 2569, "org_unit_id": unit, "code": "SH-CTL", "group_name": "กลุ่ม",
            **extra}


def test_a_control_character_typed_into_a_form_is_refused_before_it_reaches_an_export(session, demo):
    planner = demo_actor(session, "planner")
    with pytest.raises(ValidationFailed, match="อักขระควบคุม"):
        create_record(session, planner, Stakeholder, _stakeholder(demo, session, group_name="กลุ่ม\x0bพิเศษ\x1b"))
    create_record(session, planner, Stakeholder, _stakeholder(demo, session, group_name="บรรทัดแรก\nบรรทัดสอง\tแท็บ"))
    xlsx_bytes({"แผ่น": [{"ข้อความ": "บรรทัดแรก\nบรรทัดสอง\tแท็บ"}]})  # what is allowed still exports


@pytest.mark.parametrize("number", [10**30, 1e30, float("inf")])
def test_a_huge_number_is_refused_by_a_form_in_thai(session, demo, number):
    planner = demo_actor(session, "planner")
    with pytest.raises(ValidationFailed, match="ตัวเลข"):
        create_record(session, planner, Survey, {"enterprise_id": demo, "year": 2569, "title": "สำรวจ",
                                                 "sample_size": number})


def test_a_huge_integer_in_an_imported_integer_column_is_a_row_problem_not_a_crash():
    parsed = cells.parse_int(pd.Series([10**30, 10**400, 7], dtype=object))
    assert parsed.values.tolist() == [None, None, 7] and parsed.bad.tolist() == [True, True, False]
    assert parsed.explain(10**30) == "ตัวเลขมากเกินไป"


@pytest.mark.parametrize(("error", "said"), [
    (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
    (OperationalError("INSERT", {}, Exception("database or disk is full")), DISK_FULL),
    (OperationalError("SELECT", {}, Exception("database disk image is malformed")), DB_DAMAGED),
    (OperationalError("connect", {}, Exception('connection to server at "10.0.0.5", port 5432 failed')), DB_DOWN),
    (OperationalError("BEGIN", {}, Exception("database is locked")), DB_LOCKED),
])
def test_faults_are_told_in_thai_with_a_reference_and_logged_in_full(error, said, caplog):
    with caplog.at_level(logging.ERROR, logger="scm.failures"):
        reference, message = describe_failure(error)
    assert said in message and reference in message and message.isascii() is False
    assert "/" not in message.replace(said, "") and "Error" not in message
    assert reference in caplog.text and type(error).__name__ in caplog.text


def test_the_browser_never_gets_error_details():
    assert 'showErrorDetails = "none"' in CONFIG.read_text(encoding="utf-8")


def _thai_fault_shown(at) -> str:
    assert not at.exception, "no traceback reaches the page"
    errors = [e.value for e in at.error]
    assert errors and "ERR-" in errors[0] and "Traceback" not in errors[0] and "/work" not in errors[0]
    return errors[0]


def test_a_corrupt_sqlite_file_shows_a_thai_error_with_a_reference(demo, engine, tmp_path):
    if engine.dialect.name != "sqlite":
        pytest.skip("the SQLite file only exists on SQLite")
    at = open_app("planner")
    assert at.title[0].value == "หน้าหลัก"
    engine.dispose()
    path = Path(engine.url.database)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 400)
    from evidence.db import get_engine

    get_engine().dispose()
    at.run()
    assert DB_DAMAGED in _thai_fault_shown(at)


def test_postgresql_down_shows_a_thai_error_with_a_reference(demo, monkeypatch):
    at = open_app("planner")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2")
    from tests.conftest import _reset_caches

    _reset_caches()
    at.run()
    assert DB_DOWN in _thai_fault_shown(at)
