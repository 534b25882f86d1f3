"""On SQLite a long import takes the write lock before its long phase (BEGIN IMMEDIATE), so a colleague
saving meanwhile waits instead of making the import fail with "database is locked"; when the lock
cannot be had in time the import says so in Thai and stores nothing (issue 14 item 12)."""

import sqlite3
import threading

import pytest
from sqlmodel import Session, select

import evidence.excel.importer as importer
from evidence.excel.importer import import_file
from evidence.models import VocRecord
from evidence.settings import get_settings
from evidence.transactions import DatabaseBusy
from tests.evidence.excel_support import VOC_HEADERS, demo_actor, family_counts, voc_row, workbook

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def sqlite_file(engine) -> str:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock: PostgreSQL locks rows, not the database")
    return str(engine.url.database)


def _colleague_saves(path: str, done: list[str]) -> None:
    """Another user's save, on its own connection, as the portal's engine makes them (30 s busy wait)."""
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("UPDATE orgunit SET name_th = name_th || '' WHERE id = (SELECT min(id) FROM orgunit)")
        conn.commit()
        done.append("saved")
    except sqlite3.OperationalError as error:
        done.append(str(error))
    finally:
        conn.close()


def _write_lock_free(path: str) -> bool:
    probe = sqlite3.connect(path, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def test_a_save_during_a_long_import_waits_for_it_and_both_succeed(session, demo, sqlite_file, monkeypatch):
    colleague: list[str] = []
    seen: dict[str, bool] = {}
    threads: list[threading.Thread] = []
    real_check = importer.check_sheet

    def check_while_someone_saves(*args, **kwargs):  # the import's long phase, with a save in the middle
        checked = real_check(*args, **kwargs)
        seen["lock free during the long phase"] = _write_lock_free(sqlite_file)
        thread = threading.Thread(target=_colleague_saves, args=(sqlite_file, colleague))
        thread.start()
        threads.append(thread)
        thread.join(timeout=1.0)
        seen["colleague waiting"] = thread.is_alive()
        return checked

    monkeypatch.setattr(importer, "check_sheet", check_while_someone_saves)
    data = workbook({"VOC": [VOC_HEADERS, *(voc_row(f"LOCK-{n}") for n in range(200))]})
    report = import_file(session, demo_actor(session, "planner"), data=data, filename="voc.xlsx",
                         enterprise_id=demo, year=2569)
    session.commit()
    for thread in threads:
        thread.join(timeout=30)
    assert report.stored, report.problems[:3]
    assert seen == {"lock free during the long phase": False, "colleague waiting": True}
    assert colleague == ["saved"]  # the colleague's save went through once the import committed
    count = len(session.exec(select(VocRecord.id).where(VocRecord.ref_no.like("LOCK-%"))).all())
    assert count == 200


def test_an_import_that_cannot_get_the_lock_in_time_says_so_in_thai_and_stores_nothing(
        engine, session, demo, sqlite_file, monkeypatch):
    monkeypatch.setenv("SCM_SQLITE_LOCK_WAIT_SECONDS", "1")
    get_settings.cache_clear()
    holder = sqlite3.connect(sqlite_file, timeout=1)
    holder.execute("BEGIN IMMEDIATE")  # somebody's long write
    try:
        before = family_counts(Session(engine))
        data = workbook({"VOC": [VOC_HEADERS, voc_row("BUSY-1")]})
        with pytest.raises(DatabaseBusy, match="ยังไม่ได้บันทึกข้อมูลใดเลย"):
            import_file(session, demo_actor(session, "planner"), data=data, filename="voc.xlsx",
                        enterprise_id=demo, year=2569)
        session.rollback()
    finally:
        holder.rollback()
        holder.close()
        get_settings.cache_clear()
    assert family_counts(session) == before
