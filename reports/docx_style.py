"""Thai government document style for python-docx, and the writer of a `DocumentPlan` in that style.

- TH Sarabun New 16 pt on the Normal style and in the document defaults; Thai text takes the
  complex-script slot, so every style sets `w:rFonts/@w:cs`, `w:szCs` and (bold) `w:bCs` besides the
  Latin slots python-docx's `font.name`/`font.size` fill. Theme fonts are removed (they override).
  Where TH Sarabun New is missing, fontconfig falls back to the metrically compatible Laksaman
  (fonts-thai-tlwg).
- A4 with the margins government documents use: top 2.5 cm, bottom 2 cm, left 3 cm, right 2 cm.
- A cover without header; on every other page a header with the enterprise's name and a footer
  with the page number (PAGE / NUMPAGES fields); a TOC field Word updates on open (`w:updateFields`).
- Tables and paragraphs are written as WordprocessingML text parsed once per run of blocks, which
  keeps a report of thousands of table rows fast.
"""

import io
import re
from collections.abc import Iterable
from functools import lru_cache
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

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

THAI_FONT = "TH Sarabun New"
BODY_PT = 16
SMALL_PT = 14
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGINS_CM = {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0}
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGINS_CM["left"] - MARGINS_CM["right"]
HEADER_FILL = "D9D9D9"
TWIPS_PER_CM = 567

# Style name → (size in pt, bold, space before pt, space after pt); all take the Thai font in every slot.
STYLE_SPECS: dict[str, tuple[float, bool, float, float]] = {
    "Normal": (BODY_PT, False, 0, 0),
    "Heading 1": (20, True, 18, 6),
    "Heading 2": (18, True, 12, 4),
    "Heading 3": (BODY_PT, True, 8, 2),
    "Title": (26, True, 0, 0),
    "Caption": (SMALL_PT, True, 2, 8),
    "Header": (SMALL_PT, False, 0, 0),
    "Footer": (SMALL_PT, False, 0, 0),
    "List Bullet": (BODY_PT, False, 0, 2),
    "List Number": (BODY_PT, False, 0, 2),
    "TOC Heading": (20, True, 0, 6),
    "Table Text": (BODY_PT, False, 0, 0),
    "Table Text Small": (SMALL_PT, False, 0, 0),
    "Note": (SMALL_PT, False, 0, 2),
    "toc 1": (BODY_PT, True, 0, 0),
    "toc 2": (SMALL_PT, False, 0, 0),
}
_CUSTOM_PARAGRAPH_STYLES = ("Table Text", "Table Text Small", "Note", "toc 1", "toc 2")
_HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Title", "TOC Heading")

# Children of w:rPr that follow w:szCs / w:bCs in schema order (where the new element must go before).
_AFTER_SZ_CS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
                "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
# Children of w:settings (WordprocessingML namespace) that follow w:updateFields in schema order.
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                        "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                        "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                        "w:smartTagType", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                        "w:listSeparator")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_W = nsdecls("w")


# ---------------------------------------------------------------- run properties in every font slot


def set_thai_run_properties(rpr, *, size_pt: float | None = None, bold: bool | None = None,  # noqa: ANN001
                            font: str = THAI_FONT) -> None:
    """Fill the Latin and the complex-script slots of a `w:rPr` (of a style or a run)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    if bold is not None:
        rpr.get_or_add_b().set(qn("w:val"), "1" if bold else "0")
        rpr.get_or_add_bCs().set(qn("w:val"), "1" if bold else "0")
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        rpr.get_or_add_sz().set(qn("w:val"), half_points)
        size_cs = rpr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = OxmlElement("w:szCs")
            rpr.insert_element_before(size_cs, *_AFTER_SZ_CS)
        size_cs.set(qn("w:val"), half_points)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:bidi"), "th-TH")


def _style_rpr(style: BaseStyle):  # noqa: ANN202
    return style.element.get_or_add_rPr()


def apply_thai_styles(doc: DocxDocument) -> None:
    """Thai font and sizes on the document defaults and on every style the reports use."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            set_thai_run_properties(rpr, size_pt=BODY_PT)
    existing = {s.name for s in doc.styles}
    for name in _CUSTOM_PARAGRAPH_STYLES:
        if name not in existing:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
    for name, (size, bold, before, after) in STYLE_SPECS.items():
        style = doc.styles[name]
        set_thai_run_properties(_style_rpr(style), size_pt=size, bold=bold)
        paragraph_format = style.paragraph_format  # type: ignore[attr-defined]
        paragraph_format.space_before = Pt(before)
        paragraph_format.space_after = Pt(after)
        paragraph_format.line_spacing = 1.0
        if name in _HEADING_STYLES:
            style.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[attr-defined]
            color = _style_rpr(style).find(qn("w:color"))
            if color is not None:
                for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
                    color.attrib.pop(qn(attr), None)
            style.font.italic = False  # type: ignore[attr-defined]
            paragraph_format.keep_with_next = True
    doc.styles["toc 2"].paragraph_format.left_indent = Cm(0.75)  # type: ignore[attr-defined]
    doc.styles["Note"].paragraph_format.left_indent = Cm(0.75)  # type: ignore[attr-defined]
    doc.styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]


