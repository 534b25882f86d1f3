"""User accounts: local passwords hashed with argon2 (argon2-cffi), lock-out after repeated failures,
sign-in by an organisation's OIDC e-mail, and user administration. Every change is audited; audit
rows hold the username, role and scope, never the person's name, e-mail or password hash."""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from evidence.access import Actor, require_admin
from evidence.audit import record_audit
from evidence.audit_rate import admit
from evidence.errors import AuthenticationFailed, FieldProblem, NotFound, ValidationFailed
from evidence.models.base import utcnow
from evidence.models.org import Enterprise, OrgUnit
from evidence.models.users import AssessorAssignment, Role, User
from evidence.services.passwords import (
    MIN_PASSWORD_LENGTH,
    burn_verify,
    hash_password,
    password_problems,
    verify_password,
)
from evidence.settings import get_settings
from evidence.validation import check_contact_formats, validated

__all__ = ["MIN_PASSWORD_LENGTH", "hash_password"]
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")
BAD_CREDENTIALS = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
LOCKED = "บัญชีถูกระงับชั่วคราวเนื่องจากใส่รหัสผ่านผิดหลายครั้ง กรุณาลองใหม่ภายหลัง"
UNKNOWN_EMAIL = "อีเมลที่ยืนยันตัวตนแล้วยังไม่ได้ลงทะเบียนเป็นผู้ใช้ของพอร์ทัล กรุณาติดต่อผู้ดูแลระบบ"
OIDC = Actor(username="oidc", role=Role.EXECUTIVE)


@dataclass(frozen=True)
class UserView:
    """A user as the administration page shows it (never the password hash)."""

    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    enterprise_id: int | None
    org_unit_id: int | None
    assessed_enterprise_ids: tuple[int, ...]
    active: bool
    locked: bool
    has_password: bool


def credential_mark(user: User) -> str:
    """What a signed-in session remembers of the account: it changes with the password hash and the
    active flag, so a reset or deactivation ends every open session (checked on each page run)."""
    seed = f"{user.id}|{user.password_hash or ''}|{user.active}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def find_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def _assessed(session: Session, user_id: int | None) -> tuple[int, ...]:
    rows = session.exec(select(AssessorAssignment.enterprise_id).where(AssessorAssignment.user_id == user_id)).all()
    return tuple(sorted(rows))


def _audit_view(session: Session, user: User) -> dict[str, object]:
    """What the audit trail keeps of an account: no name, e-mail or password hash (PDPA)."""
    return {
        "username": user.username, "role": str(user.role),
        "enterprise_id": user.enterprise_id, "org_unit_id": user.org_unit_id, "active": user.active,
        "assessed_enterprise_ids": list(_assessed(session, user.id)),
    }


def _password_problems(password: str, username: str) -> list[FieldProblem]:
    return password_problems(password, username)


def _scope_problems(
    session: Session, role: Role, enterprise_id: int | None, org_unit_id: int | None, assessed: Sequence[int]
) -> list[FieldProblem]:
    """Role and scope fit together: division staff need a unit of their enterprise, and so on."""
    problems: list[FieldProblem] = []
    if role in (Role.PLANNING, Role.DIVISION, Role.EXECUTIVE) and enterprise_id is None:
        problems.append(FieldProblem("enterprise_id", "ต้องระบุรัฐวิสาหกิจ", "รัฐวิสาหกิจ"))
    if enterprise_id is not None and session.get(Enterprise, enterprise_id) is None:
        problems.append(FieldProblem("enterprise_id", f"ไม่พบรัฐวิสาหกิจรหัส {enterprise_id}", "รัฐวิสาหกิจ"))
    if role == Role.DIVISION and org_unit_id is None:
        problems.append(FieldProblem("org_unit_id", "เจ้าหน้าที่หน่วยงานต้องระบุหน่วยงาน", "หน่วยงานที่รับผิดชอบ"))
    if org_unit_id is not None:
        unit = session.get(OrgUnit, org_unit_id)
        if unit is None or unit.enterprise_id != enterprise_id:
            problems.append(FieldProblem("org_unit_id", "หน่วยงานต้องอยู่ในรัฐวิสาหกิจของผู้ใช้", "หน่วยงานที่รับผิดชอบ"))
    if assessed and role != Role.ASSESSOR:
        problems.append(FieldProblem("assessed_enterprise_ids", "มอบหมายรัฐวิสาหกิจได้เฉพาะผู้ประเมิน", "รัฐวิสาหกิจที่ประเมิน"))
    for eid in assessed:
        if session.get(Enterprise, eid) is None:
            problems.append(FieldProblem("assessed_enterprise_ids", f"ไม่พบรัฐวิสาหกิจรหัส {eid}", "รัฐวิสาหกิจที่ประเมิน"))
    return problems


