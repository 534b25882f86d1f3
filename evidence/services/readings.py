"""Reading an evidence file's text once per content (issue 11 §2), kept as passages with their place.

`read_text_of` runs the extraction (`evidence.reading.extract`: a child process bounded in time and
memory; PDF per page, DOCX per paragraph and heading, Tesseract's Thai model for scans where installed)
and stores its state and passages. An upload only marks its file "pending" (`mark_pending`); the page
then calls `start_pending_reader`, which reads waiting files on a worker thread with its own session,
so an upload never waits for it. The command line reads synchronously (`read_pending`).
"""

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from sqlmodel import Session, col, delete, select

from evidence.filestore import Storage, default_storage
from evidence.models import EvidenceFile, FilePassage, FileReading
from evidence.models.documents import READING_STATE_TH as READING_TH  # noqa: F401  (labels)
from evidence.models.documents import ReadingState

if TYPE_CHECKING:
    from evidence.reading.passages import Extraction

log = logging.getLogger(__name__)

def reading_of(session: Session, file_id: int) -> FileReading | None:
    return session.exec(select(FileReading).where(FileReading.file_id == file_id)).first()


def read_text_of(session: Session, file: EvidenceFile, data: bytes) -> FileReading:
    """Extract and store the passages of a file (once: a file already read is left as it is)."""
    existing = reading_of(session, int(file.id or 0))
    if existing is not None and existing.state != ReadingState.PENDING:
        return existing
    from evidence.reading.extract import extract

    return _store(session, file, existing, extract(data, file.media_type, file.name))


def read_many(session: Session, files: Sequence[tuple[EvidenceFile, bytes]]) -> None:
    """Read several files at once (each extraction is its own child process) and store them."""
    from evidence.reading.extract import extract

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda pair: extract(pair[1], pair[0].media_type, pair[0].name), files))
    for (file, _), result in zip(files, results, strict=True):
        _store(session, file, reading_of(session, int(file.id or 0)), result)


def _store(session: Session, file: EvidenceFile, existing: FileReading | None, result: "Extraction") -> FileReading:
    reading = existing or FileReading(file_id=int(file.id or 0))
    reading.state = ReadingState(result.state)
    reading.message_th = result.message_th
    reading.pages = result.pages
    session.add(reading)
    session.exec(delete(FilePassage).where(col(FilePassage.file_id) == file.id))  # type: ignore[call-overload]
    session.add_all(
        FilePassage(file_id=int(file.id or 0), seq=p.seq, page=p.page, section=(p.section or None) and p.section[:300],
                    locator_th=p.locator_th[:200], text=p.text)
        for p in result.passages
    )  # fmt: skip
    session.flush()
    return reading


def mark_pending(session: Session, file: EvidenceFile) -> None:
    if reading_of(session, int(file.id or 0)) is None:
        session.add(FileReading(file_id=int(file.id or 0), state=ReadingState.PENDING))
        session.flush()


def read_pending(session: Session, *, storage: Storage | None = None, limit: int = 50) -> int:
    """Read the files still waiting (oldest first); returns how many were read. Commits per file."""
    done = 0
    store = storage or default_storage()
    pending = session.exec(
        select(FileReading.file_id).where(FileReading.state == ReadingState.PENDING).order_by(col(FileReading.id)).limit(limit)
    ).all()
    for file_id in pending:
        file = session.get(EvidenceFile, file_id)
        if file is None:
            continue
        read_text_of(session, file, store.get(file.storage_key))
        session.commit()
        done += 1
    return done


_reader_lock = threading.Lock()


def start_pending_reader() -> bool:
    """Read waiting files on one worker thread of this process (the page does not wait); False when a
    reader is already running."""
    if not _reader_lock.acquire(blocking=False):
        return False
    from evidence.db import get_engine

    def work() -> None:
        try:
            with Session(get_engine()) as session:
                while read_pending(session):
                    pass
        except Exception:  # the file stays "pending" and is read on the next start; nothing else changes
            log.exception("reading the text of evidence files failed")
        finally:
            _reader_lock.release()

    threading.Thread(target=work, name="read-evidence-files", daemon=True).start()
    return True
