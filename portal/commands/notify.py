"""`scm-portal notify digest`: send the daily e-mail digest (run it once a day, e.g. from cron)."""

import argparse

from evidence import db
from evidence.notify import enabled, send_digest


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("notify", help="การแจ้งเตือนทางอีเมล")
    actions = parser.add_subparsers(dest="action", required=True)
    digest = actions.add_parser("digest", help="ส่งอีเมลสรุปรายการประจำวันให้ผู้ใช้แต่ละคน")
    digest.set_defaults(handler=run_digest)


def run_digest(_args: argparse.Namespace) -> int:
    if not enabled():
        print("ยังไม่ได้ตั้งค่าอีเมล (SCM_SMTP_HOST และ SCM_SMTP_SENDER) จึงไม่ได้ส่ง")
        return 0
    with db.session_scope() as session:
        sent = send_digest(session)
    print(f"ส่งอีเมลสรุปรายการประจำวันแล้ว {sent:,} ฉบับ")
    return 0
