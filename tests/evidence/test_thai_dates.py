"""Bangkok time for stored moments, Bangkok "today", Buddhist-Era parsing and the year's range."""

from datetime import date, datetime

import pytest

from evidence.excel import cells
from evidence.thai_dates import (
    ImpossibleDate,
    bangkok_date,
    fiscal_year,
    from_bangkok,
    parse_be_date,
    range_text,
    thai_date,
    thai_datetime,
    thai_wall_datetime,
    year_quarter,
)
from portal.components.be_date import parse_be

LATE_UTC = datetime(2026, 9, 30, 18, 30)  # 01:30 on 1 October 2026 in Bangkok


def test_an_upload_stored_after_bangkok_midnight_is_dated_the_next_day_in_the_new_fiscal_year():
    assert thai_datetime(LATE_UTC) == "1 ต.ค. 2569 01:30 น."
    assert thai_date(LATE_UTC) == "1 ตุลาคม 2569"
    assert bangkok_date(LATE_UTC) == date(2026, 10, 1)
    assert fiscal_year(bangkok_date(LATE_UTC)) == 2570 and fiscal_year(LATE_UTC.date()) == 2569


def test_a_typed_bangkok_time_is_stored_as_utc_and_a_typed_record_time_is_shown_as_typed():
    assert from_bangkok(datetime(2026, 10, 1, 1, 30)) == LATE_UTC
    assert thai_wall_datetime(datetime(2026, 1, 15, 9, 30)) == "15 ม.ค. 2569 09:30 น."


def test_an_impossible_day_is_told_apart_from_a_wrong_format():
    with pytest.raises(ImpossibleDate, match="ไม่มีวันที่นี้ในปฏิทิน"):
        parse_be_date("31/02/2569")
    with pytest.raises(ValueError) as wrong:
        parse_be("2569-xx-01")
    assert "กรุณากรอกแบบ" in str(wrong.value)
    with pytest.raises(ValueError, match="^'29/02/2569' ไม่มีวันที่นี้ในปฏิทิน$"):
        parse_be("29/02/2569")  # 2026 is not a leap year
    assert parse_be("29/02/2567") == date(2024, 2, 29)


def test_an_impossible_day_in_a_workbook_cell_says_so():
    import pandas as pd

    parsed = cells.parse_moment(pd.Series(["31/02/2569", "31-13-2569", "15/01/2569"], dtype=object), with_time=False)
    assert list(parsed.bad) == [True, True, False]
    assert parsed.explain("31/02/2569") == "'31/02/2569' ไม่มีวันที่นี้ในปฏิทิน"
    assert parsed.explain("31-13-2569") == "'31-13-2569' ต้องเป็นวันที่ในรูปแบบ วว/ดด/ปปปป (พ.ศ.)"


def test_the_year_range_and_quarters_follow_the_year_basis():
    assert range_text(date(2025, 10, 1), date(2026, 9, 30)) == "ต้องอยู่ระหว่าง 1 ต.ค. 2568 ถึง 30 ก.ย. 2569"
    fiscal = date(2025, 10, 1)
    assert [year_quarter(date(2025, 12, 31), fiscal), year_quarter(date(2026, 1, 1), fiscal),
            year_quarter(date(2026, 9, 30), fiscal)] == [1, 2, 4]
    assert year_quarter(date(2026, 5, 3), date(2026, 1, 1)) == 2  # a calendar-year enterprise

