"""One evidence pass per enterprise, year and data version (issue 18 §1, issue 17): shared by every user
and by scoring, the dashboard, the missing panels and reports; moved by that enterprise's evidence
writes only (services, imports, restores, erasures), never by sign-ins, refusals or other enterprises."""

import pytest
from sqlalchemy import event, select
from sqlmodel import Session

from evidence.access import SYSTEM, Actor
from evidence.errors import PermissionDenied
from evidence.excel.exporter import template_workbook
from evidence.excel.importer import import_file
from evidence.models import AuditLog, Survey, VocRecord
from evidence.models.users import Role
from evidence.pdpa.person_search import PersonQuery
from evidence.pdpa.subjects import RequestKind, erase_person, open_request
from evidence.services import dashboard
from evidence.services.evidence_pass import enterprise_version, evidence_pass, forget_passes
from evidence.services.missing import missing_items
from evidence.services.records import create_record, update_record
from evidence.services.scoring import score_enterprise
from evidence.services.users import authenticate
from reports.jobs import make_readiness_report
from tests.evidence.excel_support import VOC_HEADERS, workbook
from tests.evidence.pdpa_world import PASSWORD, add_person_records, build_world, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")
YEAR = 2569


@pytest.fixture(autouse=True)
def _clean_passes():
    forget_passes()
    yield
    forget_passes()


@pytest.fixture
def world(session):
    world = build_world(session)
    add_person_records(session, world)
    return world


def version(session: Session, eid: int) -> int:
    return dashboard.data_version(session, SYSTEM, enterprise_id=eid)


def statements_on(session: Session, table: str, year: int | None = None):  # noqa: ANN201
    """A list that collects the SQL statements reading `table` while it is listened to."""
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, *args):  # noqa: ANN001, ANN002, ARG001
        values = parameters.values() if isinstance(parameters, dict) else (parameters or ())
        if year is not None and year not in tuple(values):
            return  # another year's pass (the report's year-on-year annex scores last year too)
        if f"FROM {table}" in statement or f"from {table}" in statement:
            seen.append(statement)

    event.listen(session.get_bind(), "before_cursor_execute", listen)
    return seen, lambda: event.remove(session.get_bind(), "before_cursor_execute", listen)


def test_sign_ins_refusals_and_other_enterprises_leave_the_version_alone(session, world):
    eid, xid = world.enterprise_id, world.other_enterprise_id
    before, other_before = version(session, eid), version(session, xid)
    authenticate(session, "staff1", PASSWORD)  # a sign-in of a user of the enterprise
    with pytest.raises(Exception):  # noqa: B017, PT011  (a failed sign-in: whatever it raises)
        authenticate(session, "staff1", "wrong password")
    stranger = Actor(username="stranger", role=Role.EXECUTIVE, enterprise_id=xid)
    with pytest.raises(PermissionDenied):  # a refusal, audited as `denied` for this enterprise
        score_enterprise(session, stranger, enterprise_id=eid, year=YEAR)
    session.commit()
    rows = session.exec(select(AuditLog.action).where(AuditLog.enterprise_id == eid,
                                                      AuditLog.id > before)).scalars().all()
    assert {"login", "denied"} <= set(rows)  # the rows are there, and change nothing
    assert version(session, eid) == before
    create_record(session, world.actor("planner"), Survey, {  # a write in the same enterprise...
        "enterprise_id": eid, "year": YEAR, "title": "สำรวจ", "kind": "combined", "conductor": "external"})
    assert version(session, eid) > before
    assert version(session, xid) == other_before  # ...is not the other enterprise's


