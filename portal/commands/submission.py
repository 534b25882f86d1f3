"""`scm-portal submit --enterprise CODE --year YYYY` freezes the self-assessment as a new version;
`scm-portal diff --enterprise CODE --year YYYY --from V1 --to V2` shows what changed between two."""

import argparse

from evidence import db
from evidence.services.org import get_enterprise_by_code
from evidence.services.submissions import diff_submissions, submit_year
from portal.commands._excel_args import acting_user


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--enterprise", required=True, metavar="CODE", help="รหัสรัฐวิสาหกิจ")
    parser.add_argument("--year", type=int, required=True, metavar="YYYY", help="ปีประเมิน (พ.ศ.)")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    submit = subparsers.add_parser("submit", help="ส่งผลการประเมินตนเอง: ตรึงคะแนน ข้อมูล และไฟล์เป็นฉบับใหม่")
    _target(submit)
    submit.add_argument("--note", help="หมายเหตุของฉบับนี้")
    submit.add_argument("--as", dest="username", metavar="USERNAME", help="ส่งในนามผู้ใช้นี้ ค่าเริ่มต้น: system")
    submit.set_defaults(handler=run_submit)
    diff = subparsers.add_parser("diff", help="เปรียบเทียบผลการประเมินที่ส่งสองฉบับ (ข้อมูล ไฟล์ ผลรายการเกณฑ์)")
    _target(diff)
    diff.add_argument("--from", dest="before", type=int, required=True, metavar="V1", help="ฉบับที่ส่งก่อน")
    diff.add_argument("--to", dest="after", type=int, required=True, metavar="V2", help="ฉบับที่ส่งหลัง")
    diff.set_defaults(handler=run_diff)


def run_submit(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        actor = acting_user(session, args.username)
        enterprise = get_enterprise_by_code(session, args.enterprise)
        submission = submit_year(session, actor, enterprise_id=enterprise.id or 0, year=args.year, note=args.note)
        number, sha, score = submission.number, submission.manifest_sha256, submission.score
    shown = "-" if score is None else f"{score:.2f}"
    print(f"ส่งผลการประเมินตนเองปี {args.year} ฉบับที่ {number} แล้ว (คะแนน {shown}; SHA-256 {sha})")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    with db.session_scope() as session:
        actor = acting_user(session, None)
        enterprise = get_enterprise_by_code(session, args.enterprise)
        diff = diff_submissions(session, actor, enterprise_id=enterprise.id or 0, year=args.year,
                                before=args.before, after=args.after)
    print("\n".join(diff.lines()))
    return 0
