"""Evidence file bytes, stored once per content (SHA-256) behind a small `Storage` interface.

`LocalStorage` keeps them under `SCM_DATA_DIR/files/ab/cd/abcd…`; `SCM_STORAGE_URL=s3://bucket/prefix`
selects an S3-compatible object store instead (`evidence.s3store.S3Storage`, same interface). Keys are
content hashes: a name given by a user never becomes part of a path. Media types are decided from the
bytes, not from the file name.
"""

import hashlib
import io
import os
import re
import tempfile
import zipfile
from functools import lru_cache
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

    def download_url(self, key: str, *, filename: str, media_type: str) -> str | None:
        """A short-lived URL the browser downloads the bytes from (an object store's pre-signed GET),
        or None when the portal serves them itself (files on the local disk)."""


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"not a content key: {key!r}")
    return key


class LocalStorage:
    """Files on the local disk, named by their SHA-256, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        check_key(key)
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

    def download_url(self, key: str, *, filename: str, media_type: str) -> str | None:
        return None  # the page serves the bytes (a download button)


def default_storage() -> Storage:
    """The store `SCM_STORAGE_URL` names: the local folder by default, an S3 bucket for `s3://…`."""
    settings = get_settings()
    url = settings.storage_url.strip()
    if not url:
        return LocalStorage(settings.files_dir)
    if url.startswith("s3://"):
        return _s3(url, settings.s3_endpoint_url, settings.s3_region, settings.s3_addressing_style,
                   settings.s3_url_seconds)
    from evidence.s3store import StorageError

    raise StorageError(f"SCM_STORAGE_URL '{url}' ไม่รองรับ: เว้นว่าง (เก็บไฟล์ในเครื่อง) หรือ s3://bucket/prefix",
                       field="SCM_STORAGE_URL")


@lru_cache(maxsize=4)
def _s3(url: str, endpoint: str, region: str, style: str, url_seconds: int) -> Storage:
    """One client per configuration (boto3 clients are thread-safe and slow to make)."""
    from evidence.s3store import S3Location, S3Storage, s3_client

    client = s3_client(endpoint_url=endpoint, region=region, addressing_style=style)
    return S3Storage(client, S3Location.parse(url), url_seconds=url_seconds)


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
