"""The evidence pack's view of the file store: does a file exist, and a stream of its bytes.

`LocalStorage` files are opened from disk and read in chunks; a store that offers `open(key)` is
streamed the same way; any other `Storage` is read one file at a time through `get` (never all files
at once).
"""

import io
from pathlib import Path
from typing import BinaryIO

from evidence.filestore import LocalStorage, Storage, default_storage
from evidence.services.report_data import FileFact


class LocalFileStorage(LocalStorage):
    """`LocalStorage` that also hands out a file object, so the pack streams instead of loading bytes."""

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")


class StoreSource:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def exists(self, file: FileFact) -> bool:
        try:
            return self.storage.exists(file.storage_key)
        except ValueError:  # a key that is not a content hash names no stored file
            return False

    def open(self, file: FileFact) -> BinaryIO:
        opener = getattr(self.storage, "open", None)
        if callable(opener):
            return opener(file.storage_key)  # type: ignore[no-any-return]
        return io.BytesIO(self.storage.get(file.storage_key))


def store_source(root: Path | None = None) -> StoreSource:
    """The portal's file store (SCM_DATA_DIR/files), or the local store under `root`."""
    if root is not None:
        return StoreSource(LocalFileStorage(root))
    storage = default_storage()
    if isinstance(storage, LocalStorage) and not hasattr(storage, "open"):
        return StoreSource(LocalFileStorage(storage.root))
    return StoreSource(storage)