def _assign(session: Session, user: User, assessed: Sequence[int]) -> None:
    current = session.exec(select(AssessorAssignment).where(AssessorAssignment.user_id == user.id)).all()
    wanted = set(assessed)
    for row in current:
        if row.enterprise_id not in wanted:
            session.delete(row)
    for eid in wanted - {row.enterprise_id for row in current}:
        session.add(AssessorAssignment(user_id=user.id, enterprise_id=eid))
    session.flush()


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    role: Role,
    password: str | None = None,
    email: str | None = None,
    enterprise_id: int | None = None,
    org_unit_id: int | None = None,
    assessed_enterprise_ids: list[int] | None = None,
) -> User:
    """A new account (administrators only). Without a password the user signs in through OIDC."""
    require_admin(actor, session=session, attempt="user:create")
    username = username.strip().lower()
    problems: list[FieldProblem] = []
    if not USERNAME_PATTERN.match(username):
        problems.append(FieldProblem("username", "ชื่อผู้ใช้ใช้ได้เฉพาะ a-z 0-9 . _ @ - ยาว 2–100 ตัวอักษร", "ชื่อผู้ใช้"))
    elif find_user(session, username):
        problems.append(FieldProblem("username", f"มีผู้ใช้ชื่อ '{username}' อยู่แล้ว", "ชื่อผู้ใช้"))
    if password is not None:
        problems += _password_problems(password, username)
    problems += _scope_problems(session, role, enterprise_id, org_unit_id, assessed_enterprise_ids or [])
    problems += check_contact_formats(User, {"email": email}) or _email_taken(session, email, None)
    if not display_name.strip():
        problems.append(FieldProblem("display_name", "ต้องระบุชื่อที่แสดง", "ชื่อที่แสดง"))
    if problems:
        raise ValidationFailed(problems)
    user = validated(User, {
        "username": username, "display_name": display_name.strip(), "role": role, "email": email or None,
        "enterprise_id": enterprise_id, "org_unit_id": org_unit_id,
        "password_hash": hash_password(password) if password else None,
    })
    session.add(user)
    session.flush()
    _assign(session, user, assessed_enterprise_ids or [])
    record_audit(session, actor, "user:create", enterprise_id=enterprise_id, table_name="user",
                 record_id=user.id, after=_audit_view(session, user))
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"ไม่พบผู้ใช้รหัส {user_id}")
    return user


def _view(session: Session, user: User, now: object) -> UserView:
    return UserView(
        id=user.id or 0, username=user.username, display_name=user.display_name, email=user.email,
        role=Role(user.role), enterprise_id=user.enterprise_id, org_unit_id=user.org_unit_id,
        assessed_enterprise_ids=_assessed(session, user.id), active=user.active,
        locked=bool(user.locked_until and user.locked_until > now),  # type: ignore[operator]
        has_password=bool(user.password_hash),
    )


def list_users(session: Session, actor: Actor) -> list[UserView]:
    require_admin(actor, session=session, attempt="user:list")
    now = utcnow()
    return [_view(session, u, now) for u in session.exec(select(User).order_by(User.username)).all()]


def _active_admins(session: Session) -> int:
    return int(session.exec(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active == True)  # noqa: E712
    ).one())


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    display_name: str,
    email: str | None,
    role: Role,
    enterprise_id: int | None,
    org_unit_id: int | None,
    active: bool,
    assessed_enterprise_ids: list[int] | None = None,
) -> User:
    """Change name, e-mail, role, scope or the active flag; the last active administrator stays one."""
    require_admin(actor, session=session, attempt="user:update")
    user = get_user(session, user_id)
    before = _audit_view(session, user)
    problems = _scope_problems(session, role, enterprise_id, org_unit_id, assessed_enterprise_ids or [])
    problems += check_contact_formats(User, {"email": email}) or _email_taken(session, email, user_id)
    if not display_name.strip():
        problems.append(FieldProblem("display_name", "ต้องระบุชื่อที่แสดง", "ชื่อที่แสดง"))
    losing_admin = user.role == Role.ADMIN and user.active and (role != Role.ADMIN or not active)
    if losing_admin and _active_admins(session) <= 1:
        problems.append(FieldProblem("role", "ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน", "บทบาท"))
    if problems:
        raise ValidationFailed(problems)
    user.display_name, user.email, user.role = display_name.strip(), email or None, role
    user.enterprise_id, user.org_unit_id, user.active = enterprise_id, org_unit_id, active
    session.add(user)
    session.flush()
    _assign(session, user, assessed_enterprise_ids or [])
    record_audit(session, actor, "user:update", enterprise_id=enterprise_id, table_name="user",
                 record_id=user.id, before=before, after=_audit_view(session, user))
    return user


