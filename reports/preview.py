"""`python -m reports.preview [--out docs]`: the demo's readiness report rendered by LibreOffice, with
PNG images of its executive-summary and topic-level pages (docs/report-page-*.png) for a human to look at.

Runs on a throw-away database under a temporary SCM_DATA_DIR; needs soffice and poppler.
"""

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

PAGES = {"summary": "1. บทสรุปผู้บริหาร", "levels": "2. ระดับรายหัวข้อ", "subtopic": "3. ผลการประเมินรายหัวข้อย่อย"}


def find_page(pdf: Path, heading: str, *, after: int = 1) -> int:
    """The first page after page `after` whose text contains `heading`."""
    from reports.pdf import pdf_pages, pdf_text

    for page in range(after + 1, pdf_pages(pdf) + 1):
        if heading in pdf_text(pdf, first=page, last=page):
            return page
    raise LookupError(heading)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="scm-preview-") as tmp:
        os.environ["SCM_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        from evidence import db
        from evidence.access import SYSTEM
        from evidence.demo import DEMO_YEAR, load_demo
        from reports.jobs import make_readiness_report
        from reports.pdf import docx_to_pdf, render_page

        db.upgrade()
        with db.session_scope() as session:
            enterprise_id = load_demo(session).enterprise_id
            document = make_readiness_report(session, SYSTEM, enterprise_id=enterprise_id, year=DEMO_YEAR,
                                             made_on=date(2026, 9, 30), made_by="ฝ่ายยุทธศาสตร์องค์กร (ตัวอย่าง)")
        docx = Path(tmp) / document.filename
        docx.write_bytes(document.data)
        pdf = docx_to_pdf(docx, Path(tmp))
        page = find_page(pdf, PAGES["summary"], after=2)  # page 2 (and maybe 3) is the table of contents
        for name, heading in PAGES.items():
            page = find_page(pdf, heading, after=page - 1)
            target = render_page(pdf, page, args.out / f"report-page-{name}.png", dpi=80)
            print(f"{target} (หน้า {page})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
