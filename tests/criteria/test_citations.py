"""Citations and warnings of item results (issue 11 §5, §6): every file behind a verdict is named."""

from criteria.citations import FILE_ITEMS_WARNING, cite, claim_warnings
from criteria.snapshot import Citation, Claim, EvidenceRef, EvidenceSnapshot, FileFact

FILES = {7: FileFact(7, "policy.pdf", "ab" * 32), 8: FileFact(8, "minutes.docx", "cd" * 32)}


def snap(**kw: object) -> EvidenceSnapshot:
    return EvidenceSnapshot(enterprise_id=1, year=2569, files=FILES, **kw)  # type: ignore[arg-type]


def test_a_record_cited_as_evidence_brings_its_files_with_name_and_short_hash() -> None:
    refs = [EvidenceRef("survey", 3, "การสำรวจใหญ่", (7, 8))]
    cited = cite((), refs, snap())
    assert [(c.kind, c.label, c.short_hash) for c in cited] == [
        ("record", "การสำรวจใหญ่", None),
        ("file", "policy.pdf", "ab" * 6),
        ("file", "minutes.docx", "cd" * 6),
    ]


def test_a_rules_own_citation_of_a_record_is_not_repeated() -> None:
    own = Citation("document", "นโยบาย (ฉบับ 2)", table="documentversion", record_id=5)
    cited = cite([own], [EvidenceRef("documentversion", 5, "นโยบาย (ฉบับ 2)", (7,))], snap())
    assert [c.kind for c in cited] == ["document", "file"]


def test_a_file_claimed_for_more_items_than_the_setting_is_flagged_on_each_claim() -> None:
    ref = EvidenceRef("file", 7, "policy.pdf")
    many = {f"CM{i}": Claim(f"CM{i}", "claimed", "", (ref,)) for i in range(FILE_ITEMS_WARNING + 1)}
    (warning,) = claim_warnings("CM0", (ref,), snap(claims=many))
    assert warning.startswith(f"ไฟล์ 'policy.pdf' ใช้อ้างเป็นหลักฐานของ {FILE_ITEMS_WARNING + 1} รายการ")
    few = dict(list(many.items())[:FILE_ITEMS_WARNING])
    assert claim_warnings("CM0", (ref,), snap(claims=few)) == ()
