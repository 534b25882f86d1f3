"""A document as plain data: a cover, then headings, paragraphs, tables, pictures and page breaks.

Builders (`reports.readiness`, `reports.evidence_pack`) produce a `DocumentPlan`; `reports.docx_style`
writes it in Thai government style. The plan is also what the benchmark writes with plain python-docx.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class CoverLine:
    text: str
    size_pt: float = 16
    bold: bool = False
    space_before_pt: float = 0


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1–3; levels 1 and 2 appear in the table of contents


@dataclass(frozen=True)
class Paragraph:
    """Body text; `label` is a bold lead-in ("ระดับที่คำนวณได้: ") before the text."""

    text: str
    label: str = ""
    style: Literal["body", "bullet", "number", "note"] = "body"
    indent: bool = False


@dataclass(frozen=True)
class Table:
    """A grid with a repeated header row; `widths_cm` adds up to at most the text width (16 cm)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_cm: tuple[float, ...]
    numeric_columns: tuple[int, ...] = ()  # right-aligned (scores, sizes)
    small: bool = False  # 14 pt instead of 16 pt, for wide tables
    bold_rows: tuple[int, ...] = ()  # indexes into `rows` set in bold (totals, topic rows)
    column_pt: tuple[float | None, ...] = ()  # a smaller size for some columns (hashes), None = the table's
    literal_columns: tuple[int, ...] = ()  # kept as written with Thai numerals on (hashes, paths, codes)
    fills: tuple[tuple[int, int, str], ...] = ()  # (row, column, hex colour) cell shading (heat maps)
    keep_rows: bool = False  # a row never splits across pages

    def __post_init__(self) -> None:
        if len(self.widths_cm) != len(self.headers):
            raise ValueError("widths_cm must give one width per column")
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"row {row!r} does not have {len(self.headers)} cells")


@dataclass(frozen=True)
class Picture:
    png: bytes
    width_cm: float
    caption: str


@dataclass(frozen=True)
class PageBreak:
    """Start the next block on a new page."""


@dataclass(frozen=True)
class TableOfContents:
    title: str = "สารบัญ"


Block = Heading | Paragraph | Table | Picture | PageBreak | TableOfContents


@dataclass(frozen=True)
class DocumentPlan:
    """`header` runs at the top of every page but the cover (the enterprise's name)."""

    title: str
    header: str
    cover: tuple[CoverLine, ...]
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    number: str = ""  # the document number (core property "identifier")
    version: str = ""  # the evidence version it was made from
    subject: str = ""

    def headings(self, max_level: int = 2) -> Iterator[Heading]:
        for block in self.blocks:
            if isinstance(block, Heading) and block.level <= max_level:
                yield block

    def tables(self) -> Iterator[Table]:
        for block in self.blocks:
            if isinstance(block, Table):
                yield block
