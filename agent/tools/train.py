"""`biaswatch train-detector`: fine-tune the encoder's top layers, fit the head, write both artefacts.

Steps: build the training rows (authored data plus any `--data` sets), fine-tune MiniLM's top
layers contrastively on the neutralised texts (skipped with `--no-finetune`), write the fp16
delta, materialise base + delta, embed every row with it and fit the logistic head on top. The
head records the encoder's hash, so a head never runs on an encoder it was not fitted for.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from agent.config import EmbeddingModelConfig
from agent.embedder import MODEL_ID, Embedder, bundled_model_path
from agent.errors import UsageError
from detectors import head as head_io
from detectors.encoder import DELTA_FILE, file_hash, materialise, rounded, save_delta
from detectors.exemplars import load_exemplars
from detectors.external import ExternalDataError, ExternalRow, ExternalSet, load_dirs
from detectors.finetune import Finetuner, FinetuneSpec
from detectors.taxonomy import Taxonomy, neutralise
from detectors.training import TrainSpec, train, training_rows

log = logging.getLogger(__name__)


def default_path() -> Path:
    return Path(str(resources.files("detectors") / "data" / head_io.DEFAULT_FILE))


@dataclass(frozen=True)
class TrainOptions:
    output: str | None = None  # head JSON; the delta goes beside it
    seed: int = 13
    data_dirs: tuple[str, ...] = ()
    finetune: bool = True
    max_steps: int | None = None
    threads: int = 2
    learning_rate: float = 2e-5
    external_weight: float = 1.0
    objective: str = "classify"
    train_layers: int = 2
    epochs: int = 1
    encoder_delta: str | None = None  # reuse this fine-tuned delta: refit the head only


def _reuse_delta(delta: Path, base_dir: Path, delta_path: Path) -> tuple[Path, dict[str, Any]]:
    """Materialise an existing delta, put it beside the head and describe it for the training record."""
    import shutil

    from detectors.encoder import EncoderDeltaError, delta_metadata

    try:
        meta = delta_metadata(delta)
        model_dir = materialise(base_dir, delta)
    except (EncoderDeltaError, OSError) as exc:
        raise UsageError(f"--encoder-delta: {exc}") from None
    if delta.resolve() != delta_path.resolve():
        shutil.copyfile(delta, delta_path)
    record: dict[str, Any] = {"delta": file_hash(delta), "base": meta.get("base_sha256_16"), "reused": True}
    kinds: dict[str, Callable[[str], Any]] = {
        "train_layers": int,
        "objective": str,
        "epochs": int,
        "learning_rate": float,
        "seed": int,
    }
    for key, kind in kinds.items():
        if key in meta:
            try:
                record[key] = kind(meta[key])
            except ValueError:
                record[key] = meta[key]
    return model_dir, record


def train_detector(
    output: str | None,
    seed: int,
    model: EmbeddingModelConfig | None = None,
    options: TrainOptions | None = None,
    reviewed: Sequence[tuple[str, int]] = (),
) -> tuple[Path, str]:
    """Train and write the head (and the encoder delta); returns the head path and its version.

    `reviewed` are (text, label) rows from reviewed flags (`--reviewed QUEUE`), trained on like
    the third-party sets and counted in the head's training record.
    """
    o = options or TrainOptions(output=output, seed=seed)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    out = o.output or output
    path = Path(out) if out else default_path()
    delta_path = (
        path.with_name(DELTA_FILE) if path.name == head_io.DEFAULT_FILE else path.with_suffix(".delta.safetensors")
    )
    try:
        # Checked now, not after minutes of training: the head and the delta are written there.
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {path.parent} for the trained head: {exc.strerror}") from None
    try:
        external = load_dirs(list(o.data_dirs))
    except ExternalDataError as exc:
        raise UsageError(str(exc)) from None
    if reviewed:
        raw_rows = tuple(ExternalRow(t, int(y), "reviewed", "", f"reviewed:{i}") for i, (t, y) in enumerate(reviewed))
        digest = hashlib.sha256("\n".join(f"{y}\t{t}" for t, y in reviewed).encode()).hexdigest()
        external = [*external, ExternalSet("reviewed", Path("reviewed-flags"), digest, raw_rows)]
    taxonomy = Taxonomy.default()
    spec = TrainSpec(seed=o.seed, external_weight=o.external_weight)
    rows = training_rows(spec, taxonomy, external=external)
    base_dir = Path(model.path) if model and model.path else bundled_model_path()
    encoder_record: dict[str, Any] | None = None
    texts = [neutralise(r.text, taxonomy.match(r.text)) for r in rows]
    if o.finetune and not o.encoder_delta:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(o.threads)
        started = time.monotonic()
        st = SentenceTransformer(str(base_dir), device="cpu")
        ft = FinetuneSpec(
            seed=o.seed,
            threads=o.threads,
            max_steps=o.max_steps,
            learning_rate=o.learning_rate,
            objective=o.objective,
            train_layers=o.train_layers,
            epochs=o.epochs,
        )
        exemplar_texts = [neutralise(e.text, taxonomy.match(e.text)) for e in load_exemplars()]
        log.info("caching the frozen layers' output for %d texts", len(set(texts) | set(exemplar_texts)))
        tuner = Finetuner(st, [*texts, *exemplar_texts], ft)
        # Threshold-check rows stay out of training: they choose the thresholds.
        fit = [i for i, r in enumerate(rows) if r.kind != "benign_check"]
        external_kinds = {s.source for s in external}
        tensors = tuner.train(
            [texts[i] for i in fit],
            [rows[i].label for i in fit],
            [rows[i].source for i in fit],
            [o.external_weight if rows[i].kind in external_kinds else 1.0 for i in fit],
        )
        tuner.load(rounded(tensors))
        base_hash = file_hash(base_dir / "model.safetensors")
        meta = {
            "seed": str(o.seed),
            "train_layers": str(ft.train_layers),
            "objective": ft.objective,
            "epochs": str(ft.epochs),
            "steps": str(ft.max_steps or "epoch"),
            "learning_rate": str(ft.learning_rate),
        }
        save_delta(tensors, delta_path, base_hash=base_hash, meta=meta)
        model_dir = materialise(base_dir, delta_path)
        delta = file_hash(delta_path)
        encoder_record = {
            "delta": delta,
            "base": base_hash,
            "train_layers": ft.train_layers,
            "objective": ft.objective,
            "epochs": ft.epochs,
            "max_steps": ft.max_steps,
            "learning_rate": ft.learning_rate,
            "seconds": round(time.monotonic() - started),
        }
        embed_fn: Callable[[list[str]], Any] = tuner.embed
        model_id = f"{MODEL_ID}+ft.{delta[:12]}"
        model_hash = file_hash(model_dir / "model.safetensors")
    elif o.encoder_delta:
        model_dir, encoder_record = _reuse_delta(Path(o.encoder_delta), base_dir, delta_path)
        config = (model or EmbeddingModelConfig()).model_copy(
            update={"threads": o.threads, "finetuned": False, "backend": "torch", "path": str(model_dir)}
        )
        embedder = Embedder(config)
        # The torch embedder already hashed the merged weights (the same sha256 prefix file_hash gives).
        embed_fn, model_hash = embedder.encode, embedder.model_hash
        model_id = f"{MODEL_ID}+ft.{encoder_record['delta'][:12]}"
    else:
        delta_path.unlink(missing_ok=True)
        # The head is fitted on the torch encoder (the reference the ONNX export is checked against);
        # it records the source weights' hash, which the export reports as its source, so the same
        # head loads on the runtime's int8 encoder (agreement re-checked in docs/performance.md).
        config = (model or EmbeddingModelConfig()).model_copy(
            update={"threads": o.threads, "finetuned": False, "backend": "torch"}
        )
        embedder = Embedder(config)
        embed_fn, model_id, model_hash = embedder.encode, embedder.model_id, embedder.model_hash
    data = train(
        embed_fn,
        model_id=model_id,
        model_hash=model_hash,
        spec=spec,
        taxonomy=taxonomy,
        external=external,
        rows=rows,
        encoder=encoder_record,
    )
    raw = head_io.dump(data)
    try:
        path.write_bytes(raw)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    return path, head_io.from_bytes(raw, str(path)).version
