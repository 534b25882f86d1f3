"""Local user accounts; passwords hashed with argon2 (argon2-cffi)."""

from argon2 import PasswordHasher
from sqlmodel import Session, select

from evidence.access import Actor
from evidence.audit import record_audit
from evidence.errors import FieldProblem, PermissionDenied, ValidationFailed
from evidence.models.users import AssessorAssignment, Role, User
from evidence.validation import validated

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


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
    if actor.role != Role.ADMIN:
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่เพิ่มผู้ใช้ได้")
    problems = []
    if session.exec(select(User).where(User.username == username)).first():
        problems.append(FieldProblem("username", f"มีผู้ใช้ชื่อ '{username}' อยู่แล้ว", "ชื่อผู้ใช้"))
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        problems.append(FieldProblem("password", f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร", "รหัสผ่าน"))
    if role == Role.DIVISION and org_unit_id is None:
        problems.append(FieldProblem("org_unit_id", "เจ้าหน้าที่หน่วยงานต้องระบุหน่วยงาน", "หน่วยงานที่รับผิดชอบ"))
    if role in (Role.PLANNING, Role.DIVISION, Role.EXECUTIVE) and enterprise_id is None:
        problems.append(FieldProblem("enterprise_id", "ต้องระบุรัฐวิสาหกิจ", "รัฐวิสาหกิจ"))
    if problems:
        raise ValidationFailed(problems)
    user = validated(User, {
        "username": username, "display_name": display_name, "role": role, "email": email,
        "enterprise_id": enterprise_id, "org_unit_id": org_unit_id,
        "password_hash": hash_password(password) if password else None,
    })
    session.add(user)
    session.flush()
    for eid in assessed_enterprise_ids or []:
        session.add(AssessorAssignment(user_id=user.id, enterprise_id=eid))
    record_audit(session, actor, "user:create", enterprise_id=enterprise_id, table_name="user",
                 record_id=user.id, after={"username": username, "role": role.value})
    return user


def find_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def authenticate(session: Session, username: str, password: str) -> User:
    """Check a password; repeated failures lock the account for a while. Every attempt is audited."""
    from datetime import timedelta

    from argon2.exceptions import VerificationError

    from evidence.access import Actor
    from evidence.errors import AuthenticationFailed
    from evidence.models.base import utcnow
    from evidence.settings import get_settings

    settings = get_settings()
    user = find_user(session, username)
    who = Actor(username=username or "-", role=Role.EXECUTIVE)
    if user is None or not user.active or not user.password_hash:
        record_audit(session, who, "login:failed", summary="ไม่พบผู้ใช้")
        raise AuthenticationFailed("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        record_audit(session, who, "login:locked", enterprise_id=user.enterprise_id)
        raise AuthenticationFailed("บัญชีถูกระงับชั่วคราวเนื่องจากใส่รหัสผ่านผิดหลายครั้ง กรุณาลองใหม่ภายหลัง")
    try:
        _hasher.verify(user.password_hash, password)
    except VerificationError:
        user.failed_logins += 1
        if user.failed_logins >= settings.max_failed_logins:
            user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            user.failed_logins = 0
        session.add(user)
        record_audit(session, who, "login:failed", enterprise_id=user.enterprise_id, summary="รหัสผ่านไม่ถูกต้อง")
        raise AuthenticationFailed("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง") from None
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    record_audit(session, who, "login", enterprise_id=user.enterprise_id)
    return user
