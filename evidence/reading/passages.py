"""What reading a document gives: its state, pages and positioned passages (frozen, JSON-ready)."""

from dataclasses import asdict, dataclass, field
from typing import Literal

State = Literal["read", "ocr", "scanned_unread", "encrypted", "corrupt", "too_large", "unsupported", "timeout"]
STATES: tuple[State, ...] = (
    "read", "ocr", "scanned_unread", "encrypted", "corrupt", "too_large", "unsupported", "timeout",
)
READABLE: frozenset[State] = frozenset({"read", "ocr"})

STATE_LABELS_TH: dict[State, str] = {
    "read": "อ่านข้อความแล้ว",
    "ocr": "อ่านจากภาพสแกน (OCR)",
    "scanned_unread": "สแกน ยังไม่ได้อ่านข้อความ",
    "encrypted": "ไฟล์ถูกเข้ารหัส",
    "corrupt": "ไฟล์เสีย",
    "too_large": "ไฟล์ใหญ่เกินกำหนด",
    "unsupported": "ชนิดไฟล์ที่ยังไม่รองรับ",
    "timeout": "อ่านไม่เสร็จในเวลาที่กำหนด",
}


@dataclass(frozen=True)
class Passage:
    """One positioned piece of a document: a PDF page, a DOCX paragraph or table row, a text paragraph.

    `seq` counts from 1 in document order; `page` is the PDF page (None for DOCX and text); `section` is
    the nearest heading above a DOCX paragraph; `locator_th` is what a citation shows ("หน้า 3",
    "ย่อหน้า 12 (หัวข้อ 2.1 …)", "ตาราง 1 แถว 2"); `text` is the extracted text as read (not normalised).
    """

    seq: int
    page: int | None
    section: str | None
    locator_th: str
    text: str


@dataclass(frozen=True)
class Extraction:
    """The outcome of `evidence.reading.extract.extract`. `message_th` is set for every state other than
    "read" (and for "read" when the reading stopped at a cap: `truncated`)."""

    state: State
    message_th: str | None = None
    pages: int | None = None
    passages: tuple[Passage, ...] = ()
    truncated: bool = False
    kind: str | None = None  # "pdf", "docx", "text", "image" when recognised
    seconds: float = field(default=0.0, compare=False)

    @property
    def readable(self) -> bool:
        return self.state in READABLE

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.passages)

    def to_data(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, object]) -> "Extraction":
        passages = tuple(Passage(**p) for p in data.get("passages", ()))  # type: ignore[arg-type, union-attr]
        fields = {k: v for k, v in data.items() if k != "passages"}
        return cls(**fields, passages=passages)  # type: ignore[arg-type]
