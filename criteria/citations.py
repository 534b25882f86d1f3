"""Citations of a verdict (issue 11 §5): what a rule or claim rests on, down to the file and its hash.

Rules return their own citations (documents, approvals, passages, register rows that pass or fail);
every record they name as evidence adds the files linked to it, with name and short SHA-256, so a file
linked to an item is never left out of the score page, `score --json`, the report or the pack.
"""

from collections.abc import Iterable, Mapping

from criteria.snapshot import Citation, EvidenceRef, EvidenceSnapshot, FileFact

FILE_ITEMS_WARNING = 5  # a file backing more items than this is flagged (shown with its setting)


def file_citation(files: Mapping[int, FileFact], file_id: int, *, locator: str | None = None) -> Citation:
    fact = files.get(file_id)
    if fact is None:
        return Citation("file", f"ไฟล์หลักฐาน #{file_id}", file_id=file_id, locator=locator)
    return Citation(
        "file", fact.name, file_id=file_id, file_name=fact.name, sha256=fact.sha256, locator=locator
    )


def cite(
    own: Iterable[Citation], evidence: Iterable[EvidenceRef], snapshot: EvidenceSnapshot
) -> tuple[Citation, ...]:
    """The rule's own citations, then each evidence record and the files linked to it (deduplicated)."""
    found: list[Citation] = list(own)
    cited_records = {(c.table, c.record_id) for c in found if c.table}
    cited_files = {c.file_id for c in found if c.file_id is not None}
    for ref in evidence:
        rid = ref.record_id if isinstance(ref.record_id, int) else None
        if ref.table != "file" and (ref.table, rid) not in cited_records:
            found.append(Citation("record", ref.label, table=ref.table, record_id=rid))
            cited_records.add((ref.table, rid))
        file_ids = ref.file_ids if ref.table != "file" else (*ref.file_ids, *([rid] if rid else []))
        for file_id in file_ids:
            if file_id not in cited_files:
                found.append(file_citation(snapshot.files, file_id))
                cited_files.add(file_id)
    return tuple(dict.fromkeys(found))


def claim_warnings(item_id: str, evidence: Iterable[EvidenceRef], snapshot: EvidenceSnapshot) -> tuple[str, ...]:
    """Warnings on a claim; the register's own warnings come from the rules (documents, approvals)."""
    del item_id, evidence, snapshot
    return ()
