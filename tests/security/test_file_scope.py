"""Evidence files follow the scope and masking of the record they are attached to (issue 14 item 6):
a complaint letter attached in one line is neither listed nor downloadable by another line, the
executive or the assessor; files proving a criteria item stay visible to every reader."""

import pytest
from sqlmodel import select

from evidence.errors import PermissionDenied
from evidence.models import AuditLog
from evidence.services.files import list_files, read_file, upload_file
from tests.evidence.pdpa_world import add_person_records

LETTER = b"%PDF-1.4\n% complaint letter with the complainant's address\n%%EOF"
PROOF = b"%PDF-1.4\n% board minutes approving the complaint policy\n%%EOF"


def _files(session, world):
    ids = add_person_records(session, world)
    planner = world.actor("planner")
    letter = upload_file(session, planner, enterprise_id=world.enterprise_id, year=2569, name="letter.pdf",
                         data=LETTER, record=("complaintcase", ids["case"]))  # a complaint of unit D1 (line L1)
    proof = upload_file(session, planner, enterprise_id=world.enterprise_id, year=2569, name="minutes.pdf",
                        data=PROOF)
    session.commit()
    return letter, proof


@pytest.mark.parametrize("username", ["staff2", "boss", "judge"])  # another line, the executive, the assessor
def test_a_complaint_letter_is_neither_listed_nor_downloadable_outside_its_line(session, world, username):
    letter, proof = _files(session, world)
    actor = world.actor(username)
    entries, total = list_files(session, actor, enterprise_id=world.enterprise_id)
    assert [e.file.id for e in entries] == [proof.id] and total == 1
    with pytest.raises(PermissionDenied):
        read_file(session, actor, letter.id)
    denied = session.exec(select(AuditLog).where(AuditLog.action == "denied", AuditLog.actor == username)).all()
    assert [(r.table_name, r.record_id) for r in denied] == [("evidencefile", letter.id)]
    assert read_file(session, actor, proof.id)[1] == PROOF


@pytest.mark.parametrize("username", ["planner", "staff1"])  # the planning team, the line that owns the case
def test_the_owning_line_and_the_planning_team_still_see_the_letter(session, world, username):
    letter, proof = _files(session, world)
    actor = world.actor(username)
    entries, total = list_files(session, actor, enterprise_id=world.enterprise_id)
    assert {e.file.id for e in entries} == {letter.id, proof.id} and total == 2
    assert read_file(session, actor, letter.id)[1] == LETTER
