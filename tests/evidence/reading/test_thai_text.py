"""Thai text helpers: one comparable form for both sides of a match, tokens, sentences, quotes."""

from evidence.reading.thai_text import normalize, sentences, tokens, trim, words


def test_normalize_unifies_digits_zero_width_case_spacing_and_pdf_sara_am() -> None:
    raw = "แจ้ง\u200bรับเรื่อง  ภายใน ๒๔ ชั่วโมง\nService  BLUEPRINT น\u0e4d\u0e32"
    assert normalize(raw) == "แจ้งรับเรื่อง ภายใน 24 ชั่วโมง service blueprint น\u0e33"
    assert normalize(normalize(raw)) == normalize(raw)


def test_tokens_drop_stop_words_and_punctuation_but_keep_life_cycle_words() -> None:
    found = tokens("การสนับสนุนลูกค้าก่อน ระหว่าง และหลังการเป็นลูกค้า (ISO 10002).")
    assert "และ" not in found and "(" not in found and "." not in found
    assert {"ก่อน", "ระหว่าง", "หลัง", "ลูกค้า", "iso", "10002"} <= set(found)


def test_words_segment_thai_without_spaces() -> None:
    assert words("แผนรับมือภาวะฉุกเฉิน") == ["แผน", "รับมือ", "ภาวะฉุกเฉิน"]


def test_sentences_split_thai_at_spaces_but_not_before_a_continuing_word() -> None:
    text = ("องค์การจัดทำแผนรับมือเมื่อเกิดการให้บริการที่ผิดพลาดในทุกสาขาของประเทศอย่างต่อเนื่อง และทบทวนทุกปี "
            "ฝ่ายบริการลูกค้ารายงานผลการปฏิบัติตามมาตรฐานการจัดการข้อร้องเรียนต่อผู้บริหารเป็นรายเดือน")
    assert sentences(text) == [
        "องค์การจัดทำแผนรับมือเมื่อเกิดการให้บริการที่ผิดพลาดในทุกสาขาของประเทศอย่างต่อเนื่อง และทบทวนทุกปี",
        "ฝ่ายบริการลูกค้ารายงานผลการปฏิบัติตามมาตรฐานการจัดการข้อร้องเรียนต่อผู้บริหารเป็นรายเดือน",
    ]


def test_sentences_join_a_pdf_line_break_between_latin_words() -> None:
    assert sentences("ขอบเขตกำหนดจากการวิเคราะห์ Customer\nJourney Map ของผู้ใช้น้ำทุกประเภทที่สำนักงานสาขาทั่วประเทศ") == [
        "ขอบเขตกำหนดจากการวิเคราะห์ Customer Journey Map ของผู้ใช้น้ำทุกประเภทที่สำนักงานสาขาทั่วประเทศ"]


def test_trim_keeps_short_text_and_cuts_long_text_around_a_point() -> None:
    assert trim("สั้น ๆ") == "สั้น ๆ"
    long = " ".join(["ก" * 9] * 40)
    cut = trim(long, around=200, limit=100)
    assert cut.startswith("…") and cut.endswith("…") and len(cut) <= 104
