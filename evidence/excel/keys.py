"""Natural keys repeated within one sheet, found across its chunks of rows in little memory.

A sheet is checked a chunk at a time (`evidence.excel.reader.CHUNK_ROWS` rows), and a key given twice
anywhere in it is a problem of the later row. Every key seen so far is kept as a 64-bit digest of its
typed value (BLAKE2b of its `repr`) beside the row that first held it, in two sorted NumPy arrays:
16 bytes a key (the 500,000 VOC keys of a year at scale L: 8 MB), where a dict of the keys themselves
took about 75 MB of Python strings, tuples and integers. Two different keys share a digest with a
probability of about n² / 2⁶⁵ (2 × 10⁻⁹ for 500,000 keys); such a pair would be reported as a repeat.
"""

from collections.abc import Sequence
from hashlib import blake2b

import numpy as np


def digest(key: object) -> int:
    """The key's 64-bit digest (stable across processes and runs, unlike `hash`)."""
    return int.from_bytes(blake2b(repr(key).encode("utf-8"), digest_size=8).digest(), "little", signed=True)


class SeenKeys:
    """The natural keys of the chunks checked so far, each with the row that first gave it."""

    def __init__(self) -> None:
        self.digests = np.empty(0, dtype=np.int64)  # sorted
        self.rows = np.empty(0, dtype=np.int64)  # the first row of each digest, in the same order

    def __len__(self) -> int:
        return len(self.digests)

    def repeats(self, keys: Sequence[object], rows: Sequence[int]) -> dict[int, int]:
        """Row → the earlier row with the same key, for each of `rows` (in sheet order) whose key was
        given before, in this chunk or an earlier one; the others are remembered."""
        if not len(keys):
            return {}
        digests = np.fromiter((digest(k) for k in keys), dtype=np.int64, count=len(keys))
        at = np.asarray(rows, dtype=np.int64)
        unique, first, inverse = np.unique(digests, return_index=True, return_inverse=True)
        firsts = at[first][inverse]  # the first row of each key within this chunk
        if len(self.digests):
            place = np.minimum(np.searchsorted(self.digests, digests), len(self.digests) - 1)
            before = self.digests[place] == digests
            firsts = np.where(before, self.rows[place], firsts)
            new = ~before[first]
        else:
            new = np.ones(len(unique), dtype=bool)
        merged = np.concatenate([self.digests, unique[new]])
        order = np.argsort(merged, kind="stable")
        self.digests, self.rows = merged[order], np.concatenate([self.rows, at[first][new]])[order]
        repeated = firsts != at
        return dict(zip(at[repeated].tolist(), firsts[repeated].tolist(), strict=True))
