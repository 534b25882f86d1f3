"""find_support: the sentence that backs a declared fact, robust to Thai word breaks, blind to negated
mentions, with a quote and the passage's locator."""

from evidence.reading.find import find_all, find_support
from evidence.reading.passages import Passage


def _doc(*texts: str) -> tuple[Passage, ...]:
    return tuple(Passage(i, i, None, f"หน้า {i}", t) for i, t in enumerate(texts, start=1))


ABNORMAL = ["ภาวะไม่ปกติ", "ภาวะฉุกเฉิน", "เหตุฉุกเฉิน", "ความต่อเนื่องทางธุรกิจ", "BCM"]


def test_a_synonym_on_a_later_page_is_found_with_its_page_and_sentence() -> None:
    doc = _doc("บทนำ ขอบเขตของมาตรฐานการให้บริการลูกค้า",
               "ส่วนที่ 4 แผนรับมือ เมื่อเกิดเหตุฉุกเฉิน เช่น อุทกภัย ศูนย์บริการสำรองเปิดให้บริการภายใน 2 ชั่วโมง")
    support = find_support(doc, ABNORMAL)

    assert support is not None
    assert (support.locator_th, support.passage.page, support.matched_terms) == ("หน้า 2", 2, ("เหตุฉุกเฉิน",))
    assert "เหตุฉุกเฉิน" in support.quote and len(support.quote) <= 202


def test_thai_word_breaks_and_thai_digits_do_not_matter() -> None:
    doc = _doc("แผนการ บริหาร ความ ต่อเนื่อง ทาง ธุรกิจ ฉบับ ๒๕๖๙")
    support = find_support(doc, ["ความต่อเนื่องทางธุรกิจ", "ฉบับ 2569"])
    assert support is not None and support.matched_terms == ("ความต่อเนื่องทางธุรกิจ", "ฉบับ 2569")


def test_latin_terms_match_whole_words_with_flexible_spacing() -> None:
    assert find_support(_doc("ใช้แนวทาง Business-Continuity ขององค์กร"), ["business continuity"]) is not None
    assert find_support(_doc("ABCMART ร้านค้า"), ["BCM"]) is None


def test_a_negated_mention_does_not_support_the_fact() -> None:
    doc = _doc("แผนนี้ไม่ครอบคลุมภาวะฉุกเฉิน ซึ่งจะจัดทำแยกต่างหาก", "The plan has no BCM link yet.")
    assert find_support(doc, ABNORMAL) is None


def test_the_same_term_counts_when_a_later_mention_is_not_negated() -> None:
    doc = _doc("ยังไม่มีแผนภาวะฉุกเฉินในปีก่อน ปีนี้จัดทำแผนรับมือภาวะฉุกเฉินครบทุกสาขาแล้ว")
    support = find_support(doc, ABNORMAL)
    assert support is not None and support.matched_terms == ("ภาวะฉุกเฉิน",)


def test_all_parts_of_a_plus_term_must_share_one_sentence() -> None:
    terms = ["ข้อร้องเรียน + แผนยุทธศาสตร์"]
    assert find_support(_doc("ลดข้อร้องเรียนลงร้อยละ 20 เป็นเป้าหมายในแผนยุทธศาสตร์ด้านลูกค้า"), terms) is not None
    assert find_support(_doc("ลดข้อร้องเรียนลงร้อยละ 20", "แผนยุทธศาสตร์ด้านลูกค้า"), terms) is None


def test_the_sentence_matching_most_terms_wins() -> None:
    doc = _doc("มีการกล่าวถึง frontstage เพียงสั้น ๆ",
               "พิมพ์เขียวบริการ frontstage ส่วนหน้า ที่ลูกค้าพบเห็น ณ จุดสัมผัสทุกจุด")
    support = find_support(doc, ["frontstage", "ส่วนหน้า", "จุดที่ลูกค้าสัมผัส"])
    assert support is not None and support.passage.seq == 2


def test_nothing_found_is_none_and_find_all_covers_every_fact() -> None:
    doc = _doc("รายงานการประชุมประจำเดือน")
    assert find_support(doc, ABNORMAL) is None
    found = find_all(doc, {"recovery_abnormal": ABNORMAL, "minutes": ["รายงานการประชุม"]})
    assert found["recovery_abnormal"] is None and found["minutes"] is not None