def test_every_kind_of_evidence_write_moves_the_version(session, world):
    eid, planner = world.enterprise_id, world.actor("planner")
    moves = []
    start = version(session, eid)
    update_record(session, planner, VocRecord, _voc_id(session, eid), expected_version=1,
                  changes={"text": "ลูกค้าขอใบแจ้งหนี้ทางอีเมล"})
    moves.append(("service write", version(session, eid)))
    data = workbook({"VOC": [VOC_HEADERS, ["X-1", "L1", "15/01/2569", 2, "การทำธุรกรรม", "ความต้องการ", "ชำระผ่านแอป",
                                           None, None, None]]})
    report = import_file(session, planner, data=data, filename="voc.xlsx", enterprise_id=eid, year=YEAR)
    assert report.stored, report.problems
    moves.append(("import", version(session, eid)))
    request = open_request(session, planner, enterprise_id=eid, kind=RequestKind.ERASURE)
    opened = version(session, eid)
    assert erase_person(session, planner, request.id, PersonQuery(name="มาลี ศรีสุข")) > 0
    moves.append(("erasure", version(session, eid)))
    session.commit()
    values = [start] + [v for _, v in moves]
    assert all(b > a for a, b in zip(values, values[1:], strict=False)), moves
    assert moves[-1][1] > opened


def _voc_id(session: Session, eid: int) -> int:
    return session.exec(select(VocRecord.id).where(VocRecord.enterprise_id == eid, VocRecord.year == YEAR)
                        .order_by(VocRecord.id)).scalars().first()


def test_a_restore_moves_the_restored_enterprise_version(engine, session, demo):
    from evidence.backup import backup_enterprise, restore_backup
    from evidence.filestore import LocalStorage
    from evidence.settings import get_settings
    from tests.cycles.support import empty_database

    first = score_enterprise(session, SYSTEM, enterprise_id=demo, year=YEAR)
    data = backup_enterprise(session, SYSTEM, enterprise_id=demo, storage=LocalStorage(get_settings().files_dir))
    session.commit()
    session.close()
    empty_database(engine)
    with Session(engine) as fresh:
        restore_backup(fresh, SYSTEM, data)
        fresh.commit()
        restored = fresh.exec(select(AuditLog.id).where(AuditLog.action == "restore")).scalars().one()
        assert enterprise_version(fresh, demo)[0] == restored
        again = score_enterprise(fresh, SYSTEM, enterprise_id=demo, year=YEAR)
    assert again is not first  # scored again from the restored evidence...
    assert again.to_json_dict() == first.to_json_dict()  # ...with the same result


def test_two_division_users_share_one_pass_and_each_sees_only_their_own_units(session, world):
    eid = world.enterprise_id
    staff1, staff2 = world.actor("staff1"), world.actor("staff2")  # line L1; department D2 of line L2
    first = missing_items(session, staff1, enterprise_id=eid, year=YEAR)
    shared = evidence_pass(session, eid, YEAR)
    computed = len(shared.computed)
    seen, stop = statements_on(session, "stakeholder")
    second = missing_items(session, staff2, enterprise_id=eid, year=YEAR)
    stop()
    assert evidence_pass(session, eid, YEAR) is shared
    new = shared.computed[computed:]
    # The list is the enterprise's score, cut to the user's units: the second division reads nothing
    # enterprise-wide again; only the drafts counts, which SQL itself limits to the user's units, are read.
    d2 = f"unit_id_1', [{world.units['D2']}]"  # the parameter that limits a statement to staff2's units
    assert all(d2 in key[2] for key in new), [k for k in new if d2 not in k[2]]
    assert all("org_unit_id IN" in s for s in seen), seen
    mine1 = {"สายงาน L1", "ฝ่าย D1", None}
    mine2 = {"ฝ่าย D2", None}
    assert first and all(i.unit in mine1 for i in first), first
    assert all(i.unit in mine2 for i in second), second
    assert {i.message for i in first} != {i.message for i in second}
    planner = missing_items(session, world.actor("planner"), enterprise_id=eid, year=YEAR)
    assert any(i.unit == "สายงาน L2" for i in planner)  # the whole enterprise from the same rows
    assert not any(i.unit == "สายงาน L2" for i in first)


