"""Who may see and change what. Services call these checks; pages only hide what services refuse."""

from dataclasses import dataclass, field
from typing import NoReturn

from sqlmodel import Session, select

from evidence.errors import PermissionDenied
from evidence.models.org import OrgUnit
from evidence.models.users import AssessorAssignment, Role, User


@dataclass(frozen=True)
class Actor:
    """The acting user, handed to every service call."""

    username: str
    role: Role
    enterprise_id: int | None = None
    org_unit_ids: frozenset[int] = field(default_factory=frozenset)  # a division user's unit and its children
    assessed_enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    display_name: str = ""

    @property
    def is_planning(self) -> bool:
        return self.role in (Role.PLANNING, Role.ADMIN)

    @property
    def sees_contacts(self) -> bool:
        """Executives and assessors do not need contacts: they see them masked (PDPA)."""
        return self.role in (Role.ADMIN, Role.PLANNING, Role.DIVISION)


SYSTEM = Actor(username="system", role=Role.ADMIN)


def unit_scope(session: Session, unit_id: int) -> frozenset[int]:
    """A unit and every unit under it (a line's departments roll up to the line, S3)."""
    units = session.exec(select(OrgUnit.id, OrgUnit.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for uid, parent in units:
        children.setdefault(parent, []).append(uid)
    scope, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        if current in scope:
            continue
        scope.add(current)
        todo.extend(children.get(current, []))
    return frozenset(scope)


def actor_for(session: Session, user: User) -> Actor:
    scope = unit_scope(session, user.org_unit_id) if user.org_unit_id else frozenset()
    assessed = frozenset(
        session.exec(select(AssessorAssignment.enterprise_id).where(AssessorAssignment.user_id == user.id)).all()
    )
    return Actor(
        username=user.username,
        role=user.role,
        enterprise_id=user.enterprise_id,
        org_unit_ids=scope,
        assessed_enterprise_ids=assessed,
        display_name=user.display_name,
    )


def can_read_enterprise(actor: Actor, enterprise_id: int) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.ASSESSOR:
        return enterprise_id in actor.assessed_enterprise_ids
    return actor.enterprise_id == enterprise_id


def refuse(
    actor: Actor,
    message: str,
    *,
    session: Session | None = None,
    enterprise_id: int | None = None,
    table_name: str | None = None,
    record_id: int | None = None,
    attempt: str = "",
) -> NoReturn:
    """Raise PermissionDenied; with a session, first record the attempt as a `denied` audit row
    (kept even when the caller rolls back, see `evidence.audit_guard`)."""
    if session is not None:
        from evidence.audit_guard import record_denial

        record_denial(
            session, actor.username, message, enterprise_id=enterprise_id, table_name=table_name,
            record_id=record_id, attempt={"attempt": attempt, "role": str(actor.role)} if attempt else None,
        )
    raise PermissionDenied(message)


def require_read(
    actor: Actor, enterprise_id: int, *, session: Session | None = None, table_name: str | None = None,
    record_id: int | None = None,
) -> None:
    if not can_read_enterprise(actor, enterprise_id):
        refuse(actor, "ไม่มีสิทธิ์เข้าถึงข้อมูลของรัฐวิสาหกิจนี้", session=session, enterprise_id=enterprise_id,
               table_name=table_name, record_id=record_id, attempt="read")


def can_write(actor: Actor, enterprise_id: int, org_unit_id: int | None) -> bool:
    """Planning team: all of its enterprise; division staff: only inside their own unit's scope."""
    if actor.role == Role.ADMIN:
        return True
    if actor.enterprise_id != enterprise_id:
        return False
    if actor.role == Role.PLANNING:
        return True
    if actor.role == Role.DIVISION:
        return org_unit_id is not None and org_unit_id in actor.org_unit_ids
    return False


def require_write(
    actor: Actor, enterprise_id: int, org_unit_id: int | None, *, session: Session | None = None,
    table_name: str | None = None, record_id: int | None = None, attempt: str = "write",
) -> None:
    if can_write(actor, enterprise_id, org_unit_id):
        return
    if actor.role in (Role.EXECUTIVE, Role.ASSESSOR):
        message = "บทบาทนี้อ่านข้อมูลได้เท่านั้น ไม่สามารถแก้ไขได้"
    elif actor.role == Role.DIVISION and actor.enterprise_id == enterprise_id:
        message = "แก้ไขได้เฉพาะข้อมูลของหน่วยงานตนเอง"
    else:
        message = "ไม่มีสิทธิ์แก้ไขข้อมูลของรัฐวิสาหกิจนี้"
    refuse(actor, message, session=session, enterprise_id=enterprise_id, table_name=table_name,
           record_id=record_id, attempt=attempt)


def require_planning(
    actor: Actor, enterprise_id: int, *, session: Session | None = None, table_name: str | None = None,
    record_id: int | None = None, attempt: str = "planning",
) -> None:
    if not (actor.role == Role.ADMIN or (actor.role == Role.PLANNING and actor.enterprise_id == enterprise_id)):
        refuse(actor, "เฉพาะฝ่ายแผน/คณะทำงาน SCM เท่านั้นที่ทำรายการนี้ได้", session=session,
               enterprise_id=enterprise_id, table_name=table_name, record_id=record_id, attempt=attempt)


def require_admin(actor: Actor, *, session: Session | None = None, attempt: str = "admin") -> None:
    if actor.role != Role.ADMIN:
        refuse(actor, "เฉพาะผู้ดูแลระบบเท่านั้นที่ทำรายการนี้ได้", session=session,
               enterprise_id=actor.enterprise_id, attempt=attempt)
