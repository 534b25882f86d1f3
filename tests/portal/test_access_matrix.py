"""Role × page × action: every page outside a role's menu is refused (AppTest), every service action a
role may not take is refused (direct calls), and every refusal leaves a `denied` audit row."""

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from evidence.access import SYSTEM, Actor, actor_for
from evidence.errors import PermissionDenied
from evidence.models import AuditLog, OrgUnit, Stakeholder
from evidence.models.base import ReviewStatus
from evidence.models.pdpa import RequestKind
from evidence.models.users import Role
from evidence.pdpa.breaches import record_breach
from evidence.pdpa.inventory import build_inventory
from evidence.pdpa.retention import run_retention
from evidence.pdpa.subjects import open_request
from evidence.services.audit_query import export_audit, query_audit
from evidence.services.org import create_enterprise, open_year
from evidence.services.records import (
    create_record,
    delete_record,
    list_records,
    set_review_status,
    update_record,
)
from evidence.services.users import create_user, find_user, list_users
from portal.registry import PAGES
from portal.session import REFUSED_PAGE, menu_for
from tests.evidence.pdpa_world import fast_hashing  # noqa: F401
from tests.portal.conftest import open_app

pytestmark = pytest.mark.usefixtures("fast_hashing")
DEMO_USERS = {Role.ADMIN: "admin", Role.PLANNING: "planner", Role.DIVISION: "cs.staff",
              Role.EXECUTIVE: "executive", Role.ASSESSOR: "assessor"}
ADMIN_PDPA = ["views/users.py", "views/audit_log.py", "views/pdpa_inventory.py", "views/data_requests.py",
              "views/breaches.py"]


def test_the_administration_and_pdpa_menu_belongs_to_administrators_and_the_planning_team():
    menus = {role: [p.path for p in menu_for(role) if p.path in ADMIN_PDPA] for role in Role}
    assert menus == {Role.ADMIN: ADMIN_PDPA, Role.PLANNING: ADMIN_PDPA[1:], Role.DIVISION: [], Role.EXECUTIVE: [],
                     Role.ASSESSOR: []}
    assert {p.group for p in PAGES if p.path in ADMIN_PDPA} == {"ผู้ดูแลระบบและ PDPA"}


def test_executives_and_assessors_have_no_page_for_entering_evidence():
    editing = {"views/stakeholders.py", "views/voc.py", "views/complaints.py", "views/review_queue.py"}
    for role in (Role.EXECUTIVE, Role.ASSESSOR):
        assert not editing & {p.path for p in menu_for(role)}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_page_outside_a_roles_menu_is_refused_logged_and_not_drawn(portal, session, role):
    username = DEMO_USERS[role]
    refused = [p for p in PAGES if role not in p.roles]
    at = open_app(username)
    drawn = {}
    for spec in refused:
        at.switch_page(spec.path).run()
        drawn[spec.path] = ([e.value for e in at.error], [t.value for t in at.title], len(at.dataframe),
                            len(at.main.button), bool(at.exception))
    assert drawn == {p.path: ([REFUSED_PAGE], [], 0, 0, False) for p in refused}
    session.expire_all()
    logged = session.exec(select(AuditLog).where(AuditLog.action == "denied", AuditLog.actor == username).order_by(AuditLog.id)).all()
    assert sorted(r.after["attempt"] for r in logged) == sorted(f"page:{p.path}" for p in refused)


def test_every_page_file_checks_the_role_before_drawing():
    """Streamlit may open a file under views/ directly (a first request after start, AppTest's page
    switch), so each page starts with `page_context` or `page_actor`, which refuse outside the role."""
    pages = sorted((Path(__file__).parents[2] / "portal" / "views").glob("*.py"))
    unguarded = [p.name for p in pages if not re.search(r"^\w+ = page_(context|actor)\(", p.read_text(), re.M)]
    assert pages and unguarded == []


def test_a_page_file_missing_from_the_registry_opens_for_nobody(portal, session, monkeypatch):
    import portal.session as shell

    monkeypatch.setattr(shell, "PAGES", tuple(p for p in PAGES if p.path != "views/breaches.py"))
    at = open_app("admin", "views/breaches.py")
    assert [e.value for e in at.error] == [REFUSED_PAGE] and not at.title
    assert session.exec(select(AuditLog.summary).where(AuditLog.action == "denied").order_by(AuditLog.id)).all() == [
        "เปิดหน้าที่บทบาทไม่มีสิทธิ์: views/breaches.py"]


def test_every_registered_page_file_exists():
    portal = Path(__file__).parents[2] / "portal"
    assert [p.path for p in PAGES if not (portal / p.path).is_file()] == []


# ----------------------------------------------------------------------------------------- actions

Action = Callable[[Session, Actor, dict[str, int]], object]


def _stakeholder(ids: dict[str, int], unit: int, code: str) -> dict[str, object]:
    return {"enterprise_id": ids["demo"], "year": 2569, "org_unit_id": unit, "code": code, "group_name": "กลุ่ม"}


def _own_unit(actor: Actor, ids: dict[str, int]) -> int:
    return min(actor.org_unit_ids) if actor.org_unit_ids else ids["L04"]