def test_dashboard_score_and_report_share_one_pass_across_users(session, demo):
    from evidence.access import actor_for
    from evidence.services.users import find_user

    boss = actor_for(session, find_user(session, "executive"))
    planner = actor_for(session, find_user(session, "planner"))
    voc_reads, stop = statements_on(session, "vocrecord", YEAR)
    view = dashboard.overview(session, boss, enterprise_id=demo, year=YEAR)
    score = score_enterprise(session, boss, enterprise_id=demo, year=YEAR)
    assert score_enterprise(session, planner, enterprise_id=demo, year=YEAR) is score
    assert dashboard.overview(session, planner, enterprise_id=demo, year=YEAR) is view
    make_readiness_report(session, planner, enterprise_id=demo, year=YEAR)
    template = template_workbook(session, planner, enterprise_id=demo, year=YEAR)
    assert template_workbook(session, boss, enterprise_id=demo, year=YEAR) is template
    stop()
    shared = evidence_pass(session, demo, YEAR)
    assert shared.computed.count("scan:voc") == 1 and shared.computed.count("scan:complaints") == 1
    counts = [s for s in voc_reads if s.startswith("SELECT vocrecord.year, count(*)")]  # annex จ: records per year
    scans = [s for s in voc_reads if "GROUP BY" in s.upper() and s not in counts]
    assert len(scans) == 1, scans  # one pass over the VOC records for the dashboard, the score and the report
    assert len(counts) == 1, counts


def test_a_write_of_the_enterprise_starts_a_new_pass_a_sign_in_or_another_enterprise_does_not(session, world):
    eid, planner = world.enterprise_id, world.actor("planner")
    first = score_enterprise(session, planner, enterprise_id=eid, year=YEAR)
    authenticate(session, "planner", PASSWORD)
    create_record(session, SYSTEM, Survey, {"enterprise_id": world.other_enterprise_id, "year": YEAR, "title": "สำรวจอื่น",
                                            "kind": "combined", "conductor": "external"})
    session.commit()
    assert score_enterprise(session, planner, enterprise_id=eid, year=YEAR) is first
    create_record(session, planner, Survey, {"enterprise_id": eid, "year": YEAR, "title": "สำรวจ",
                                             "kind": "combined", "conductor": "external"})
    session.commit()
    assert score_enterprise(session, planner, enterprise_id=eid, year=YEAR) is not first


def test_the_shared_scans_give_the_snapshot_its_own_scans_would(session, demo):
    assert_snapshots_agree(session, demo)


def test_the_shared_scans_agree_at_scale_s(engine, session):
    from bench.generate import SCALES, generate

    stats = generate(engine, SCALES["S"])
    assert_snapshots_agree(session, stats.enterprise_id)


def assert_snapshots_agree(session: Session, eid: int) -> None:
    """Scores are unchanged by the shared pass: the snapshot from the shared scans equals the snapshot
    built with scans of its own (the code path before the pass), whole enterprise and every line."""
    from evidence.models.org import OrgUnit, UnitKind
    from evidence.snapshot import build_snapshot

    lines = session.exec(select(OrgUnit.id).where(OrgUnit.enterprise_id == eid, OrgUnit.kind == UnitKind.LINE)
                         ).scalars().all()
    assert lines
    shared = evidence_pass(session, eid, YEAR)
    for division in (None, *lines):
        own = build_snapshot(session, enterprise_id=eid, year=YEAR, division_id=division)
        from_pass = build_snapshot(session, enterprise_id=eid, year=YEAR, division_id=division, shared=shared)
        assert from_pass.voc == own.voc and from_pass.complaints == own.complaints, division
        assert from_pass == own, division
    whole = build_snapshot(session, enterprise_id=eid, year=YEAR, shared=shared)
    assert whole.voc.total > 0 and whole.complaints.cases > 0 and whole.complaints.stages  # figures were compared
