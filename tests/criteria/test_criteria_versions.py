"""Versions: the newest file of a year is used; an administrator's edit becomes a new file, never an overwrite."""

import shutil
from pathlib import Path

import pytest

from criteria.errors import CriteriaError
from criteria.loader import (
    VERSIONS_DIR,
    criteria_from_text,
    list_versions,
    load_criteria,
    load_version,
    new_version,
    save_new_version,
)

SHIPPED = VERSIONS_DIR / "scm-2569.yaml"


@pytest.fixture
def versions(tmp_path: Path) -> Path:
    shutil.copy(SHIPPED, tmp_path / SHIPPED.name)
    return tmp_path


def test_shipped_file_round_trips_through_to_yaml() -> None:
    criteria = load_criteria(SHIPPED)
    assert criteria_from_text(criteria.to_yaml()) == criteria


def test_administrator_edit_becomes_a_new_version_and_the_old_file_is_untouched(versions: Path) -> None:
    before = (versions / SHIPPED.name).read_bytes()
    old = load_version(2569, versions)
    edited = new_version(
        old,
        version="2569.2",
        weights={"CM5.1": 4, "CM5.2": 6},
        texts={"CM5.3-L1-a": "มีช่องทางรับข้อร้องเรียนอย่างน้อยสามช่องทาง", "CM5.2": "การสร้างความผูกพัน"},
        change_note_th="ปรับน้ำหนัก 5.1/5.2 ตามคู่มือ",
    )
    path = save_new_version(edited, versions)

    assert path.name == "scm-2569.2.yaml"
    assert (versions / SHIPPED.name).read_bytes() == before
    newest = load_version(2569, versions)
    assert newest == edited
    assert (newest.version, newest.based_on, newest.change_note_th) == (
        "2569.2",
        "2569.1",
        "ปรับน้ำหนัก 5.1/5.2 ตามคู่มือ",
    )
    assert (newest.subtopic("CM5.1").weight, newest.subtopic("CM5.1").weight_source) == (4, "ปรับโดยผู้ดูแลระบบ")
    assert newest.item("CM5.3-L1-a").text_th == "มีช่องทางรับข้อร้องเรียนอย่างน้อยสามช่องทาง"
    assert newest.subtopic("CM5.2").name_th == "การสร้างความผูกพัน"
    assert old.subtopic("CM5.1").weight == 5


def test_newest_version_sorts_numerically(versions: Path) -> None:
    base = load_version(2569, versions)
    for minor in (9, 10):
        save_new_version(
            new_version(base, version=f"2569.{minor}", texts={"CM5.2": f"ฉบับ {minor}"}), versions
        )
    assert [v for v, _, _ in list_versions(versions)] == ["2569.1", "2569.9", "2569.10"]
    assert load_version(2569, versions).version == "2569.10"


def test_edit_whose_weights_no_longer_add_up_is_refused() -> None:
    with pytest.raises(CriteriaError) as refused:
        new_version(load_criteria(SHIPPED), version="2569.2", weights={"CM5.1": 6})
    assert refused.value.problems == [
        "parts[1].topics[4].subtopics: น้ำหนักหัวข้อย่อยรวมกันได้ 16 (CM5.1 6 + CM5.2 5 + CM5.3 5) "
        "ไม่เท่ากับน้ำหนักของหัวข้อ CM5 (15)"
    ]


def test_edit_naming_an_unknown_code_is_refused() -> None:
    with pytest.raises(CriteriaError) as refused:
        new_version(load_criteria(SHIPPED), version="2569.2", weights={"CM9.9": 1}, texts={"CM5.3-L9-a": "x"})
    assert refused.value.problems == [
        "weights.CM9.9: ไม่พบรหัส 'CM9.9' ในเกณฑ์",
        "texts.CM5.3-L9-a: ไม่พบรหัส 'CM5.3-L9-a' ในเกณฑ์",
    ]


def test_edit_keeping_the_same_version_string_is_refused() -> None:
    with pytest.raises(CriteriaError, match="ฉบับใหม่ต้องไม่ซ้ำกับฉบับเดิม"):
        new_version(load_criteria(SHIPPED), version="2569.1", texts={"CM5.2": "x"})


def test_saving_a_version_that_exists_is_refused(versions: Path) -> None:
    criteria = load_criteria(SHIPPED)
    with pytest.raises(CriteriaError) as refused:
        save_new_version(criteria, versions)
    assert refused.value.problems == ["version: มีเกณฑ์ฉบับ 2569.1 อยู่แล้ว ฉบับที่เผยแพร่แล้วแก้ไขไม่ได้"]


def test_year_without_criteria_is_refused(versions: Path) -> None:
    with pytest.raises(CriteriaError, match="ไม่มีเกณฑ์สำหรับปี 2570"):
        load_version(2570, versions)


def test_load_version_reads_the_shipped_directory_by_default() -> None:
    assert load_version(2569).version >= "2569.1"
