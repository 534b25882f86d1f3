"""Evidence file bytes in an S3-compatible object store (AWS S3, SeaweedFS, MinIO, Ceph RGW…), with boto3.

Selected by `SCM_STORAGE_URL=s3://bucket/prefix`; the endpoint of a store other than AWS comes from
`SCM_S3_ENDPOINT_URL`, the region from `SCM_S3_REGION` (or boto3's own `AWS_DEFAULT_REGION`), and the
credentials the way boto3 always finds them (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, a profile,
an instance role). Never in the portal's settings.

Keys are the content's SHA-256, as on disk: `<prefix>/files/ab/abcd…`. A PUT is atomic in S3 (an
object appears whole under its key or not at all) and carries the SHA-256 checksum, which the server
verifies before it stores anything, so a corrupted transfer never lands under the final key. Downloads
go by pre-signed URL (`download_url`), so the bytes pass between the store and the browser, never
through the portal's process. Generated documents (a finished job's result files: evidence packs,
reports, exports, backups) are uploaded from their file (`publish`, multipart, streamed) under
`<prefix>/exports/` and offered the same way (`evidence.jobs.store`).
"""

import base64
import hashlib
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlparse

from evidence.errors import DomainError

EXPORTS = "exports"  # generated documents offered for download (a finished job's result files)
INPUTS = "job-inputs"  # files handed to a job (an uploaded workbook), read by whichever worker runs it


class StorageError(DomainError):
    """The object store refused or lost a file; the Thai message says which and why."""


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str  # "" or "some/prefix/" (always ending in "/")

    @classmethod
    def parse(cls, url: str) -> "S3Location":
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise StorageError(f"SCM_STORAGE_URL '{url}' ต้องอยู่ในรูป s3://bucket/prefix", field="SCM_STORAGE_URL")
        prefix = parsed.path.strip("/")
        return cls(parsed.netloc, f"{prefix}/" if prefix else "")


