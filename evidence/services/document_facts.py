"""Declared facts checked against the document (issue 11 §3): the passage that supports each one.

The text of a file is read once on upload (`evidence.services.readings`) and kept as passages with
their page or section; here each declared fact of a version in force is looked up in the passages of
that version's files with the fact's vocabulary (`criteria/fact_vocabulary.yaml`).
"""

from collections import defaultdict
from collections.abc import Mapping

from sqlmodel import Session, col, select

from criteria.snapshot import Citation, FileFact
from evidence.models import FilePassage


def find_facts(
    session: Session,
    versions: Mapping[int, tuple[tuple[str, ...], tuple[int, ...]]],
    files: Mapping[int, FileFact],
) -> dict[int, dict[str, Citation]]:
    """version id → {fact code → the passage citation that supports it} for the facts found."""
    wanted = {fid for codes, fids in versions.values() if codes for fid in fids}
    if not wanted:
        return {}
    rows = session.exec(
        select(FilePassage).where(col(FilePassage.file_id).in_(wanted)).order_by(FilePassage.file_id, FilePassage.seq)
    ).all()
    if not rows:
        return {}
    from criteria.fact_vocabulary import load_fact_vocabulary
    from evidence.reading.find import find_support
    from evidence.reading.passages import Passage

    vocabulary = load_fact_vocabulary()
    by_file: dict[int, list[Passage]] = defaultdict(list)
    for row in rows:
        by_file[row.file_id].append(Passage(row.seq, row.page, row.section, row.locator_th, row.text))
    found: dict[int, dict[str, Citation]] = {}
    for vid, (codes, fids) in versions.items():
        hits: dict[str, Citation] = {}
        for code in codes:
            terms = vocabulary.get(code)
            if terms is None:
                continue
            for fid in fids:
                support = find_support(by_file.get(fid, ()), terms.terms)
                if support is not None:
                    fact = files.get(fid)
                    hits[code] = Citation(
                        "passage", f"{terms.label_th}: {support.locator_th}", file_id=fid,
                        file_name=fact.name if fact else None, sha256=fact.sha256 if fact else None,
                        locator=support.locator_th, quote=support.quote,
                    )  # fmt: skip
                    break
        found[vid] = hits
    return found
