"""Evidence file bytes, stored once per content (SHA-256) behind a small `Storage` interface.

`LocalStorage` keeps them under `SCM_DATA_DIR/files/ab/cd/abcd…`; an object store can replace it by
implementing the same three methods. Keys are content hashes: a name given by a user never becomes
part of a path. Media types are decided from the bytes, not from the file name.
"""

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO, Protocol

from evidence.settings import get_settings

_KEY = re.compile(r"^[0-9a-f]{64}$")

MEDIA_TYPES_TH = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (XLSX)",
    "image/png": "รูปภาพ PNG",
    "image/jpeg": "รูปภาพ JPEG",
    "image/gif": "รูปภาพ GIF",
    "image/webp": "รูปภาพ WEBP",
}


class Storage(Protocol):
    def put(self, data: bytes) -> str:
        """Store `data`; return its key (the same bytes always get the same key)."""

    def get(self, key: str) -> bytes: ...

    def open(self, key: str) -> BinaryIO:
        """A binary stream of the stored bytes (large files are read in chunks, never whole)."""

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalStorage:
    """Files on the local disk, named by their SHA-256, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a content key: {key!r}")
        return self.root / key[:2] / key[2:4] / key

    def put(self, data: bytes) -> str:
        key = content_key(data)
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def delete(self, key: str) -> None:
        """Remove the bytes (PDPA erasure); a key already gone is not an error."""
        self._path(key).unlink(missing_ok=True)


def default_storage() -> Storage:
    return LocalStorage(get_settings().files_dir)


def sniff_media_type(data: bytes) -> str | None:
    """The media type the bytes really are (among those the portal accepts), or None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def _office_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def display_name(name: str) -> str:
    """A user's file name as shown (never as a path): last path part, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    return (base or "ไฟล์หลักฐาน")[:300]
