"""Embeddings of recently encoded token sequences, so a text seen in an earlier batch is not encoded again.

Only for an encoder whose output for a text does not depend on what else was encoded (the onnx
backend: one text per pass), where a remembered row is bit for bit the row a new pass would give.
Keyed by the token ids the pass would read, not the text: the tokenizer lowercases and truncates,
so texts that differ only there are one pass. Sentences recur across responses (disclaimers,
boilerplate, a model's stock phrasings), and `score` and `run` see them in batch after batch.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np
import numpy.typing as npt

Row = npt.NDArray[np.float32]

# 4,096 rows of 384 float32 (1.5 KiB each) and their 16-byte keys: about 6.5 MiB at most.
DEFAULT_ENTRIES = 4096


def token_key(ids: npt.ArrayLike) -> bytes:
    """A fixed-size key for a token sequence (a 128-bit digest: a collision is not a practical concern)."""
    return hashlib.blake2b(np.asarray(ids, dtype=np.int64).tobytes(), digest_size=16).digest()


class EmbeddingMemo:
    """A bounded, thread-safe map from token key to embedding row, least recently used out first."""

    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        if entries < 0:
            raise ValueError("entries must not be negative")
        self.entries = entries
        self._rows: OrderedDict[bytes, Row] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, key: bytes) -> Row | None:
        with self._lock:
            row = self._rows.get(key)
            if row is None:
                self.misses += 1
                return None
            self._rows.move_to_end(key)
            self.hits += 1
            return row

    def put(self, key: bytes, row: Row) -> None:
        if self.entries == 0:
            return
        stored = row.copy()  # the caller's array may be a view into a batch it goes on writing
        stored.setflags(write=False)
        with self._lock:
            self._rows[key] = stored
            self._rows.move_to_end(key)
            while len(self._rows) > self.entries:
                self._rows.popitem(last=False)
