"""Embeddings of texts fixed at load time (the embedding detector's exemplars) kept on disk.

Every start used to encode the ~700 exemplars again: about 3 s of a 2-core node, a seventh of a
`biaswatch score` over 600 responses (docs/performance.md). The embeddings depend only on the
encoder and the texts, so they are stored once per (encoder, truncation, texts) under the cache
directory and read back with numpy on later starts. A file that is missing, unreadable or of the
wrong shape is ignored and the texts are encoded; a cache directory that cannot be written (a
read-only root filesystem) only costs the encode, never the start.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from detectors.base import Embeddings

log = logging.getLogger(__name__)

SUBDIR = "fixed-embeddings"


def cache_key(encoder: str, texts: list[str]) -> str:
    h = hashlib.sha256(encoder.encode("utf-8"))
    for t in texts:
        # Length-prefixed, so no two different lists of texts serialise alike.
        data = t.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


class FixedTextEmbeddings:
    """`encode` with its results for a given list of texts remembered on disk."""

    def __init__(self, encode: Callable[[list[str]], Embeddings], encoder: str, directory: Path) -> None:
        self._encode = encode
        self.encoder = encoder  # everything the embeddings depend on besides the texts
        self.directory = directory

    def path_for(self, texts: list[str]) -> Path:
        return self.directory / f"{cache_key(self.encoder, texts)}.npy"

    def __call__(self, texts: list[str]) -> Embeddings:
        path = self.path_for(texts)
        stored = self._read(path, len(texts))
        if stored is not None:
            return stored
        out = self._encode(texts)
        self._write(path, out)
        return out

    def _read(self, path: Path, rows: int) -> Embeddings | None:
        try:
            arr = np.load(path, allow_pickle=False)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring the cached exemplar embeddings %s: %s", path, exc)
            return None
        if arr.dtype != np.float32 or arr.ndim != 2 or arr.shape[0] != rows or not np.isfinite(arr).all():
            log.warning("ignoring the cached exemplar embeddings %s: shape %s, dtype %s", path, arr.shape, arr.dtype)
            return None
        out: Embeddings = arr
        return out

    def _write(self, path: Path, arr: Embeddings) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".fixed-", suffix=".npy", dir=self.directory)
            try:
                with os.fdopen(fd, "wb") as fh:
                    np.save(fh, np.ascontiguousarray(arr, dtype=np.float32), allow_pickle=False)
                os.replace(tmp, path)  # readers see the whole file or none
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            log.info("exemplar embeddings not cached (%s): every start encodes them", exc)