def reset_password(session: Session, actor: Actor, user_id: int, new_password: str) -> None:
    """An administrator sets a new password (and lifts a lock-out)."""
    require_admin(actor, session=session, attempt="user:password")
    user = get_user(session, user_id)
    problems = _password_problems(new_password, user.username)
    if problems:
        raise ValidationFailed(problems)
    user.password_hash = hash_password(new_password)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    record_audit(session, actor, "user:password", enterprise_id=user.enterprise_id, table_name="user",
                 record_id=user.id, summary="ผู้ดูแลระบบตั้งรหัสผ่านใหม่")


def change_own_password(session: Session, actor: Actor, current: str, new_password: str) -> str:
    """A signed-in user changes their own password, proving the current one first; returns the new
    `credential_mark` (this session continues, every other session of the account ends)."""
    user = find_user(session, actor.username)
    if user is None or not user.password_hash:
        raise ValidationFailed([FieldProblem("password", "บัญชีนี้เข้าสู่ระบบผ่านผู้ให้บริการยืนยันตัวตน", "รหัสผ่าน")])
    if not _verify(user.password_hash, current):
        record_audit(session, actor, "user:password:failed", enterprise_id=user.enterprise_id, table_name="user",
                     record_id=user.id, summary="รหัสผ่านปัจจุบันไม่ถูกต้อง")
        raise ValidationFailed([FieldProblem("current", "รหัสผ่านปัจจุบันไม่ถูกต้อง", "รหัสผ่านปัจจุบัน")])
    problems = _password_problems(new_password, user.username)
    if problems:
        raise ValidationFailed(problems)
    user.password_hash = hash_password(new_password)
    session.add(user)
    record_audit(session, actor, "user:password", enterprise_id=user.enterprise_id, table_name="user",
                 record_id=user.id, summary="ผู้ใช้เปลี่ยนรหัสผ่านของตนเอง")
    return credential_mark(user)


def unlock_user(session: Session, actor: Actor, user_id: int) -> None:
    require_admin(actor, session=session, attempt="user:unlock")
    user = get_user(session, user_id)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    record_audit(session, actor, "user:unlock", enterprise_id=user.enterprise_id, table_name="user",
                 record_id=user.id, summary="ปลดการระงับบัญชี")


def _verify(password_hash: str, password: str) -> bool:
    return verify_password(password_hash, password)


UNKNOWN_ACTOR = "(ไม่ทราบชื่อผู้ใช้)"  # what the audit keeps of a name that is no user: maybe a typed password


def _claim_attempt(session: Session, user: User, now: object) -> int | None:
    """Count this attempt before the password is checked, in one atomic statement.

    `UPDATE … SET failed_logins = failed_logins + 1 … RETURNING` holds the row (PostgreSQL) or the
    database write lock (SQLite) until the caller commits, so parallel attempts are counted one
    after another and never lost; None when the account is locked."""
    table = User.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.id == user.id, or_(table.c.locked_until.is_(None), table.c.locked_until <= now))
        .values(failed_logins=table.c.failed_logins + 1)
        .returning(table.c.failed_logins)
    )
    count = session.execute(statement).scalar_one_or_none()
    session.expire(user, ["failed_logins", "locked_until"])
    return None if count is None else int(count)


def _set_lock(session: Session, user: User, *, failed: int, locked_until: object) -> None:
    table = User.__table__  # type: ignore[attr-defined]
    session.execute(update(table).where(table.c.id == user.id).values(failed_logins=failed,
                                                                       locked_until=locked_until))
    session.expire(user, ["failed_logins", "locked_until"])


