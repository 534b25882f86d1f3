"""Masking (evidence.masking) reaches the exports: the Excel workbook and the Word evidence pack show
phones and e-mails only to the planning team and to the division that owns the record."""

import io
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from sqlmodel import select

from evidence.access import SYSTEM, Actor, actor_for
from evidence.errors import PermissionDenied
from evidence.excel.exporter import export_workbook
from evidence.masking import mask_email, mask_phone, masked_row, sees_contacts_of
from evidence.models import AuditLog, ComplaintCase, Stakeholder
from evidence.services.users import find_user
from reports.file_source import store_source
from reports.jobs import make_evidence_pack
from tests.evidence.pdpa_world import fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


def _actor(session, username: str) -> Actor:
    return actor_for(session, find_user(session, username))


def _contacts(session, *, unit: int | None = None, outside: int | None = None) -> set[str]:
    """Raw complainant phones and e-mails (of one unit, or of every unit but one)."""
    values = set()
    for case in session.exec(select(ComplaintCase)).all():
        if (unit is None or case.org_unit_id == unit) and (outside is None or case.org_unit_id != outside):
            values |= {v for v in (case.complainant_phone, case.complainant_email) if v}
    return values


def _workbook_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for v in row if v is not None)


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_masking_keeps_the_last_four_digits_and_the_mail_domain():
    assert mask_phone("081-234-5678") == "xxx-xxx-5678"
    assert mask_email("malee.s@example.com") == "m***@example.com"


def test_who_sees_contacts_is_decided_in_one_place(session, demo):
    ops = _actor(session, "ops.staff")
    case = next(c for c in session.exec(select(ComplaintCase)).all()
                if c.org_unit_id not in ops.org_unit_ids and c.complainant_phone)
    for username, sees in (("admin", True), ("planner", True), ("executive", False), ("assessor", False)):
        actor = _actor(session, username)
        assert sees_contacts_of(actor, case.org_unit_id) is sees
        assert (masked_row(case, actor)["complainant_phone"] == case.complainant_phone) is sees
    assert sees_contacts_of(ops, min(ops.org_unit_ids)) and not sees_contacts_of(ops, None)


@pytest.mark.parametrize("username", ["executive", "assessor"])
def test_the_excel_export_masks_every_contact_for_executives_and_assessors(session, demo, username):
    text = _workbook_text(export_workbook(session, _actor(session, username), enterprise_id=demo, year=2569))
    assert not {v for v in _contacts(session) if v in text}
    assert "xxx-xxx-" in text


def test_the_excel_export_shows_a_division_only_its_own_units_contacts(session, demo):
    ops = _actor(session, "ops.staff")
    (unit,) = ops.org_unit_ids
    text = _workbook_text(export_workbook(session, ops, enterprise_id=demo, year=2569))
    assert not {v for v in _contacts(session, outside=unit) if v in text}
    assert {v for v in _contacts(session, unit=unit) if v in text}


def test_the_excel_export_shows_the_planning_team_every_contact(session, demo):
    text = _workbook_text(export_workbook(session, _actor(session, "planner"), enterprise_id=demo, year=2569))
    assert _contacts(session) <= set(text.split("\n"))


def _stakeholder_contacts(session) -> set[str]:
    values = set()
    for row in session.exec(select(Stakeholder)).all():
        values |= {v for v in (row.representative_phone, row.representative_email, row.coordinator_phone,
                               row.coordinator_email) if v}
    return values


@pytest.mark.parametrize("username", ["executive", "assessor"])
def test_the_word_evidence_pack_masks_contacts_for_executives_and_assessors(session, demo, tmp_path, username):
    pack = make_evidence_pack(session, _actor(session, username), enterprise_id=demo, year=2569, target=tmp_path,
                              source=store_source(tmp_path / "files"))
    text = _docx_text(pack.docx_path)
    assert not {v for v in _contacts(session) | _stakeholder_contacts(session) if v in text}
    assert "xxx-xxx-" in text


def test_the_word_evidence_pack_is_masked_by_default_even_for_the_planning_team(session, demo, tmp_path):
    pack = make_evidence_pack(session, _actor(session, "planner"), enterprise_id=demo, year=2569, target=tmp_path,
                              source=store_source(tmp_path / "files"))
    text = _docx_text(pack.docx_path)
    assert not {v for v in _contacts(session) | _stakeholder_contacts(session) if v in text}
    assert not session.exec(select(AuditLog).where(AuditLog.action == "export:personal")).all()


def test_the_planning_team_asks_for_an_unmasked_pack_and_it_is_audited_as_personal_data(session, demo, tmp_path):
    pack = make_evidence_pack(session, _actor(session, "planner"), enterprise_id=demo, year=2569, target=tmp_path,
                              source=store_source(tmp_path / "files"), unmasked=True)
    text = _docx_text(pack.docx_path)
    assert {v for v in _contacts(session) | _stakeholder_contacts(session) if v in text}
    assert session.exec(select(AuditLog).where(AuditLog.action == "export:personal").order_by(AuditLog.id)).all()


@pytest.mark.parametrize("username", ["executive", "assessor", None])
def test_an_unmasked_pack_is_refused_without_a_role_that_may_see_personal_data(session, demo, tmp_path, username):
    who = SYSTEM if username is None else _actor(session, username)
    with pytest.raises(PermissionDenied, match="ข้อมูลส่วนบุคคล"):
        make_evidence_pack(session, who, enterprise_id=demo, year=2569, target=tmp_path,
                           source=store_source(tmp_path / "files"), unmasked=True)
