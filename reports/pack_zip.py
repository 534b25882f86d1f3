"""The evidence pack's .zip: the .docx, every evidence file once (streamed in chunks from the file store,
its SHA-256 checked on the way), the register workbooks, and `index.csv` of paths, hashes and pages."""

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from evidence.thai_dates import bangkok, thai_date
from reports.pack_types import EvidencePackError, FileSource, PackEntry, PackLayout

INDEX_NAME = "index.csv"
CHUNK_BYTES = 1024 * 1024
INDEX_COLUMNS = ("path", "sha256", "size_bytes", "name", "media_type", "pages", "uploaded_at", "uploaded_at_th",
                 "uploaded_by", "subtopics", "items")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Already-compressed formats are stored as they are; everything else is deflated.
_STORED_SUFFIXES = {".zip", ".docx", ".xlsx", ".pptx", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4",
                    ".mp3", ".gz", ".7z", ".rar", ".pdf", ".heic"}
_MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".pdf": "application/pdf"}


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one beginning with = + - @ (a formula) gets a leading quote."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def index_rows(layout: PackLayout, documents: Iterable[tuple[str, bytes]] = ()) -> list[dict[str, str]]:
    """One row per document and per evidence file (each file once, with every sub-topic citing it);
    upload times in Bangkok time with their offset."""
    rows = [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size_bytes": str(len(data)), "name": Path(name).name,
         "media_type": _MEDIA.get(Path(name).suffix, "application/octet-stream"), "pages": "",
         "uploaded_at": "", "uploaded_at_th": "", "uploaded_by": "", "subtopics": "", "items": ""}
        for name, data in documents
    ]
    for entry in layout.entries:
        f = entry.file
        rows.append({
            "path": entry.path, "sha256": f.sha256, "size_bytes": str(f.size), "name": f.name,
            "media_type": f.media_type, "pages": "" if entry.pages is None else str(entry.pages),
            "uploaded_at": bangkok(f.uploaded_at).isoformat(timespec="seconds") + "+07:00",
            "uploaded_at_th": thai_date(f.uploaded_at), "uploaded_by": f.uploaded_by,
            "subtopics": " ".join(entry.subtopics), "items": " ".join(entry.items),
        })
    return rows


def index_csv(rows: Sequence[Mapping[str, str]]) -> bytes:
    """UTF-8 with a byte-order mark so spreadsheet programs read the Thai names."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=INDEX_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(str(v)) for k, v in row.items()} for row in rows)
    return text.getvalue().encode("utf-8-sig")


def _compression(name: str) -> int:
    return zipfile.ZIP_STORED if Path(name).suffix.lower() in _STORED_SUFFIXES else zipfile.ZIP_DEFLATED


def _stream_into(archive: zipfile.ZipFile, entry: PackEntry, source: FileSource) -> None:
    f = entry.file
    info = zipfile.ZipInfo(entry.path, date_time=bangkok(f.uploaded_at).timetuple()[:6])
    info.compress_type = _compression(f.name)
    info.file_size = f.size
    digest = hashlib.sha256()
    with source.open(f) as reader, archive.open(info, mode="w", force_zip64=f.size > 2**31) as writer:
        while chunk := reader.read(CHUNK_BYTES):
            digest.update(chunk)
            writer.write(chunk)
    if digest.hexdigest() != f.sha256:
        raise EvidencePackError(
            f"ไฟล์ '{f.name}' ในที่จัดเก็บไม่ตรงกับค่า SHA-256 ที่บันทึกไว้ ({f.sha256[:12]}…): ไม่ได้จัดทำชุดหลักฐาน"
        )


def write_evidence_zip(
    target: Path,
    *,
    docx_name: str,
    docx: bytes,
    layout: PackLayout,
    source: FileSource,
    extras: Sequence[tuple[str, bytes]] = (),
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the zip to `target` (a file: the archive is never held in memory); `extras` are further
    documents (register workbooks, a PDF) by path; returns the entry count."""
    with zipfile.ZipFile(target, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(docx_name, docx, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in extras:
            archive.writestr(name, data, compress_type=_compression(name))
        total = len(layout.entries)
        for n, entry in enumerate(layout.entries, start=1):
            _stream_into(archive, entry, source)
            if progress is not None and (n % 50 == 0 or n == total):
                progress(n, total)
        archive.writestr(INDEX_NAME, index_csv(index_rows(layout, [(docx_name, docx), *extras])))
    return len(layout.entries) + 2 + len(extras)
