"""A small enterprise built in code for the sign-in, audit and PDPA tests (not the demo data):
two lines with a department each, the five roles, and records that hold one named person."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import JSON, String, Text, cast, func, or_, select
from sqlmodel import Session, SQLModel

from evidence.access import SYSTEM, Actor, actor_for
from evidence.models import ComplaintCase, Stakeholder, VocRecord
from evidence.models.base import LawfulBasis
from evidence.models.org import UnitKind
from evidence.models.users import Role
from evidence.services.org import add_unit, create_enterprise, open_year
from evidence.services.records import create_record
from evidence.services.users import create_user, find_user

PASSWORD = "correct-horse-battery"
PERSON = {"name": "นางสาวมาลี ศรีสุข", "phone": "081-234-5678", "email": "malee.s@example.com"}


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters for tests (a hash records its own parameters, so verifying still works)."""
    import evidence.services.passwords as passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@dataclass(frozen=True)
class World:
    enterprise_id: int
    other_enterprise_id: int
    units: dict[str, int]
    actors: dict[str, Actor]

    def actor(self, username: str) -> Actor:
        return self.actors[username]


def build_world(session: Session) -> World:
    """Enterprise W (year 2569) with lines L1 ⊃ D1 and L2 ⊃ D2, a second enterprise X, and users
    admin / planner / staff1 (L1) / staff2 (D2) / boss (executive) / judge (assessor of W)."""
    ent = create_enterprise(session, SYSTEM, code="W", name_th="รัฐวิสาหกิจทดสอบ")
    other = create_enterprise(session, SYSTEM, code="X", name_th="รัฐวิสาหกิจอื่น")
    eid, xid = ent.id or 0, other.id or 0
    for e in (eid, xid):
        open_year(session, SYSTEM, enterprise_id=e, year=2569)
    units = {}
    for line, dept in (("L1", "D1"), ("L2", "D2")):
        units[line] = add_unit(session, SYSTEM, enterprise_id=eid, code=line, name_th=f"สายงาน {line}",
                               kind=UnitKind.LINE).id
        units[dept] = add_unit(session, SYSTEM, enterprise_id=eid, code=dept, name_th=f"ฝ่าย {dept}",
                               kind=UnitKind.DEPARTMENT, parent_code=line).id
    units["XL"] = add_unit(session, SYSTEM, enterprise_id=xid, code="XL", name_th="สายงานอื่น", kind=UnitKind.LINE).id
    people = [
        ("admin", Role.ADMIN, None, None), ("planner", Role.PLANNING, eid, None),
        ("staff1", Role.DIVISION, eid, units["L1"]), ("staff2", Role.DIVISION, eid, units["D2"]),
        ("boss", Role.EXECUTIVE, eid, None), ("judge", Role.ASSESSOR, None, None),
    ]
    for username, role, enterprise_id, unit_id in people:
        create_user(session, SYSTEM, username=username, display_name=f"ผู้ใช้ {username}", role=role,
                    password=PASSWORD, enterprise_id=enterprise_id, org_unit_id=unit_id,
                    assessed_enterprise_ids=[eid] if role == Role.ASSESSOR else None)
    session.commit()
    actors = {u: actor_for(session, find_user(session, u)) for u, *_ in people}  # type: ignore[arg-type]
    return World(eid, xid, units, actors)


def add_person_records(session: Session, world: World, *, retain_until: date = date(2030, 9, 30),
                       basis: LawfulBasis = LawfulBasis.CONTRACT) -> dict[str, int]:
    """The person of PERSON as a complainant (D1), a VOC customer mentioned in the text (L1), and a
    stakeholder coordinator (L2); one more complaint holds somebody else."""
    planner = world.actor("planner")
    pdpa = {"pdpa_purpose": "ติดต่อกลับ", "pdpa_basis": basis, "pdpa_retain_until": retain_until}
    case = create_record(session, planner, ComplaintCase, {
        "enterprise_id": world.enterprise_id, "year": 2569, "case_no": "C-1", "org_unit_id": world.units["D1"],
        "subject": "น้ำไม่ไหล", "received_at": datetime(2026, 1, 5, 9), "complainant_name": PERSON["name"],
        "complainant_phone": PERSON["phone"], "complainant_email": PERSON["email"], **pdpa})
    other = create_record(session, planner, ComplaintCase, {
        "enterprise_id": world.enterprise_id, "year": 2569, "case_no": "C-2", "org_unit_id": world.units["D1"],
        "subject": "ค่าน้ำแพง", "received_at": datetime(2026, 1, 6, 9), "complainant_name": "นายสมปอง ดีใจ",
        "complainant_phone": "089-999-0000", **pdpa})
    voc = create_record(session, planner, VocRecord, {
        "enterprise_id": world.enterprise_id, "year": 2569, "ref_no": "V-1", "org_unit_id": world.units["L1"],
        "received_on": date(2026, 2, 1), "quarter": 2, "aspect": "transaction", "kind": "suggestion",
        "text": "ลูกค้าขอให้ติดต่อกลับที่ 081-234-5678 เรื่องใบแจ้งหนี้", "customer_name": "มาลี ศรีสุข",
        **pdpa})
    stakeholder = create_record(session, planner, Stakeholder, {
        "enterprise_id": world.enterprise_id, "year": 2569, "org_unit_id": world.units["L2"], "code": "SH-1",
        "group_name": "ชุมชนริมคลอง", "coordinator_name": "คุณมาลี ศรีสุข", "coordinator_email": "MALEE.S@example.com",
        "coordinator_phone": "0812345678", "representative_name": "นายประธาน ชุมชน",
        "representative_phone": "02-111-2222", **pdpa})
    session.commit()
    return {"case": case.id, "other_case": other.id, "voc": voc.id, "stakeholder": stakeholder.id}  # type: ignore[dict-item]


def tables_mentioning(session: Session, text: str, *, skip: frozenset[str] = frozenset()) -> dict[str, int]:
    """Every table whose text or JSON columns contain `text` (case-insensitive), with the row count."""
    found = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in skip:
            continue
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)
                   or isinstance(getattr(c.type, "impl", None), String | Text)]
        if not columns:
            continue
        hits = [func.lower(cast(c, Text)).contains(text.lower()) for c in columns]
        count = session.execute(select(func.count()).select_from(table).where(or_(*hits))).scalar_one()
        if count:
            found[table.name] = count
    return found
