"""The search box's service and the search index the database keeps (issue 16, issue 17 §4)."""

from datetime import date, datetime

import pytest
from sqlalchemy import insert, text
from sqlmodel import col, select

from evidence.errors import ValidationFailed
from evidence.models import VocRecord
from evidence.models.pdpa import RequestKind
from evidence.models.search import SearchDoc
from evidence.pdpa.person_search import PersonQuery
from evidence.pdpa.subjects import erase_person, find_person_page, open_request
from evidence.services.records import create_record, delete_record, update_record
from evidence.services.search import query_terms, search_records
from evidence.services.search_index import installed_tables, sources, suspended
from tests.evidence.pdpa_world import PERSON, add_person_records, build_world, fast_hashing  # noqa: F401


@pytest.fixture
def world(session, fast_hashing):  # noqa: F811
    return build_world(session)


def _voc(session, world, ref: str, words: str, unit: str = "L1") -> VocRecord:
    record = create_record(session, world.actor("planner"), VocRecord, {
        "enterprise_id": world.enterprise_id, "year": 2569, "ref_no": ref, "org_unit_id": world.units[unit],
        "received_on": date(2026, 2, 1), "quarter": 2, "aspect": "transaction", "kind": "complaint", "text": words})
    session.commit()
    return record


def _found(session, world, username: str, query: str, **kw) -> list[tuple[str, int]]:
    page = search_records(session, world.actor(username), enterprise_id=world.enterprise_id, query=query, **kw)
    return [(h.record_table, h.record_id) for h in page.hits]


def test_thai_words_are_found_inside_a_longer_thai_text(session, world):
    voc = _voc(session, world, "V-T", "การตอบข้อร้องเรียนของลูกค้าล่าช้ามากในเดือนนี้")
    _voc(session, world, "V-U", "ลูกค้าชมเชยพนักงาน")
    assert query_terms("ข้อร้องเรียนล่าช้า") == ["ข้อ", "ร้องเรียน", "ล่าช้า"]
    # the words are not side by side in the text: each is found on its own, all must be there
    assert _found(session, world, "planner", "ข้อร้องเรียนล่าช้า") == [("vocrecord", voc.id)]
    assert _found(session, world, "planner", "ร้องเรียน ชมเชย") == []
    page = search_records(session, world.actor("planner"), enterprise_id=world.enterprise_id, query="ล่าช้า")
    assert page.hits[0].family == "เสียงของลูกค้า (VOC)" and page.hits[0].label == "V-T"
    assert page.hits[0].page == "views/voc.py" and "ล่าช้ามาก" in page.hits[0].snippet


def test_a_query_of_nothing_or_of_too_short_words_is_refused_in_thai(session, world):
    with pytest.raises(ValidationFailed, match="กรุณาพิมพ์คำที่ต้องการค้นหา"):
        search_records(session, world.actor("planner"), enterprise_id=world.enterprise_id, query="  % ")
    with pytest.raises(ValidationFailed, match="คำค้นต้องยาวอย่างน้อย 3 ตัวอักษร"):
        search_records(session, world.actor("planner"), enterprise_id=world.enterprise_id, query="ab")


def test_division_staff_find_only_their_own_units_records(session, world):
    mine = _voc(session, world, "V-1L", "ท่อประปาแตกหน้าหมู่บ้าน", unit="L1")
    theirs = _voc(session, world, "V-2L", "ท่อประปาแตกริมถนน", unit="L2")
    assert set(_found(session, world, "planner", "ท่อประปาแตก")) == {("vocrecord", mine.id), ("vocrecord", theirs.id)}
    assert _found(session, world, "staff1", "ท่อประปาแตก") == [("vocrecord", mine.id)]
    assert _found(session, world, "staff2", "ท่อประปาแตก") == []  # D2 is not under L1


def test_names_are_searched_only_for_those_who_see_them_and_snippets_are_masked(session, world):
    ids = add_person_records(session, world)
    assert ("complaintcase", ids["case"]) in _found(session, world, "planner", "มาลี")
    assert _found(session, world, "boss", "มาลี") == []  # an executive sees personal data masked: not searched
    assert _found(session, world, "boss", "0812345678") == []
    by_subject = search_records(session, world.actor("boss"), enterprise_id=world.enterprise_id, query="ใบแจ้งหนี้")
    assert [h.record_id for h in by_subject.hits] == [ids["voc"]]
    assert "081-234-5678" in by_subject.hits[0].snippet  # free text is shown as written (not a declared column)
    staff = search_records(session, world.actor("staff1"), enterprise_id=world.enterprise_id, query="ศรีสุข")
    # L1's staff see L1 and its department D1, not the stakeholder of L2 who holds the same name
    assert {(h.record_table, h.record_id) for h in staff.hits} == {("vocrecord", ids["voc"]),
                                                                   ("complaintcase", ids["case"])}


def test_results_come_a_page_at_a_time_with_the_total(session, world):
    made = [_voc(session, world, f"V-P{n}", f"น้ำขุ่นรอบที่ {n}").id for n in range(7)]
    first = search_records(session, world.actor("planner"), enterprise_id=world.enterprise_id, query="น้ำขุ่น",
                           page_size=3)
    third = search_records(session, world.actor("planner"), enterprise_id=world.enterprise_id, query="น้ำขุ่น",
                           page=2, page_size=3)
    assert first.total == third.total == 7
    assert [h.record_id for h in first.hits] == made[::-1][:3]  # newest first
    assert [h.record_id for h in third.hits] == made[:1]


