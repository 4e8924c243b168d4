"""`biaswatch train-detector`: load the embedding model, fit the head, write the JSON artefact."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from agent.config import EmbeddingModelConfig
from agent.embedder import Embedder
from agent.errors import UsageError
from detectors import head as head_io
from detectors.training import TrainSpec, train


def default_path() -> Path:
    return Path(str(resources.files("detectors") / "data" / head_io.DEFAULT_FILE))


def train_detector(output: str | None, seed: int, model: EmbeddingModelConfig | None = None) -> tuple[Path, str]:
    """Train and write the head; returns the path and the version findings will carry."""
    # One torch thread: float sums then come out in the same order on every machine. The head is fitted
    # on the torch encoder (the reference the export is checked against); the runtime's int8 encoder
    # is re-checked against it on the dev sets (docs/performance.md).
    embedder = Embedder(model or EmbeddingModelConfig(threads=1, backend="torch"))
    data = train(embedder.encode, model_id=embedder.model_id, model_hash=embedder.model_hash, spec=TrainSpec(seed=seed))
    raw = head_io.dump(data)
    path = Path(output) if output else default_path()
    try:
        path.write_bytes(raw)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    return path, head_io.from_bytes(raw, str(path)).version
