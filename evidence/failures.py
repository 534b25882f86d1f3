"""Faults that are nobody's input error (a full disk, PostgreSQL down, a damaged SQLite file, a locked
database, a bug) told in Thai with a reference number; the detail goes to the server's log only.

Every write runs in one transaction (`evidence.db.session_scope`), so a fault rolls back the whole
change: the message can say that nothing was half saved.
"""

import errno
import logging
import secrets
from datetime import UTC, datetime

from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger("scm.failures")
NOTHING_LOST = "ข้อมูลที่บันทึกไว้ก่อนหน้านี้ยังอยู่ครบ และรายการนี้ไม่ได้ถูกบันทึกเพียงบางส่วน"
DISK_FULL = "พื้นที่จัดเก็บของเครื่องแม่ข่ายเต็ม จึงบันทึกไม่ได้"
DB_DOWN = "เชื่อมต่อฐานข้อมูลไม่ได้ (ฐานข้อมูลอาจหยุดทำงานหรือเครือข่ายขัดข้อง)"
DB_DAMAGED = "ไฟล์ฐานข้อมูลเสียหายหรือไม่ใช่ฐานข้อมูลของพอร์ทัล"
DB_LOCKED = "ฐานข้อมูลกำลังบันทึกงานอื่นอยู่นานเกินรอ"
UNEXPECTED = "เกิดข้อผิดพลาดที่ไม่คาดคิด"


def _what(error: BaseException) -> str:
    text = str(error).lower()
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if "disk is full" in text or "no space left" in text:
        return DISK_FULL
    if "database is locked" in text or "database table is locked" in text:
        return DB_LOCKED
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return DB_DAMAGED
    if isinstance(error, OperationalError | DBAPIError) or "connection" in text and "refused" in text:
        return DB_DOWN
    return UNEXPECTED


def new_reference() -> str:
    return f"ERR-{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3).upper()}"


def describe_failure(error: BaseException) -> tuple[str, str]:
    """(reference, Thai message) for `error`; the traceback is logged under the reference."""
    reference = new_reference()
    log.error("%s: %s", reference, type(error).__name__, exc_info=error)
    message = (f"{_what(error)} {NOTHING_LOST} กรุณาลองใหม่อีกครั้ง หากยังเกิดขึ้น "
               f"โปรดแจ้งผู้ดูแลระบบพร้อมหมายเลขอ้างอิง {reference}")
    return reference, message
