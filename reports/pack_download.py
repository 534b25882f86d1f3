"""Offer a finished evidence pack for download without the portal's process holding the archive.

On an object store (`SCM_STORAGE_URL=s3://…`) the .zip is uploaded from its file (multipart, streamed)
under the store's `exports/` and offered as a short-lived pre-signed URL, so its bytes go from the store
to the browser and never through Streamlit; the local copy is deleted at once, and uploads older than
a session (`SCM_SESSION_MINUTES`) are swept on the next publication. On the local disk the pack stays
in the temp folder and the page serves it (`reports.jobs.take_pack`), as before.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from evidence.filestore import Storage, default_storage
from evidence.s3store import S3Storage
from evidence.settings import get_settings
from reports.jobs import PACKS_DIR

ZIP_TYPE = "application/zip"


@dataclass(frozen=True)
class PackOffer:
    filename: str
    path: Path | None = None  # the local disk: the .zip the page serves
    object_name: str = ""  # the object store: where the .zip was uploaded


def offer_pack(zip_path: Path, storage: Storage | None = None) -> PackOffer:
    store = storage or default_storage()
    if not isinstance(store, S3Storage):
        return PackOffer(zip_path.name, path=zip_path)
    name = store.publish(zip_path, keep_seconds=get_settings().session_minutes * 60)
    if zip_path.parent.parent.name == PACKS_DIR:  # the portal's own pack folder: nothing of it stays
        shutil.rmtree(zip_path.parent, ignore_errors=True)
    else:
        zip_path.unlink(missing_ok=True)
    return PackOffer(zip_path.name, object_name=name)


def pack_url(offer: PackOffer, storage: Storage | None = None) -> str | None:
    """A fresh pre-signed URL of an uploaded pack (valid `SCM_S3_URL_SECONDS`), or None on the local disk."""
    if not offer.object_name:
        return None
    store = storage or default_storage()
    if not isinstance(store, S3Storage):
        return None
    return store.export_url(offer.object_name, filename=offer.filename, media_type=ZIP_TYPE)
