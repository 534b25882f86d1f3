"""The evidence pack's view of the file store: does a file exist, and a stream of its bytes
(read in chunks by the zip writer, never all files at once)."""

from pathlib import Path
from typing import BinaryIO

from evidence.filestore import LocalStorage, Storage, default_storage
from evidence.services.report_data import FileFact


class StoreSource:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def exists(self, file: FileFact) -> bool:
        try:
            return self.storage.exists(file.storage_key)
        except ValueError:  # a key that is not a content hash names no stored file
            return False

    def open(self, file: FileFact) -> BinaryIO:
        return self.storage.open(file.storage_key)


def store_source(root: Path | None = None) -> StoreSource:
    """The portal's file store (SCM_DATA_DIR/files), or the local store under `root`."""
    return StoreSource(LocalStorage(root) if root is not None else default_storage())
