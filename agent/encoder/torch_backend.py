"""The sentence-transformers encoder (the `[train]` extra): training, export, and `backend: torch`.

Its passes are token-budgeted (agent/encoder/batching.py): fp32 activations do not depend on
pass-mates beyond rounding, so it batches, while the int8 ONNX runtime encodes one text per pass.
Both de-duplicate and return rows in input order.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np

from agent.encoder.batching import dedupe, token_batches
from agent.encoder.manifest import weights_file
from agent.errors import BiaswatchError
from detectors.base import Embeddings


class TorchEncoder:
    def __init__(
        self,
        path: Path,
        *,
        max_seq_length: int,
        max_batch_tokens: int,
        max_rows: int,
        threads: int | None = None,
    ) -> None:
        # There is no model hub in production clusters either: never try to download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise BiaswatchError(
                "embedding_model.backend torch needs the [train] extra: pip install 'biaswatch[train]'"
            ) from None
        if threads:
            torch.set_num_threads(threads)
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise BiaswatchError(f"embedding_model.path: {path} is not a sentence-transformers model folder")
        self._model: Any = SentenceTransformer(str(path), device="cpu")
        self._model.max_seq_length = max_seq_length
        self.max_seq_length = max_seq_length
        self.max_batch_tokens = max_batch_tokens
        self.max_rows = max_rows
        self.dimension = int(self._model.get_embedding_dimension() or 384)
        self.model_hash = weights_hash(path)

    def encode(self, texts: list[str]) -> Embeddings:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        distinct, where = dedupe(texts)
        ids = self._model.tokenizer(distinct, truncation=True, max_length=self.max_seq_length)["input_ids"]
        lengths = [len(x) for x in ids]
        out = np.empty((len(distinct), self.dimension), dtype=np.float32)
        for rows in token_batches(lengths, self.max_batch_tokens, self.max_rows):
            emb = self._model.encode(
                [distinct[i] for i in rows],
                batch_size=len(rows),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out[rows] = np.asarray(emb, dtype=np.float32)
        return out[where]


def weights_hash(path: Path) -> str:
    """Hash of the weights file, so findings and baselines say which model produced them."""
    f = weights_file(path)
    if f is None:
        return "unknown"
    h = hashlib.sha256()
    with f.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]
