from datetime import date, datetime

import pandas as pd

from evidence.excel import cells
from evidence.excel.schema import BY_KEY, FAMILIES, Kind
from evidence.excel.writer import cell_value


def column(*values: object) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def test_buddhist_era_text_iso_text_and_date_cells_all_read_as_the_same_day():
    parsed = cells.parse_moment(column("15/01/2569", "2026-01-15", datetime(2569, 1, 15), date(2026, 1, 15)),
                                with_time=False)
    assert list(parsed.values) == [date(2026, 1, 15)] * 4
    assert not parsed.bad.any()


def test_impossible_or_unreadable_dates_are_flagged_with_a_thai_message():
    parsed = cells.parse_moment(column("31/02/2569", "พรุ่งนี้", 5, None, "  "), with_time=False)
    assert list(parsed.bad) == [True, True, True, False, False]
    assert "วว/ดด/ปปปป" in parsed.explain("พรุ่งนี้")


def test_date_times_accept_thai_clock_notation():
    parsed = cells.parse_moment(column("15/01/2569 08:30", "15/1/2569 8.30 น.", "2026-01-15 08:30:05"),
                                with_time=True)
    assert list(parsed.values) == [datetime(2026, 1, 15, 8, 30), datetime(2026, 1, 15, 8, 30),
                                   datetime(2026, 1, 15, 8, 30, 5)]


def test_whole_numbers_come_from_numbers_or_text_and_fractions_are_refused():
    parsed = cells.parse_int(column(1, "2", " 3 ", 4.0, 4.5, "สี่", None, 10**12))
    assert list(parsed.values) == [1, 2, 3, 4, None, None, None, None]
    assert list(parsed.bad) == [False, False, False, False, True, True, False, True]
    assert parsed.explain(10**12) == "ตัวเลขมากเกินไป"


def test_coded_values_are_read_from_their_thai_label_or_their_code():
    choices = BY_KEY["voc"].by_field["aspect"].choices
    parsed = cells.parse_choice(column("การทำธุรกรรม", "transaction", " TRANSACTION ", "อื่น ๆ"), choices)
    assert list(parsed.values) == ["transaction", "transaction", "transaction", None]
    assert "ผลิตภัณฑ์และบริการ" in parsed.explain("อื่น ๆ")


def test_references_resolve_by_code_and_ambiguous_titles_are_refused():
    parsed = cells.parse_ref(column("L01", "l01", "X", "แผน ก"), {"l01": 5, "แผน ก": cells.AMBIGUOUS}, "รหัสหน่วยงาน")
    assert list(parsed.values) == [5, 5, None, None]
    assert parsed.explain("X") == "ไม่พบรหัสหน่วยงาน 'X'"
    assert "มากกว่าหนึ่งรายการ" in parsed.explain("แผน ก")


def test_yes_and_no_are_understood_in_thai_and_english():
    parsed = cells.parse_bool(column("ใช่", "ไม่ใช่", True, 0, "yes", "บางที"))
    assert list(parsed.values) == [True, False, True, False, True, None]
    assert list(parsed.bad) == [False] * 5 + [True]


def test_control_characters_in_text_are_refused():
    parsed = cells.parse_text(column("ปกติ", "มี\x00ศูนย์", 12.0))
    assert list(parsed.values) == ["ปกติ", None, "12"]
    assert list(parsed.bad) == [False, True, False]


def test_every_family_has_unique_thai_headers_and_an_excel_safe_sheet_name():
    for family in FAMILIES:
        headers = [c.header for c in family.columns]
        assert len(headers) == len(set(headers)), family.key
        assert len(family.sheet) <= 31 and not set(family.sheet) & set("[]:*?/\\")
        assert all(n in family.by_field for n in family.natural_key)


def test_written_cells_read_back_to_the_stored_value():
    voc = BY_KEY["voc"]
    for name, value in (("received_on", date(2026, 1, 15)), ("aspect", "transaction"), ("quarter", 2)):
        col = voc.by_field[name]
        shown = cell_value(col, value)
        parser = {Kind.DATE: lambda s: cells.parse_moment(s, with_time=False), Kind.INT: cells.parse_int,
                  Kind.CHOICE: lambda s, c=col: cells.parse_choice(s, c.choices)}[col.kind]
        assert parser(column(shown)).values[0] == value
    assert cell_value(voc.by_field["received_on"], date(2026, 1, 15)) == "15/01/2569"