def _set_update_fields_on_open(doc: DocxDocument) -> None:
    settings = doc.settings.element
    element = settings.find(qn("w:updateFields"))
    if element is None:
        element = OxmlElement("w:updateFields")
        successors = [settings.find(qn(tag)) for tag in _AFTER_UPDATE_FIELDS]
        following = next((s for s in successors if s is not None), None)
        if following is not None:
            following.addprevious(element)
        else:
            settings.append(element)
    element.set(qn("w:val"), "true")


def _field_runs(paragraph, instruction: str, placeholder: str) -> None:  # noqa: ANN001
    """Append a simple field (PAGE, NUMPAGES) as begin / instruction / separate / result / end runs."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", placeholder),
                       ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


@lru_cache(maxsize=1)
def _styled_template() -> bytes:
    """The empty styled A4 document with its page-number footer, built once per process."""
    doc = Document()
    apply_thai_styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("หน้า ")
    _field_runs(foot, "PAGE", "1")
    foot.add_run(" จาก ")
    _field_runs(foot, "NUMPAGES", "1")
    _set_update_fields_on_open(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def new_document(*, title: str, header: str) -> DocxDocument:
    """An empty A4 document in Thai government style with header (enterprise) and page-number footer."""
    doc = Document(io.BytesIO(_styled_template()))
    doc.sections[0].header.paragraphs[0].add_run(clean_text(header))
    props = doc.core_properties
    props.title, props.author, props.language = clean_text(title), "พอร์ทัล SE-AM SCM", "th-TH"
    return doc


# ---------------------------------------------------------------- WordprocessingML text


def clean_text(text: str) -> str:
    """Text safe inside XML (control characters dropped)."""
    return _INVALID_XML.sub("", text)


def _run_xml(text: str, *, bold: bool = False, size_pt: float | None = None) -> str:
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if size_pt is not None:
        half = round(size_pt * 2)
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = clean_text(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{body}</w:r>"


class _Writer:
    """Collects WordprocessingML for a run of blocks and inserts it into the body in one parse."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.body = doc.element.body
        self.ids = {s.name: s.style_id for s in doc.styles}
        self.parts: list[str] = []
        self.break_next = False

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
            runs = _run_xml(line.text, bold=line.bold, size_pt=line.size_pt)
            self.parts.append(self.paragraph_xml(runs, align="center", spacing=spacing))
        self.page_break()

    def page_break(self) -> None:
        self.break_next = True

    def heading(self, block: Heading) -> None:
        level = min(max(block.level, 1), 3)
        self.parts.append(self.paragraph_xml(_run_xml(block.text), style=f"Heading {level}"))

    def paragraph(self, block: Paragraph) -> None:
        style = {"body": "Normal", "bullet": "List Bullet", "number": "List Number", "note": "Note"}[block.style]
        runs = (_run_xml(block.label, bold=True) if block.label else "") + _run_xml(block.text)
        self.parts.append(self.paragraph_xml(runs, style=style, indent_cm=0.75 if block.indent else 0))

    def toc(self, block: TableOfContents, headings: list[Heading]) -> None:
        """A TOC field (levels 1–2) whose cached result lists the headings; Word adds page numbers on open."""
        self.parts.append(self.paragraph_xml(_run_xml(block.title), style="TOC Heading"))
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        entries = headings or [Heading("(เปิดเอกสารใน Word เพื่อปรับปรุงสารบัญ)", 1)]
        for n, heading in enumerate(entries):
            runs = (begin if n == 0 else "") + _run_xml(heading.text) + (end if n == len(entries) - 1 else "")
            self.parts.append(self.paragraph_xml(runs, style=f"toc {min(heading.level, 2)}"))
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
                f"{_run_xml(text, bold=True)}</w:p></w:tc>"
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
        sizes = list(block.column_pt) + [None] * (len(twips) - len(block.column_pt))
        for n, row in enumerate(block.rows):
            out.append("<w:tr>")
            bold = n in bold_rows
            for opening, size, text in zip(cells, sizes, row, strict=True):
                out.append(f"{opening}{_run_xml(text, bold=bold, size_pt=size) if text else ''}</w:p></w:tc>")
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
        self.parts.append(self.paragraph_xml(_run_xml(block.caption), style="Caption"))


def render(plan: DocumentPlan) -> bytes:
    """The plan as a .docx in Thai government style."""
    doc = new_document(title=plan.title, header=plan.header)
    writer = _Writer(doc)
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
