"""The writer of a `DocumentPlan` in the Thai government style of `reports.docx_style`.

Tables and paragraphs are written as WordprocessingML text parsed once per run of blocks, which keeps
a report of thousands of table rows fast. The table of contents is a TOC field (Word updates it on open);
its cached entries carry page numbers when the caller knows them (`toc_pages`, measured on LibreOffice's
PDF by `reports.pdf_toc`), so a PDF made from the document shows them too.
"""

import io
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from reports.blocks import (
    Block,
    CoverLine,
    DocumentPlan,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Table,
    TableOfContents,
)
from reports.control import ReportOptions, to_thai_digits
from reports.docx_style import HEADER_FILL, TEXT_WIDTH_CM, TWIPS_PER_CM, clean_text, new_document

_W = nsdecls("w")
TOC_TAB_TWIPS = round(TEXT_WIDTH_CM * TWIPS_PER_CM) - 10


def _run_xml(text: str, *, bold: bool = False, size_pt: float | None = None, thai_digits: bool = False) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if size_pt is not None:
        half = round(size_pt * 2)
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    text = clean_text(text)
    if thai_digits:
        text = to_thai_digits(text)
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in text.split("\n"))
    return f"<w:r>{rpr}{body}</w:r>"


class _Writer:
    """Collects WordprocessingML for a run of blocks and inserts it into the body in one parse."""

    def __init__(self, doc: DocxDocument, options: ReportOptions, toc_pages: Mapping[str, int | str] | None) -> None:
        self.doc = doc
        self.thai_digits = options.thai_numerals
        self.toc_pages = toc_pages or {}
        self.body = doc.element.body
        self.ids = {s.name: s.style_id for s in doc.styles}
        self.parts: list[str] = []
        self.break_next = False

    def run(self, text: str, *, bold: bool = False, size_pt: float | None = None, literal: bool = False) -> str:
        return _run_xml(text, bold=bold, size_pt=size_pt, thai_digits=self.thai_digits and not literal)

    def style(self, name: str) -> str:
        return self.ids[name]

    def flush(self) -> None:
        if not self.parts:
            return
        fragment = parse_xml(f"<w:body {_W}>{''.join(self.parts)}</w:body>")
        anchor = self.body.find(qn("w:sectPr"))
        for child in list(fragment):
            if anchor is not None:
                anchor.addprevious(child)
            else:
                self.body.append(child)
        self.parts.clear()

    def _props(self, props: str) -> str:
        """Paragraph properties, with a page break before when one is pending (no empty break paragraph)."""
        if self.break_next:
            self.break_next = False
            style, sep, rest = props.partition("/>")
            if style.startswith("<w:pStyle"):
                return f"{style}{sep}<w:pageBreakBefore/>{rest}"
            return "<w:pageBreakBefore/>" + props
        return props

    def paragraph_xml(self, runs: str, *, style: str | None = None, align: str | None = None,
                      indent_cm: float = 0, spacing: str = "") -> str:
        """A `w:p`; properties in schema order (pStyle, keepNext, pageBreakBefore, spacing, ind, jc)."""
        props = f'<w:pStyle w:val="{self.style(style)}"/>' if style else ""
        props += spacing
        if indent_cm:
            props += f'<w:ind w:left="{round(indent_cm * TWIPS_PER_CM)}"/>'
        if align:
            props += f'<w:jc w:val="{align}"/>'
        return f"<w:p><w:pPr>{self._props(props)}</w:pPr>{runs}</w:p>"

    def cover(self, lines: Iterable[CoverLine]) -> None:
        for line in lines:
            spacing = f'<w:spacing w:before="{round(line.space_before_pt * 20)}" w:after="80"/>'
            runs = self.run(line.text, bold=line.bold, size_pt=line.size_pt)
            self.parts.append(self.paragraph_xml(runs, align="center", spacing=spacing))
        self.page_break()

    def page_break(self) -> None:
        self.break_next = True

    def heading(self, block: Heading) -> None:
        level = min(max(block.level, 1), 3)
        self.parts.append(self.paragraph_xml(self.run(block.text), style=f"Heading {level}"))

    def paragraph(self, block: Paragraph) -> None:
        style = {"body": "Normal", "bullet": "List Bullet", "number": "List Number", "note": "Note"}[block.style]
        runs = (self.run(block.label, bold=True) if block.label else "") + self.run(block.text)
        self.parts.append(self.paragraph_xml(runs, style=style, indent_cm=0.75 if block.indent else 0))

    def toc(self, block: TableOfContents, headings: list[Heading]) -> None:
        """A TOC field (levels 1–2) whose cached result lists the headings, with their pages when known."""
        self.parts.append(self.paragraph_xml(self.run(block.title), style="TOC Heading"))
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        entries = headings or [Heading("(เปิดเอกสารใน Word เพื่อปรับปรุงสารบัญ)", 1)]
        tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TOC_TAB_TWIPS}"/></w:tabs>'
        for n, heading in enumerate(entries):
            page = self.toc_pages.get(heading.text)
            number = f"<w:r><w:tab/></w:r>{self.run(str(page))}" if page is not None else ""
            runs = (begin if n == 0 else "") + self.run(heading.text) + number + (end if n == len(entries) - 1 else "")
            self.parts.append(self.paragraph_xml(runs, style=f"toc {min(heading.level, 2)}", spacing=tabs))
        self.page_break()

    def table(self, block: Table) -> None:
        if self.break_next:
            self.parts.append(self.paragraph_xml("", style="Note"))
        twips = [round(w * TWIPS_PER_CM) for w in block.widths_cm]
        text_style = self.style("Table Text Small" if block.small else "Table Text")
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        out = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style("Table Grid")}"/>'
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>",
            '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
        ]
        for width, text in zip(twips, block.headers, strict=True):
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/><w:keepNext/><w:jc w:val="center"/></w:pPr>'
                f"{self.run(text, bold=True)}</w:p></w:tc>"
            )
        out.append("</w:tr>")
        numeric = set(block.numeric_columns)
        right = '<w:jc w:val="right"/>'
        cells = [
            (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
             f'<w:pStyle w:val="{text_style}"/>{right if i in numeric else ""}</w:pPr>')
            for i, width in enumerate(twips)
        ]
        bold_rows = set(block.bold_rows)
        literal = set(block.literal_columns)
        fills = {(r, c): color for r, c, color in block.fills}
        sizes = list(block.column_pt) + [None] * (len(twips) - len(block.column_pt))
        for n, row in enumerate(block.rows):
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" if block.keep_rows else "<w:tr>")
            bold = n in bold_rows
            for i, (opening, size, text) in enumerate(zip(cells, sizes, row, strict=True)):
                fill = fills.get((n, i))
                if fill:
                    opening = opening.replace("</w:tcPr>", f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>', 1)
                run = self.run(text, bold=bold, size_pt=size, literal=i in literal) if text else ""
                out.append(f"{opening}{run}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))
        self.parts.append(self.paragraph_xml("", style="Note"))

    def picture(self, block: Picture) -> None:
        self.flush()
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.page_break_before = self.break_next
        self.break_next = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run().add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
        self.parts.append(self.paragraph_xml(self.run(block.caption), style="Caption"))


def render(plan: DocumentPlan, *, options: ReportOptions | None = None,
           toc_pages: Mapping[str, int | str] | None = None) -> bytes:
    """The plan as a .docx in Thai government style; `toc_pages` (heading text → page) fills the
    table of contents' page numbers."""
    options = options or ReportOptions()
    doc = new_document(title=plan.title, header=plan.header, options=options, identifier=plan.number,
                       version=plan.version, subject=plan.subject)
    writer = _Writer(doc, options, toc_pages)
    writer.cover(plan.cover)
    headings = list(plan.headings())
    for block in plan.blocks:
        _write_block(writer, block, headings)
    writer.flush()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _write_block(writer: _Writer, block: Block, headings: list[Heading]) -> None:
    if isinstance(block, Heading):
        writer.heading(block)
    elif isinstance(block, Paragraph):
        writer.paragraph(block)
    elif isinstance(block, Table):
        writer.table(block)
    elif isinstance(block, Picture):
        writer.picture(block)
    elif isinstance(block, PageBreak):
        writer.page_break()
    elif isinstance(block, TableOfContents):
        writer.toc(block, headings)