def authenticate(session: Session, username: str, password: str) -> User:
    """Check a password; SCM_MAX_FAILED_LOGINS failures lock the account for SCM_LOCKOUT_MINUTES.

    Every attempt is counted atomically before its password is checked (`_claim_attempt`), so no
    more than SCM_MAX_FAILED_LOGINS wrong passwords are ever tried, however many arrive at once. An
    unknown user name costs the same argon2 check as a known one, and is not kept in the audit
    trail (a password typed into the user-name field must not be stored). Every attempt is audited
    in `session`: the caller must commit it even when this raises.
    """
    settings = get_settings()
    username = username.strip().lower()
    user = find_user(session, username) if USERNAME_PATTERN.match(username) else None
    if user is None or not user.active or not user.password_hash:
        burn_verify(password)
        who = Actor(username=user.username if user else UNKNOWN_ACTOR, role=Role.EXECUTIVE)
        earlier = admit(f"login:{who.username}")  # unknown names: one row a minute, with the count
        if earlier is not None:
            more = f" (ครั้งก่อนหน้านี้อีก {earlier:,} ครั้งในช่วงหนึ่งนาที)" if earlier else ""
            record_audit(session, who, "login:failed", summary=f"ไม่พบผู้ใช้หรือบัญชีไม่ได้ใช้งาน{more}")
        raise AuthenticationFailed(BAD_CREDENTIALS)
    who = Actor(username=user.username, role=Role.EXECUTIVE)
    now = utcnow()
    count = _claim_attempt(session, user, now)
    if count is None or count > settings.max_failed_logins:
        if count is not None:
            _set_lock(session, user, failed=0, locked_until=now + timedelta(minutes=settings.lockout_minutes))
        record_audit(session, who, "login:locked", enterprise_id=user.enterprise_id, table_name="user",
                     record_id=user.id, summary="พยายามเข้าสู่ระบบขณะบัญชีถูกระงับ")
        raise AuthenticationFailed(LOCKED)
    if not _verify(user.password_hash, password):
        locked = count >= settings.max_failed_logins
        if locked:
            _set_lock(session, user, failed=0, locked_until=now + timedelta(minutes=settings.lockout_minutes))
        record_audit(session, who, "login:failed", enterprise_id=user.enterprise_id, table_name="user",
                     record_id=user.id,
                     summary="รหัสผ่านไม่ถูกต้อง" + (" — ระงับบัญชีชั่วคราว" if locked else ""))
        raise AuthenticationFailed(LOCKED if locked else BAD_CREDENTIALS)
    _set_lock(session, user, failed=0, locked_until=None)
    record_audit(session, who, "login", enterprise_id=user.enterprise_id, table_name="user", record_id=user.id)
    return user


SSO_UNVERIFIED = "ผู้ให้บริการยืนยันตัวตนยังไม่ได้ยืนยันอีเมลนี้ จึงเข้าสู่ระบบด้วยบัญชีองค์กรไม่ได้"
SSO_LOCAL = "บัญชีนี้มีรหัสผ่านของพอร์ทัล กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่าน"


def authenticate_email(session: Session, email: str, *, verified: bool = False) -> User:
    """Map an e-mail an OIDC provider has verified to the portal's own active user (role and scope).

    Refused (and audited without the address, PDPA): an e-mail the provider has not verified, an
    unknown or shared one, a locked account, and an account that signs in with a local password.
    """
    address = (email or "").strip().lower()
    matches = session.exec(
        select(User).where(func.lower(User.email) == address, User.active == True)  # noqa: E712
    ).all() if address and verified else []
    if len(matches) != 1:
        reason = ("อีเมลยังไม่ได้ยืนยัน" if not verified else
                  "พบผู้ใช้มากกว่าหนึ่งคนที่ใช้อีเมลนี้" if matches else "อีเมลไม่ตรงกับผู้ใช้ที่ใช้งานได้")
        record_audit(session, OIDC, "login:refused", summary=f"OIDC: {reason}")
        raise AuthenticationFailed(UNKNOWN_EMAIL if verified else SSO_UNVERIFIED)
    user = matches[0]
    who = Actor(username=user.username, role=Role(user.role))
    refusal = (LOCKED if user.locked_until and user.locked_until > utcnow()
               else SSO_LOCAL if user.password_hash else "")
    if refusal:
        record_audit(session, who, "login:refused", enterprise_id=user.enterprise_id, table_name="user",
                     record_id=user.id, summary="OIDC: " + ("บัญชีถูกระงับ" if refusal == LOCKED else "บัญชีมีรหัสผ่าน"))
        raise AuthenticationFailed(refusal)
    record_audit(session, who, "login", enterprise_id=user.enterprise_id, table_name="user", record_id=user.id,
                 summary="OIDC")
    return user


def _email_taken(session: Session, email: str | None, user_id: int | None) -> list[FieldProblem]:
    """E-mails identify users at single sign-on: two accounts never share one (case-insensitive)."""
    address = (email or "").strip().lower()
    if not address:
        return []
    query = select(User.id).where(func.lower(User.email) == address)
    if user_id is not None:
        query = query.where(User.id != user_id)
    if session.exec(query).first() is None:
        return []
    return [FieldProblem("email", "อีเมลนี้เป็นของผู้ใช้อื่นแล้ว", "อีเมล")]