def test_the_index_follows_every_edit_and_deletion(session, world):
    voc = _voc(session, world, "V-E", "มิเตอร์น้ำชำรุด")
    planner = world.actor("planner")
    update_record(session, planner, VocRecord, voc.id, expected_version=voc.version, changes={"text": "ฝาท่อหาย"})
    session.commit()
    assert _found(session, world, "planner", "มิเตอร์") == []
    assert _found(session, world, "planner", "ฝาท่อหาย") == [("vocrecord", voc.id)]
    delete_record(session, planner, VocRecord, voc.id, expected_version=voc.version)
    session.commit()
    assert session.exec(select(SearchDoc).where(SearchDoc.record_table == "vocrecord",
                                                SearchDoc.record_id == voc.id)).all() == []


def test_a_bulk_load_with_the_triggers_suspended_is_indexed_when_they_return(session, world, engine):
    session.commit()  # dropping triggers waits for every open transaction on the tables (PostgreSQL)
    with suspended(engine):
        with engine.begin() as conn:
            conn.execute(insert(VocRecord.__table__), [{  # type: ignore[attr-defined]
                "enterprise_id": world.enterprise_id, "year": 2569, "ref_no": f"V-B{n}", "org_unit_id": world.units["L1"],
                "received_on": date(2026, 2, 1), "quarter": 2, "aspect": "transaction", "kind": "complaint",
                "text": f"โหลดจำนวนมาก {n}", "status": "approved", "created_at": datetime(2026, 1, 1),
                "updated_at": datetime(2026, 1, 1), "created_by": "bench", "updated_by": "bench", "version": 1}
                for n in range(3)])
        with engine.connect() as conn:
            assert installed_tables(conn) == set()
    assert search_records(session, world.actor("planner"), enterprise_id=world.enterprise_id,
                          query="โหลดจำนวนมาก").total == 3
    test_every_searchable_table_has_its_index_triggers(engine)


def test_every_searchable_table_has_its_index_triggers(engine):
    with engine.connect() as conn:
        assert installed_tables(conn) == {s.table for s in sources()}


def test_person_search_pages_through_the_index_without_reading_every_hit(session, world):
    planner = world.actor("planner")
    for n in range(12):
        create_record(session, planner, VocRecord, {
            "enterprise_id": world.enterprise_id, "year": 2569, "ref_no": f"V-S{n}", "org_unit_id": world.units["L1"],
            "received_on": date(2026, 2, 1), "quarter": 2, "aspect": "transaction", "kind": "complaint",
            "text": "โทรแจ้ง", "customer_name": f"ลูกค้า {n}", "customer_phone": "02-555-0000"})
    request = open_request(session, planner, enterprise_id=world.enterprise_id, kind=RequestKind.ACCESS)
    session.commit()
    first = find_person_page(session, planner, request.id, PersonQuery(phone="025550000"), page_size=5)
    last = find_person_page(session, planner, request.id, PersonQuery(phone="025550000"), page=2, page_size=5)
    assert (first.records, first.pages) == (12, 3)
    assert [h.column for h in first.hits] == ["customer_phone"] * 5 and len(last.hits) == 2
    assert {h.record_id for h in first.hits}.isdisjoint({h.record_id for h in last.hits})
    if session.get_bind().dialect.name == "sqlite":
        plan = session.exec(text("EXPLAIN QUERY PLAN SELECT rowid FROM searchdoc_fts WHERE searchdoc_fts MATCH "
                                 "'{phones} : \"025550000\"'")).all()
        assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan)


def test_an_erasure_leaves_no_trace_in_the_search_index(session, world, engine):
    add_person_records(session, world)
    planner = world.actor("planner")
    request = open_request(session, planner, enterprise_id=world.enterprise_id, kind=RequestKind.ERASURE)
    session.commit()
    erase_person(session, planner, request.id, PersonQuery(**PERSON))
    session.commit()
    for column in ("body", "people", "emails"):
        for term in ("มาลี", "malee.s"):
            assert session.exec(select(SearchDoc.id).where(col(getattr(SearchDoc, column)).contains(term))).all() == []
    assert session.exec(select(SearchDoc.id).where(col(SearchDoc.phones).contains("0812345678"))).all() == []
    assert session.exec(select(SearchDoc.id).where(col(SearchDoc.body).contains("2345678"))).all() == []
    if engine.dialect.name == "sqlite":
        session.exec(text("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, searchdoc_fts, 'row')"))
        terms = {t for (t,) in session.exec(text("SELECT term FROM temp.vocab")).all()}
        assert {"มาล", "าลี", "ศรี", "รีส", "ีสุ", "สุข", "ale", "lee", "ee."} & terms == set()
        # FTS5 hides a deleted row's entries behind a delete marker until segments merge: after the purge
        # the index is one merged segment, so the erased trigrams are gone from the file, not just hidden
        segments = session.exec(text("SELECT count(DISTINCT id >> 37) FROM searchdoc_fts_data "
                                     "WHERE id >= (1 << 37)")).one()[0]
        assert segments == 1
