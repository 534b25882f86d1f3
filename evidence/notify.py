"""E-mail notifications through SMTP, off while `SCM_SMTP_HOST` is not set.

Messages go to an outbox table first, in the caller's transaction. Returns of records and assessor
questions are marked immediate and sent when `send_immediate` runs (right after the action commits);
everything else waits for the daily digest (`scm-portal notify digest`, e.g. from cron), one e-mail per
user. A user without an e-mail address gets nothing; the inbox on the home page shows it all anyway.
"""

import logging
import smtplib
from collections import defaultdict
from email.message import EmailMessage

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from evidence.models.base import utcnow
from evidence.models.cycles import OutboxMessage
from evidence.models.users import Role, User
from evidence.settings import Settings, get_settings

logger = logging.getLogger(__name__)


def enabled(settings: Settings | None = None) -> bool:
    settings = settings or get_settings()
    return bool(settings.smtp_host and settings.smtp_sender)


def queue(session: Session, *, enterprise_id: int, usernames: list[str], kind: str, subject: str, body: str,
          immediate: bool = False) -> int:
    """Put a message for each user in the outbox (nothing when e-mail is off)."""
    if not enabled():
        return 0
    for username in dict.fromkeys(usernames):
        session.add(OutboxMessage(enterprise_id=enterprise_id, username=username, kind=kind, subject=subject,
                                  body=body, immediate=immediate))
    session.flush()
    return len(set(usernames))


def planning_team(session: Session, enterprise_id: int) -> list[str]:
    return list(session.exec(select(User.username).where(
        User.enterprise_id == enterprise_id, User.role == Role.PLANNING, col(User.active).is_(True))).all())


def unit_staff(session: Session, enterprise_id: int, unit_ids: frozenset[int]) -> list[str]:
    return list(session.exec(select(User.username).where(
        User.enterprise_id == enterprise_id, User.role == Role.DIVISION, col(User.active).is_(True),
        col(User.org_unit_id).in_(unit_ids))).all())


def _smtp(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=30)
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
        if settings.smtp_tls == "starttls":
            client.starttls()
    if settings.smtp_user:
        client.login(settings.smtp_user, settings.smtp_password)
    return client


def _send(settings: Settings, to: str, subject: str, body: str, client: smtplib.SMTP) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.smtp_sender, to, subject
    message.set_content(body)
    client.send_message(message)


def _addresses(session: Session, usernames: set[str]) -> dict[str, str]:
    rows = session.exec(select(User.username, User.email).where(col(User.username).in_(usernames))).all()
    return {u: e for u, e in rows if e}


def send_immediate(session: Session) -> int:
    """Send every waiting immediate message, one e-mail each; returns how many were sent."""
    return _deliver(session, immediate=True)


def send_digest(session: Session) -> int:
    """One e-mail per user with every waiting message (immediate ones not yet sent too)."""
    return _deliver(session, immediate=False)


def _deliver(session: Session, *, immediate: bool) -> int:
    settings = get_settings()
    if not enabled(settings):
        return 0
    query = select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
    if immediate:
        query = query.where(col(OutboxMessage.immediate).is_(True))
    waiting = list(session.exec(query.order_by(OutboxMessage.id)).all())
    if not waiting:
        return 0
    addresses = _addresses(session, {m.username for m in waiting})
    by_user: dict[str, list[OutboxMessage]] = defaultdict(list)
    for message in waiting:
        by_user[message.username].append(message)
    sent, now = 0, utcnow()
    with _smtp(settings) as client:
        for username, messages in by_user.items():
            address = addresses.get(username)
            if address:
                if immediate:
                    for m in messages:
                        _send(settings, address, m.subject, m.body, client)
                        sent += 1
                else:
                    body = "\n\n".join(f"• {m.subject}\n{m.body}" for m in messages)
                    _send(settings, address, f"สรุปรายการประจำวันจากพอร์ทัล SE-AM SCM ({len(messages)} รายการ)",
                          body, client)
                    sent += 1
            for m in messages:
                m.sent_at = now
    session.flush()
    return sent


def queue_now(session: Session, **message: object) -> None:
    """An immediate message, sent once the caller's transaction commits."""
    if queue(session, immediate=True, **message):  # type: ignore[arg-type]
        session.info["notify_now"] = True


@event.listens_for(OrmSession, "after_commit")
def _send_after_commit(session: OrmSession) -> None:
    if not session.info.pop("notify_now", False):
        return
    try:
        with Session(session.get_bind()) as sender:
            send_immediate(sender)
            sender.commit()
    except (smtplib.SMTPException, OSError) as error:  # the action stands; the digest retries later
        logger.warning("ส่งอีเมลแจ้งเตือนไม่สำเร็จ: %s", type(error).__name__)
