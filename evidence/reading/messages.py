"""The Thai message a user reads for each extraction state (the file itself is always kept)."""

from evidence.reading.limits import ReadingLimits
from evidence.reading.passages import State

SUPPORTED_TH = "PDF, Word (.docx), ข้อความ (.txt) และภาพสแกน (PNG, JPEG, TIFF)"
KEPT_TH = "ไฟล์ยังเก็บไว้ตามเดิม และไม่มีข้อมูลอื่นเปลี่ยนแปลง"


def message_th(state: State, limits: ReadingLimits, *, name: str = "", detail: str = "", pages: int | None = None,
               memory: bool = False) -> str | None:
    """The message for `state`; None for a plain "read"."""
    subject = f"ไฟล์ '{name}'" if name else "ไฟล์นี้"
    if state == "read":
        return None
    if state == "ocr":
        return "สแกน อ่านข้อความด้วย OCR ภาษาไทยแล้ว (ข้อความอาจคลาดเคลื่อน โปรดตรวจทานก่อนอ้างอิง)"
    if state == "scanned_unread":
        reason = detail or "ไม่มีชั้นข้อความ และเครื่องนี้ไม่มีโปรแกรม OCR ภาษาไทย (Tesseract)"
        return f"สแกน ยังไม่ได้อ่านข้อความ: {subject} เป็นภาพสแกน ({reason}) {KEPT_TH}"
    if state == "encrypted":
        return (f"{subject} ถูกเข้ารหัสหรือตั้งรหัสผ่านไว้ จึงอ่านข้อความไม่ได้ "
                f"กรุณาอัปโหลดฉบับที่ไม่ได้ตั้งรหัสผ่าน ({KEPT_TH})")
    if state == "corrupt":
        why = f" ({detail})" if detail else ""
        return f"{subject} เสียหรือไม่ใช่ไฟล์ที่ถูกต้อง จึงอ่านข้อความไม่ได้{why} ({KEPT_TH})"
    if state == "too_large":
        if memory:
            return (f"{subject} ต้องใช้หน่วยความจำเกิน {limits.memory_mb} MB ในการอ่าน จึงหยุดอ่าน "
                    f"({KEPT_TH})")
        return (f"{subject} ใหญ่เกินกว่าที่ระบบอ่านข้อความได้ (ไม่เกิน {limits.max_bytes / 1024 / 1024:g} MB)"
                f"{' ' + detail if detail else ''} ({KEPT_TH})")
    if state == "unsupported":
        return f"ยังอ่านข้อความจาก{subject} ไม่ได้{' (' + detail + ')' if detail else ''} รองรับ {SUPPORTED_TH}"
    if state == "timeout":
        return (f"อ่านข้อความจาก{subject} ไม่เสร็จภายใน {limits.timeout_s:g} วินาที จึงหยุดอ่าน ({KEPT_TH})")
    raise ValueError(state)


def truncated_th(limits: ReadingLimits, *, pages: int | None) -> str:
    if pages and pages > limits.max_pages:
        return f"อ่านเฉพาะ {limits.max_pages} หน้าแรกจากทั้งหมด {pages} หน้า"
    return f"อ่านเฉพาะ {limits.max_chars:,} ตัวอักษรแรก ส่วนที่เหลือไม่ได้อ่าน"
