"""A killed or failing job leaves no truncated pack beside a complete-looking .docx: packs, reports
and the files the CLI writes go to a temporary name and are renamed when whole (issue 14 item 17)."""

import pytest

import reports.jobs as jobs
from reports.file_source import store_source
from reports.jobs import make_evidence_pack, write_atomically
from tests.evidence.excel_support import demo_actor


def test_a_pack_that_fails_half_way_leaves_nothing_under_its_name(session, demo, tmp_path, monkeypatch):
    def zip_then_die(path, **_kwargs):
        path.write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jobs, "write_evidence_zip", zip_then_die)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "pack.zip"
    with pytest.raises(OSError):
        make_evidence_pack(session, demo_actor(session, "planner"), enterprise_id=demo, year=2569, target=target,
                           source=store_source())
    assert sorted(p.name for p in out.iterdir()) == []  # no .zip, no .docx, no partial file


def test_a_finished_pack_is_complete_under_its_name(session, demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "pack.zip"
    pack = make_evidence_pack(session, demo_actor(session, "planner"), enterprise_id=demo, year=2569, target=target,
                              source=store_source())
    assert sorted(p.name for p in out.iterdir()) == ["pack.docx", "pack.zip"]
    assert pack.zip_path.read_bytes()[:2] == b"PK"


def test_a_write_that_fails_keeps_the_previous_file_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    path = out / "report.docx"
    path.write_bytes(b"the previous, complete report")


    def dying_write(self, data):  # the disk fills up half way through
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(path), "write_bytes", dying_write)
    with pytest.raises(OSError):
        write_atomically(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"the previous, complete report"
    assert [p.name for p in out.iterdir()] == ["report.docx"]
