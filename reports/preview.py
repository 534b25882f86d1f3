"""`python -m reports.preview [--out docs]`: the demo's whole-enterprise readiness report rendered by
LibreOffice (with page numbers in the table of contents), written as `report-demo.pdf` and PNG images of
its first pages and of the body (docs/report-page-*.png) for a human to look at.

Runs on a throw-away database under a temporary SCM_DATA_DIR; needs soffice and poppler.
"""

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from reports.pdf_toc import squeeze

FIRST_PAGES = {"1-cover": 1, "2-summary": 2, "3-blockers": 3}
BY_HEADING = {"4-toc": "สารบัญ", "5-levels": "2. ระดับรายหัวข้อเทียบเป้าหมาย", "6-subtopic": "SM1.1 ",
              "7-heatmap": "ภาคผนวก ค แผนที่ความร้อน"}


def find_page(pdf: Path, heading: str, *, after: int = 1) -> int:
    """The first page after page `after` whose text contains `heading` (as a TOC-free page)."""
    from reports.pdf import pdf_page_texts

    wanted = squeeze(heading)
    for n, text in enumerate(pdf_page_texts(pdf), start=1):
        if n > after and wanted in squeeze(text) and (heading == "สารบัญ" or "....." not in text):
            return n
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
        from reports.pdf import render_page

        db.upgrade()
        with db.session_scope() as session:
            enterprise_id = load_demo(session).enterprise_id
            document = make_readiness_report(session, SYSTEM, enterprise_id=enterprise_id, year=DEMO_YEAR,
                                             made_on=date(2026, 9, 30), made_by="ฝ่ายยุทธศาสตร์องค์กร (ตัวอย่าง)",
                                             with_pdf=True)
        assert document.pdf is not None
        args.out.mkdir(parents=True, exist_ok=True)
        pdf = args.out / "report-demo.pdf"
        pdf.write_bytes(document.pdf)
        pages = dict(FIRST_PAGES)
        for name, heading in BY_HEADING.items():
            pages[name] = find_page(pdf, heading, after=3)
        pages["8-heatmap-table"] = pages["7-heatmap"] + 1
        for name, page in pages.items():
            target = render_page(pdf, page, args.out / f"report-page-{name}.png", dpi=70)
            print(f"{target} (หน้า {page})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