def content_disposition(filename: str) -> str:
    """`attachment` with the Thai name (RFC 6266 / 5987 `filename*`) and an ASCII fallback."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)
    fallback = fallback.strip() or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _error_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _missing(error: Exception) -> bool:
    return _error_code(error) in ("404", "NoSuchKey", "NotFound")


class S3Storage:
    """The `evidence.filestore.Storage` interface on an S3 bucket (boto3 client: thread-safe, shared)."""

    def __init__(self, client: object, location: S3Location, *, url_seconds: int = 300) -> None:
        self.client = client
        self.location = location
        self.url_seconds = url_seconds

    def _object(self, key: str) -> str:
        from evidence.filestore import check_key

        check_key(key)
        return f"{self.location.prefix}files/{key[:2]}/{key}"

    def put(self, data: bytes) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        digest = hashlib.sha256(data)
        key = digest.hexdigest()
        if self.exists(key):
            return key
        checksum = base64.b64encode(digest.digest()).decode()
        try:
            answer = self.client.put_object(  # type: ignore[attr-defined]
                Bucket=self.location.bucket, Key=self._object(key), Body=data, ChecksumSHA256=checksum,
                ContentType="application/octet-stream")
        except (ClientError, BotoCoreError) as error:
            raise StorageError(f"บันทึกไฟล์ลงที่จัดเก็บ (S3) ไม่สำเร็จ ({_error_code(error) or type(error).__name__}) "
                               "จึงไม่ได้บันทึกไฟล์", field="file") from error
        if answer.get("ChecksumSHA256") not in (None, checksum):  # a store that stored something else
            self.delete(key)
            raise StorageError("ที่จัดเก็บ (S3) ได้รับไฟล์ไม่ตรงกับค่า SHA-256 จึงไม่ได้บันทึกไฟล์", field="file")
        return key

    def get(self, key: str) -> bytes:
        with self.open(key) as stream:
            data = stream.read()
        if hashlib.sha256(data).hexdigest() != key:
            raise StorageError(f"ไฟล์ {key[:12]}… ในที่จัดเก็บ (S3) ไม่ตรงกับค่า SHA-256 ที่บันทึกไว้", field="file")
        return data

    def open(self, key: str) -> BinaryIO:
        """The object's body as a stream read in chunks (botocore's StreamingBody)."""
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.location.bucket, Key=self._object(key))  # type: ignore[attr-defined]
        except ClientError as error:
            if _missing(error):
                raise FileNotFoundError(f"no object for {key}") from error
            raise
        return answer["Body"]  # type: ignore[no-any-return]

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.location.bucket, Key=self._object(key))  # type: ignore[attr-defined]
        except ClientError as error:
            if _missing(error):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        """Remove the bytes (PDPA erasure); a key already gone is not an error (S3 DELETE is idempotent)."""
        self.client.delete_object(Bucket=self.location.bucket, Key=self._object(key))  # type: ignore[attr-defined]

    def download_url(self, key: str, *, filename: str, media_type: str) -> str | None:
        """A pre-signed GET of the file, valid `url_seconds`, saved under its (Thai) name."""
        return self._presign(self._object(key), filename, media_type)

    def _presign(self, name: str, filename: str, media_type: str) -> str:
        return self.client.generate_presigned_url(  # type: ignore[attr-defined,no-any-return]
            "get_object", ExpiresIn=self.url_seconds,
            Params={"Bucket": self.location.bucket, "Key": name, "ResponseContentType": media_type,
                    "ResponseContentDisposition": content_disposition(filename)})

    # Generated documents (job results) and job inputs: uploaded from their file, swept when old.

    def _generated(self, name: str, areas: tuple[str, ...] = (EXPORTS, INPUTS)) -> str:
        if not any(name.startswith(f"{self.location.prefix}{area}/") for area in areas):
            raise StorageError("ไม่ใช่ไฟล์ที่พอร์ทัลจัดทำไว้ให้ดาวน์โหลด", field="file")
        return name

    def publish(self, path: Path, *, keep_seconds: int, area: str = EXPORTS) -> str:
        """Upload the file at `path` (multipart, streamed from disk, never held whole) under a fresh,
        unguessable name in `area`; returns that object name. Objects of the area older than
        `keep_seconds` are removed."""
        self.sweep_exports(keep_seconds, area=area)
        name = f"{self.location.prefix}{area}/{int(time.time())}-{uuid.uuid4().hex}/{path.name}"
        self.client.upload_file(str(path), self.location.bucket, name)  # type: ignore[attr-defined]
        return name

    def fetch(self, name: str, path: Path) -> None:
        """Download a published object to `path` (streamed; the caller gives a temporary name)."""
        from botocore.exceptions import ClientError

        try:
            self.client.download_file(self.location.bucket, self._generated(name), str(path))  # type: ignore[attr-defined]
        except ClientError as error:
            if _missing(error):
                raise FileNotFoundError(f"no object {name}") from error
            raise

    def export_url(self, name: str, *, filename: str, media_type: str) -> str:
        return self._presign(self._generated(name, (EXPORTS,)), filename, media_type)

    def delete_export(self, name: str) -> None:
        """Remove one published file (a job's result past its time, a job's input once the job ended);
        one already gone is not an error."""
        self.client.delete_object(Bucket=self.location.bucket, Key=self._generated(name))  # type: ignore[attr-defined]

    def sweep_exports(self, keep_seconds: int, *, area: str = EXPORTS) -> int:
        """Delete the area's objects published more than `keep_seconds` ago (their name starts with the time)."""
        cutoff = time.time() - keep_seconds
        prefix = f"{self.location.prefix}{area}/"
        old = []
        pages = self.client.get_paginator("list_objects_v2").paginate(  # type: ignore[attr-defined]
            Bucket=self.location.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                stamp = item["Key"][len(prefix):].split("-", 1)[0]
                if stamp.isdigit() and int(stamp) < cutoff:
                    old.append(item["Key"])
        for name in old:
            self.client.delete_object(Bucket=self.location.bucket, Key=name)  # type: ignore[attr-defined]
        return len(old)


def s3_client(*, endpoint_url: str | None, region: str | None, addressing_style: str) -> object:
    import boto3
    from botocore.config import Config

    style = addressing_style or ("path" if endpoint_url else "auto")
    config = Config(signature_version="s3v4", s3={"addressing_style": style},
                    retries={"max_attempts": 5, "mode": "standard"},
                    request_checksum_calculation="when_required", response_checksum_validation="when_required")
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url or None, region_name=region or None,
                                          config=config)
