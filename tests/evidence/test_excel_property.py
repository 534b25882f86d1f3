"""Malformed workbooks never crash the importer and never leave part of a file stored."""

import string
from datetime import date, datetime
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.errors import DomainError
from evidence.excel.importer import import_file
from evidence.excel.schema import BY_KEY, FAMILIES
from tests.evidence.excel_support import (
    VOC_HEADERS,
    demo_actor,
    family_counts,
    voc_row,
    workbook,
)

KNOWN_HEADERS = sorted({c.header for f in FAMILIES for c in f.columns})
SHEETS = [f.sheet for f in FAMILIES]
CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2700, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)),
    st.text(alphabet=string.printable.replace("\x0b", "").replace("\x0c", "") + "กขคงจ๑๒๓ ่ ้", max_size=40),
    st.sampled_from(["15/01/2569", "31/02/2569", "2026-01-15", "D041", "L05", "SEG-HH", "CH-APP", "ใช่", "ไม่ใช่",
                     "การทำธุรกรรม", "need", "VOC-69-0001", "CMP-69-0001", "SH-L01-01", "x" * 3000]),
)


@st.composite
def malformed_workbooks(draw: st.DrawFn) -> bytes:
    sheets = {}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from([*SHEETS, "Sheet1", "คำแนะนำ"]))
        headers = draw(st.lists(st.sampled_from([*KNOWN_HEADERS, "อื่น ๆ", ""]), min_size=0, max_size=8))
        rows = draw(st.lists(st.lists(CELLS, min_size=len(headers), max_size=len(headers)), max_size=6))
        sheets[name] = [headers, *rows]
    return workbook(sheets)


@st.composite
def partly_valid_workbooks(draw: st.DrawFn) -> bytes:
    """Good VOC rows with, here and there, one cell replaced by anything at all."""
    rows = []
    for n in range(draw(st.integers(1, 6))):
        row = voc_row(f"H-{n}", quarter=draw(st.integers(1, 4)))
        if draw(st.booleans()):
            row[draw(st.integers(0, len(row) - 1))] = draw(CELLS)
        rows.append(row)
    return workbook({"VOC": [VOC_HEADERS, *rows]})


@cache
def good_file() -> bytes:
    """One valid workbook, built once: its bytes must not change between examples (openpyxl stamps times)."""
    return workbook({"VOC": [VOC_HEADERS, voc_row("P-1"), voc_row("P-2")]})


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    good = good_file()
    kind = draw(st.sampled_from(["truncated", "flipped", "random"]))
    if kind == "truncated":
        return good[: draw(st.integers(0, len(good) - 1))]
    if kind == "flipped":
        position = draw(st.integers(0, len(good) - 1))
        return good[:position] + bytes([good[position] ^ 0xFF]) + good[position + 1:]
    return draw(st.binary(min_size=0, max_size=400))



def _import_and_check(session, actor, data: bytes, filename: str) -> None:
    before = family_counts(session)
    try:
        report = import_file(session, actor, data=data, filename=filename, enterprise_id=actor.enterprise_id,
                             year=2569)
    except DomainError:
        session.rollback()
        assert family_counts(session) == before
        return
    session.commit()
    after = family_counts(session)
    if not report.stored:
        assert after == before
        return
    created = sum(s.created for s in report.sheets)
    assert sum(after.values()) - sum(before.values()) == created + 1  # + the import's audit row


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=malformed_workbooks())
def test_malformed_workbooks_are_refused_or_stored_whole(session, demo, data):
    _import_and_check(session, demo_actor(session, "planner"), data, "random.xlsx")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=partly_valid_workbooks())
def test_a_file_with_some_bad_cells_is_stored_whole_or_not_at_all(session, demo, data):
    _import_and_check(session, demo_actor(session, "planner"), data, "voc.xlsx")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged_files(), filename=st.sampled_from(["voc.xlsx", "voc.csv", "voc"]))
def test_damaged_or_foreign_files_never_crash_the_importer(session, demo, data, filename):
    _import_and_check(session, demo_actor(session, "planner"), data, filename)


def test_a_valid_file_after_the_random_ones_still_imports(session, demo):
    report = import_file(session, demo_actor(session, "planner"), enterprise_id=demo, year=2569, filename="voc.xlsx",
                         data=workbook({"VOC": [VOC_HEADERS, voc_row("P-1")]}))
    assert report.stored and BY_KEY["voc"].model.__tablename__ == "vocrecord"
