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
from datetime import UTC, datetime
from functools import lru_cache

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

from reports.control import ReportOptions, to_thai_digits

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
PORTAL_AUTHOR = "พอร์ทัล SE-AM SCM"


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


@lru_cache(maxsize=4)
def _styled_template(options: ReportOptions) -> bytes:
    """The empty styled A4 document with its page numbers, built once per process and option set.

    Page numbers: "หน้า 2 จาก 9" centred in the footer (default), or "- ๒ -" centred at the top as the
    government correspondence manual has it (`page_numbers="thai-top"`, Thai digits through the field's
    ThaiArabic format). `justify="thai-distributed"` sets Thai distributed justification on body text.
    """
    doc = Document()
    apply_thai_styles(doc)
    if options.justify == "thai-distributed":
        for name in ("Normal", "List Bullet", "List Number", "Note"):
            ppr = doc.styles[name].element.get_or_add_pPr()
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), "thaiDistribute")
            ppr.append(jc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    thai = " \\* ThaiArabic" if options.thai_numerals else ""
    if options.page_numbers == "thai-top":
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.add_run("- ")
        _field_runs(head, f"PAGE{thai}", "๒" if thai else "2")
        head.add_run(" -")
        foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # the enterprise's name goes to the footer
    else:
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot.add_run("หน้า ")
        _field_runs(foot, f"PAGE{thai}", "1")
        foot.add_run(" จาก ")
        _field_runs(foot, f"NUMPAGES{thai}", "1")
    _set_update_fields_on_open(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def new_document(*, title: str, header: str, options: ReportOptions | None = None,
                 identifier: str = "", version: str = "", subject: str = "") -> DocxDocument:
    """An empty A4 document in Thai government style; its core properties name the portal as author,
    the moment it was made (not the template's 2013 and "python-docx") and the document number."""
    options = options or ReportOptions()
    doc = Document(io.BytesIO(_styled_template(options)))
    section = doc.sections[0]
    running = section.footer if options.page_numbers == "thai-top" else section.header
    running.paragraphs[0].add_run(to_thai_digits(clean_text(header)) if options.thai_numerals else clean_text(header))
    props = doc.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title, props.author, props.language = clean_text(title), PORTAL_AUTHOR, "th-TH"
    props.last_modified_by, props.created, props.modified, props.revision = PORTAL_AUTHOR, now, now, 1
    props.identifier, props.version, props.subject = identifier, version, clean_text(subject)
    props.comments = "จัดทำโดยพอร์ทัล SE-AM SCM จากหลักฐานที่บันทึกไว้"
    props.keywords, props.category = "SE-AM; SCM", "รายงานการประเมิน"
    return doc


def clean_text(text: str) -> str:
    """Text safe inside XML (control characters dropped)."""
    return _INVALID_XML.sub("", text)
