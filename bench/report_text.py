"""The text of a readiness report, in order, to prove a change kept its content (issue 18).

    python -m bench.report_text --db sqlite:////tmp/demo.db --enterprise DEMO --year 2569 --out before.txt

Writes every paragraph and every table cell of the document's body in document order (a table as one
line per row, cells joined by " | "), then the SHA-256 of each picture; the report is made on a fixed
date, by the system actor, and rolled back (its audit rows stay out of the database). Compare two
outputs with `diff`.
"""

import argparse
import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from sqlmodel import Session, select

from evidence import db
from evidence.access import SYSTEM
from evidence.models import Enterprise

MADE_ON = date(2026, 12, 1)


def document_text(data: bytes) -> list[str]:
    """Paragraphs and table rows of the body in order, then each picture's SHA-256."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            lines += [" | ".join(cell.text for cell in row.cells) for row in Table(block, document).rows]
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        lines += [f"{name} {hashlib.sha256(parts.read(name)).hexdigest()}" for name in sorted(parts.namelist())
                  if name.startswith("word/media/")]
    return lines


def report_lines(url: str, code: str, year: int) -> list[str]:
    from reports.jobs import make_readiness_report

    engine = db.make_engine(url)
    try:
        with Session(engine) as session:
            eid = int(session.exec(select(Enterprise.id).where(Enterprise.code == code)).one())  # type: ignore[arg-type]
            report = make_readiness_report(session, SYSTEM, enterprise_id=eid, year=year, made_on=MADE_ON)
            session.rollback()
    finally:
        engine.dispose()
    return document_text(report.data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--enterprise", required=True)
    parser.add_argument("--year", type=int, default=2569)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text("\n".join(report_lines(args.db, args.enterprise, args.year)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
