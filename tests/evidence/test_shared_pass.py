"""The evidence pass shared by every process on one database (issue 18 §1): a part computed by one process
is read by another, a row not signed with the deployment's secret is refused and recomputed, a new data
version is never served an old part, and a PDPA erasure leaves no stored part of the enterprise."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlmodel import Session

from evidence import db
from evidence.access import SYSTEM
from evidence.models import SharedPart, Survey
from evidence.pdpa.subjects import PersonQuery, RequestKind, erase_person, open_request
from evidence.services.evidence_pass import EvidencePass, evidence_pass, forget_passes, pass_key
from evidence.services.records import create_record
from evidence.services.scoring import score_enterprise
from evidence.services.shared_parts import stored_names
from evidence.settings import get_settings
from tests.evidence.pdpa_world import add_person_records, build_world, fast_hashing  # noqa: F401

YEAR = 2569
ROOT = Path(__file__).resolve().parents[2]
WHOLE = ("assessment", None, None, None)


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SCM_SECRET_KEY", "test-secret-of-the-deployment")
    get_settings.cache_clear()
    forget_passes()
    yield
    forget_passes()
    get_settings.cache_clear()


def _another_process(eid: int) -> tuple[list[str], list[str], dict]:
    """What a fresh process (another replica) computes and reads when it scores the enterprise."""
    script = (
        "import json, sys\n"
        "from sqlmodel import Session\n"
        "from evidence import db\n"
        "from evidence.access import SYSTEM\n"
        "from evidence.services.evidence_pass import evidence_pass\n"
        "from evidence.services.scoring import score_enterprise\n"
        "engine = db.make_engine(sys.argv[1])\n"
        "with Session(engine) as s:\n"
        "    result = score_enterprise(s, SYSTEM, enterprise_id=int(sys.argv[2]), year=2569)\n"
        "    shared = evidence_pass(s, int(sys.argv[2]), 2569)\n"
        "    print(json.dumps([[repr(n) for n in shared.computed], [repr(n) for n in shared.loaded],\n"
        "                      result.to_json_dict()], default=str))\n"
    )
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, os.environ["DATABASE_URL"], str(eid)], env=env,
                          capture_output=True, text=True, timeout=180, check=True)
    computed, loaded, result = json.loads(done.stdout.strip().splitlines()[-1])
    return computed, loaded, result


def test_a_part_computed_in_one_process_is_read_by_another(session, demo):
    first = score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    session.commit()
    assert repr(WHOLE) in stored_names(session, demo)
    computed, loaded, result = _another_process(demo)
    assert repr(WHOLE) in loaded and repr(WHOLE) not in computed
    assert result == json.loads(json.dumps(first.to_json_dict(), default=str))


def test_a_second_engine_reads_the_stored_parts_instead_of_scanning(engine, session, demo):
    score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    session.commit()
    forget_passes()  # as another process would start: nothing in memory
    other = db.make_engine(str(engine.url.render_as_string(hide_password=False)))
    try:
        with Session(other) as fresh:
            again = score_enterprise(fresh, SYSTEM, enterprise_id=demo, year=YEAR)
            shared = evidence_pass(fresh, demo, YEAR)
        assert shared.loaded == [WHOLE] and shared.computed == []  # not even the scans were needed
        assert again.score is not None
    finally:
        other.dispose()


def test_a_tampered_row_is_refused_and_recomputed(session, demo):
    first = score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    session.commit()
    forged = b"not what the portal wrote"
    session.execute(update(SharedPart).where(SharedPart.name == repr(WHOLE)).values(value=forged))  # type: ignore[arg-type]
    session.commit()
    forget_passes()
    again = score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    shared = evidence_pass(session, demo, YEAR)
    assert WHOLE in shared.computed and WHOLE not in shared.loaded
    assert again.to_json_dict() == first.to_json_dict()
    session.commit()
    row = session.exec(SharedPart.__table__.select().where(SharedPart.name == repr(WHOLE))).first()  # type: ignore[attr-defined, call-overload]
    assert row is not None and bytes(row.value) != forged  # overwritten with a signed value...
    forget_passes()
    score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    assert WHOLE in evidence_pass(session, demo, YEAR).loaded  # ...which the next process reads


def test_a_row_signed_with_another_secret_is_refused(session, demo, monkeypatch):
    score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    session.commit()
    monkeypatch.setenv("SCM_SECRET_KEY", "a different deployment")
    get_settings.cache_clear()
    forget_passes()
    score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    shared = evidence_pass(session, demo, YEAR)
    assert WHOLE in shared.computed and not shared.loaded


def test_a_new_data_version_is_not_served_an_old_part(session, demo):
    first = score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    session.commit()
    old_key = evidence_pass(session, demo, YEAR).key
    create_record(session, SYSTEM, Survey, {"enterprise_id": demo, "year": YEAR, "title": "สำรวจใหม่",
                                            "kind": "combined", "conductor": "external"})
    session.commit()
    forget_passes()
    again = score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    shared = evidence_pass(session, demo, YEAR)
    assert shared.key != old_key
    assert WHOLE in shared.computed and not shared.loaded
    assert again is not first
    session.commit()
    versions = set(session.exec(SharedPart.__table__.select().with_only_columns(  # type: ignore[attr-defined, call-overload]
        SharedPart.version_id).where(SharedPart.for_enterprise_id == demo)).scalars())
    assert versions == {shared.key[3]}  # the old version's rows went when the new one was written


def test_without_a_secret_nothing_is_stored(session, demo, monkeypatch):
    monkeypatch.setenv("SCM_SECRET_KEY", "")
    monkeypatch.delenv("STREAMLIT_SERVER_COOKIE_SECRET", raising=False)
    get_settings.cache_clear()
    score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    session.commit()
    assert stored_names(session, demo) == []


@pytest.mark.usefixtures("fast_hashing")
def test_an_erasure_leaves_no_stored_part_of_the_enterprise(session):
    world = build_world(session)
    add_person_records(session, world)
    session.commit()
    eid, xid = world.enterprise_id, world.other_enterprise_id
    score_enterprise(session, SYSTEM, enterprise_id=eid, year=YEAR)
    score_enterprise(session, SYSTEM, enterprise_id=xid, year=YEAR)
    session.commit()
    assert stored_names(session, eid) and stored_names(session, xid)
    planner = world.actor("planner")
    request = open_request(session, planner, enterprise_id=eid, kind=RequestKind.ERASURE)
    assert erase_person(session, planner, request.id, PersonQuery(name="มาลี ศรีสุข")) > 0
    session.commit()
    assert stored_names(session, eid) == []  # nothing computed from the erased values is kept
    assert stored_names(session, xid)  # another enterprise's parts stay
    forget_passes()
    score_enterprise(session, SYSTEM, enterprise_id=eid, year=YEAR)  # recomputed from the erased records
    assert WHOLE in evidence_pass(session, eid, YEAR).computed


def test_one_process_computes_a_cold_part_while_another_waits(engine, session, demo):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite: processes do not wait for each other (threads of one process do, test_evidence_pass)")
    key = pass_key(session, demo, YEAR)
    session.commit()
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        time.sleep(1.0)
        return {"answer": 42}

    second_engine = db.make_engine(engine.url.render_as_string(hide_password=False))
    passes = [EvidencePass(key, engine), EvidencePass(key, second_engine)]  # two processes' passes
    results: list[object] = []

    def reader(shared: EvidencePass) -> None:
        results.append(shared.get("overview", compute))

    threads = [threading.Thread(target=reader, args=(p,)) for p in passes]
    for t in threads:
        t.start()
        time.sleep(0.2)
    for t in threads:
        t.join(30)
    second_engine.dispose()
    assert results == [{"answer": 42}, {"answer": 42}]
    assert len(calls) == 1  # computed once; the other process waited and read it
    assert sorted(len(p.loaded) for p in passes) == [0, 1]


def test_the_table_is_made_by_migration_0005(engine):
    with engine.connect() as conn:
        assert db.current_revision(engine) == "0005_shared_pass"
        conn.execute(text("SELECT key_hash, value, signature FROM sharedpart"))


def test_migration_0005_goes_down_and_up_again_on_sqlite(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    engine = db.make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    db.upgrade(engine)
    command.downgrade(db.alembic_config(engine), "0004_job_queue")
    assert "sharedpart" not in inspect(engine).get_table_names()
    assert db.current_revision(engine) == "0004_job_queue"
    db.upgrade(engine)
    assert "sharedpart" in inspect(engine).get_table_names()
    engine.dispose()