ACTIONS: dict[str, Action] = {
    "read own enterprise": lambda s, a, i: list_records(s, a, Stakeholder, enterprise_id=i["demo"]),
    "read another enterprise": lambda s, a, i: list_records(s, a, Stakeholder, enterprise_id=i["other"]),
    "create in own unit": lambda s, a, i: create_record(s, a, Stakeholder, _stakeholder(i, _own_unit(a, i), "N-1")),
    "create for another division": lambda s, a, i: create_record(s, a, Stakeholder, _stakeholder(i, i["L05"], "N-2")),
    "update another division's record": lambda s, a, i: update_record(
        s, a, Stakeholder, i["L01_record"], expected_version=1, changes={"role": "แก้"}),
    "delete another division's record": lambda s, a, i: delete_record(
        s, a, Stakeholder, i["L01_record"], expected_version=1),
    "approve a draft": lambda s, a, i: set_review_status(
        s, a, Stakeholder, i["draft"], ReviewStatus.APPROVED, expected_version=1),
    "add a user": lambda s, a, i: create_user(s, a, username="new.user", display_name="ใหม่", role=Role.EXECUTIVE,
                                              enterprise_id=i["demo"]),
    "list users": lambda s, a, i: list_users(s, a),
    "read the audit log": lambda s, a, i: query_audit(s, a),
    "export the audit log": lambda s, a, i: export_audit(s, a),
    "read the PDPA inventory": lambda s, a, i: build_inventory(s, a, enterprise_id=i["demo"]),
    "run the retention job": lambda s, a, i: run_retention(s, a, enterprise_id=i["demo"]),
    "open a data-subject request": lambda s, a, i: open_request(s, a, enterprise_id=i["demo"],
                                                                kind=RequestKind.ACCESS),
    "record a breach": lambda s, a, i: record_breach(s, a, enterprise_id=i["demo"], discovered_at=datetime(2026, 1, 1),
                                                     description="เหตุทดสอบ", affected="ผู้ร้องเรียน"),
}
OK, NO = "allowed", "refused"
EXPECTED = {
    # action:                          admin planning division executive assessor
    "read own enterprise":              (OK, OK, OK, OK, OK),
    "read another enterprise":          (OK, NO, NO, NO, NO),
    "create in own unit":               (OK, OK, OK, NO, NO),
    "create for another division":      (OK, OK, NO, NO, NO),
    "update another division's record": (OK, OK, NO, NO, NO),
    "delete another division's record": (OK, OK, NO, NO, NO),
    "approve a draft":                  (OK, OK, NO, NO, NO),
    "add a user":                       (OK, NO, NO, NO, NO),
    "list users":                       (OK, NO, NO, NO, NO),
    "read the audit log":               (OK, OK, NO, NO, NO),
    "export the audit log":             (OK, OK, NO, NO, NO),
    "read the PDPA inventory":          (OK, OK, NO, NO, NO),
    "run the retention job":            (OK, OK, NO, NO, NO),
    "open a data-subject request":      (OK, OK, NO, NO, NO),
    "record a breach":                  (OK, OK, NO, NO, NO),
}
ROLES = (Role.ADMIN, Role.PLANNING, Role.DIVISION, Role.EXECUTIVE, Role.ASSESSOR)


def _ids(session: Session, demo: int) -> dict[str, int]:
    units = {u.code: u.id for u in session.exec(select(OrgUnit).where(OrgUnit.enterprise_id == demo)).all()}
    other = create_enterprise(session, SYSTEM, code="OTHER", name_th="รัฐวิสาหกิจอื่น")
    open_year(session, SYSTEM, enterprise_id=other.id, year=2569)
    staff = actor_for(session, find_user(session, "cs.staff"))
    draft = create_record(session, staff, Stakeholder, _stakeholder({"demo": demo}, units["D041"], "DRAFT-1"))
    record = create_record(session, SYSTEM, Stakeholder, _stakeholder({"demo": demo}, units["L01"], "TARGET-1"))
    session.commit()
    return {"demo": demo, "other": other.id, "draft": draft.id, "L01_record": record.id, **units}


def test_the_role_action_matrix_holds_and_every_refusal_is_logged(session, demo):
    ids = _ids(session, demo)
    actors = {role: actor_for(session, find_user(session, DEMO_USERS[role])) for role in ROLES}
    outcome: dict[str, tuple[str, ...]] = {}
    unlogged = []
    for name, action in ACTIONS.items():
        row = []
        for role in ROLES:
            before = len(session.exec(select(AuditLog).where(AuditLog.action == "denied").order_by(AuditLog.id)).all())
            try:
                action(session, actors[role], ids)
                row.append(OK)
            except PermissionDenied:
                row.append(NO)
            session.rollback()  # each cell starts from the same data; a refusal row survives the rollback
            after = len(session.exec(select(AuditLog).where(AuditLog.action == "denied").order_by(AuditLog.id)).all())
            if row[-1] == NO and after != before + 1:
                unlogged.append((name, role.value))
        outcome[name] = tuple(row)
    assert outcome == EXPECTED
    assert unlogged == []
