"""Files the reading tests feed to `extract`, built in code (Thai text layer, scans, encryption, traps)."""

import io
import zlib

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from evidence.demo_documents import FONTS_DIR


def thai_pdf(pages: list[str]) -> bytes:
    """A PDF with one page per text, written with the shipped Sarabun font (a real Thai text layer)."""
    pdf = FPDF(format="A4")
    pdf.add_font("sarabun", "", str(FONTS_DIR / "Sarabun-Regular.ttf"))
    pdf.set_font("sarabun", size=14)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def thai_docx(blocks: list[tuple[str, str]], table: list[tuple[str, str]] | None = None) -> bytes:
    """A DOCX from ("h1"|"h2"|"p", text) blocks, with an optional two-column table at the end."""
    import docx

    document = docx.Document()
    for kind, text in blocks:
        if kind == "p":
            document.add_paragraph(text)
        else:
            document.add_heading(text, level=int(kind[1]))
    if table:
        grid = document.add_table(rows=0, cols=2)
        for left, right in table:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = left, right
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """A one-page PDF holding only a picture of Thai text (no text layer), like a scanner makes."""
    image = Image.new("L", (1654, 1000), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS_DIR / "Sarabun-Regular.ttf"), 44)
    for number, line in enumerate(lines):
        draw.text((100, 100 + number * 90), line, font=font, fill=0)
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=0, y=0, w=210)
    return bytes(pdf.output())


def encrypted_pdf(text: str, password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(thai_pdf([text]))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_with_stream(stream: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def slow_pdf(operations: int = 2_000_000) -> bytes:
    """A 20 KB PDF whose one page holds millions of text operators (a compression trap): reading it takes
    far longer than any sensible limit."""
    return _pdf_with_stream(zlib.compress(b"BT /F1 12 Tf " + b"(a) Tj " * operations + b"ET", 9))
