"""`scm-portal worker [--concurrency N] [--metrics-port P] [--name NAME]` runs the jobs of the
PostgreSQL queue (reports, evidence packs, exports, imports, backups, PDPA retention, the daily digest);
`scm-portal worker --health` exits 0 when the database answers and a worker sent a heartbeat recently."""

import argparse
import sys
from datetime import UTC, datetime

from sqlalchemy import text

from evidence import db
from evidence.observability import configure_logging, get_logger, start_metrics
from evidence.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("worker", help="ทำงานเบื้องหลังจากคิวงานบน PostgreSQL (รายงาน ชุดหลักฐาน ส่งออก นำเข้า)")
    parser.add_argument("--concurrency", type=int, default=None, help="จำนวนงานที่ทำพร้อมกัน (SCM_WORKER_CONCURRENCY)")
    parser.add_argument("--metrics-port", type=int, default=None, help="พอร์ตของ /metrics (Prometheus) ของ worker")
    parser.add_argument("--name", default=None, help="ชื่อ worker ในบันทึก")
    parser.add_argument("--health", action="store_true", help="ตรวจว่าฐานข้อมูลตอบและมี worker ส่งสัญญาณล่าสุด แล้วออก")
    parser.set_defaults(handler=run)


def health() -> tuple[bool, str]:
    """(healthy, Thai sentence): the database answers and some worker's heartbeat is recent."""
    engine = db.get_engine()
    if engine.dialect.name != "postgresql":
        return False, "คิวงานใช้ได้กับ PostgreSQL เท่านั้น (SQLite ทำงานเบื้องหลังภายในพอร์ทัลเอง)"
    limit = get_settings().worker_stalled_seconds
    with engine.connect() as conn:
        last = conn.execute(text("SELECT max(last_heartbeat) FROM procrastinate_workers")).scalar()
        waiting = conn.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'")).scalar()
    if last is None:
        return False, "ไม่มี worker ที่กำลังทำงาน"
    age = (datetime.now(UTC) - last).total_seconds()
    if age > limit:
        return False, f"worker ส่งสัญญาณล่าสุดเมื่อ {age:.0f} วินาทีก่อน (เกิน {limit:.0f} วินาที)"
    return True, f"worker ทำงานอยู่ (สัญญาณล่าสุด {age:.0f} วินาทีก่อน) งานรอคิว {waiting} งาน"


def run(args: argparse.Namespace) -> int:
    if args.health:
        ok, message = health()
        print(message, file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    configure_logging()
    engine = db.get_engine()
    if engine.dialect.name != "postgresql":
        print("ข้อผิดพลาด: scm-portal worker ต้องใช้ PostgreSQL (DATABASE_URL=postgresql+psycopg://…); "
              "บน SQLite งานเบื้องหลังทำในพอร์ทัลเองโดยไม่ต้องมี worker", file=sys.stderr)
        return 2
    db.upgrade()
    port = start_metrics(args.metrics_port)
    get_logger("scm.worker").info("worker_started", metrics_port=port,
                                  concurrency=args.concurrency or get_settings().worker_concurrency)
    from evidence.jobs.queue import run_worker

    run_worker(concurrency=args.concurrency, name=args.name)
    return 0
