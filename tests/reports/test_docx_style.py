from docx.oxml.ns import qn
from docx.shared import Cm

from reports.blocks import CoverLine, DocumentPlan, Heading, PageBreak, Paragraph, Table, TableOfContents
from reports.docx_style import THAI_FONT
from reports.docx_writer import render
from tests.reports.conftest import open_docx, table_rows

PLAN = DocumentPlan(
    title="เอกสารทดสอบ",
    header="องค์การทดสอบแห่งชาติ",
    cover=(CoverLine("รายงานทดสอบ", 28, True, 72), CoverLine("ปีประเมิน พ.ศ. 2569")),
    blocks=(
        TableOfContents(),
        Heading("1. บทนำ", 1),
        Paragraph("ข้อความภาษาไทย", label="หัวเรื่อง: "),
        Heading("1.1 ตาราง", 2),
        Table(("รหัส", "ชื่อ", "ระดับ"), (("CM5.3", "การจัดการข้อร้องเรียน", "0.67"), ("SM1.1", "ยุทธศาสตร์", "1.00")),
              (2.0, 11.0, 3.0), numeric_columns=(2,), bold_rows=(0,)),
        PageBreak(),
        Heading("2. ภาคผนวก", 1),
        Paragraph("บรรทัดแรก\nบรรทัดที่สอง", style="bullet"),
    ),
)


def _style_fonts(document, name):
    rpr = document.styles[name].element.rPr
    return rpr.find(qn("w:rFonts")), rpr


def test_normal_and_heading_styles_set_the_thai_font_in_the_complex_script_slot():
    document = open_docx(render(PLAN))
    for name, half_points in (("Normal", "32"), ("Heading 1", "40"), ("Heading 2", "36"), ("Heading 3", "32")):
        fonts, rpr = _style_fonts(document, name)
        assert fonts.get(qn("w:cs")) == THAI_FONT, name
        assert fonts.get(qn("w:ascii")) == THAI_FONT, name
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:cstheme")) is None, name
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == half_points, name
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == half_points, name
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        _fonts, rpr = _style_fonts(document, name)
        assert rpr.find(qn("w:bCs")).get(qn("w:val")) == "1", name


def test_document_defaults_also_take_the_thai_font_so_tables_and_lists_inherit_it():
    document = open_docx(render(PLAN))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:cs")) == THAI_FONT
    assert defaults.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert defaults.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"


def test_pages_are_a4_with_the_margins_government_documents_use():
    section = open_docx(render(PLAN)).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(m.cm, 2) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                     section.right_margin)] == [2.5, 2.0, 3.0, 2.0]


def test_the_header_names_the_enterprise_and_the_footer_numbers_pages_but_not_on_the_cover():
    document = open_docx(render(PLAN))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "องค์การทดสอบแห่งชาติ"
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert section.footer.paragraphs[0].text.startswith("หน้า ")


def test_word_is_asked_to_update_the_table_of_contents_field_on_open():
    document = open_docx(render(PLAN))
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    instructions = [el.text for el in document.element.body.iter(qn("w:instrText"))]
    assert any(text.strip().startswith("TOC") for text in instructions)
    toc_entries = [p.text for p in document.paragraphs if p.style.name.startswith("toc")]
    assert toc_entries == ["1. บทนำ", "1.1 ตาราง", "2. ภาคผนวก"]


def test_tables_keep_every_cell_in_order_with_a_repeated_shaded_header_row():
    document = open_docx(render(PLAN))
    assert table_rows(document) == [[["รหัส", "ชื่อ", "ระดับ"], ["CM5.3", "การจัดการข้อร้องเรียน", "0.67"],
                                     ["SM1.1", "ยุทธศาสตร์", "1.00"]]]
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [round(cell.width.cm, 1) for cell in table.rows[1].cells] == [2.0, 11.0, 3.0]
    assert table.rows[1].cells[2].paragraphs[0].alignment is not None  # numbers right-aligned
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold


def test_cover_contents_and_breaks_start_new_pages_without_empty_break_paragraphs():
    document = open_docx(render(PLAN))
    starts_on_new_page = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert starts_on_new_page == ["สารบัญ", "1. บทนำ", "2. ภาคผนวก"]  # after the cover and the contents
    cover = [p.text for p in document.paragraphs[:2]]
    assert cover == ["รายงานทดสอบ", "ปีประเมิน พ.ศ. 2569"]


def test_line_breaks_and_control_characters_in_user_text_give_a_valid_document():
    plan = DocumentPlan("t", "h", (CoverLine("ก"),), (Paragraph("แถว\x0bหนึ่ง\x01\nแถวสอง"),))
    document = open_docx(render(plan))
    assert document.paragraphs[-1].text == "แถวหนึ่ง\nแถวสอง"


def test_a_table_needs_one_width_per_column():
    try:
        Table(("ก", "ข"), (("1", "2"),), (Cm(1).cm,))
    except ValueError as error:
        assert "one width per column" in str(error)
    else:
        raise AssertionError("a table with too few widths was accepted")
