"""The torch-free encoder: onnxruntime + tokenizers + numpy over an exported artefact.

Pooling and normalisation follow sentence-transformers' modules (Pooling with the attention mask as
weights, then Normalize), so the same head and exemplars read these embeddings. Identical texts are
encoded once, and each distinct text in a pass of its own: the export quantises activations
dynamically, with one scale per input tensor, so a text batched with others (and their padding)
got a slightly different embedding, and a different score, depending on what arrived with it
(cosine down to 0.993 measured; docs/performance.md). Alone, a text's embedding is a function of
the text, and the passes waste nothing on padding: 1.4x less encoder CPU on mixed-length
responses, and activations bounded by one text of at most `max_seq_length` tokens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from agent.encoder import manifest as mf
from agent.encoder.batching import dedupe
from detectors.base import Embeddings


class OnnxEncoder:
    def __init__(
        self,
        directory: Path,
        *,
        max_seq_length: int,
        threads: int | None = None,
    ) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError:
            raise mf.ManifestError(
                "the onnx backend needs onnxruntime and tokenizers: pip install 'biaswatch[embeddings]'"
            ) from None
        self.manifest = mf.load(directory)
        self.manifest.verify()
        if self.manifest.pooling not in ("mean", "cls"):
            raise mf.ManifestError(f"{directory}: pooling {self.manifest.pooling!r} is not supported")
        self.max_seq_length = min(max_seq_length, self.manifest.max_seq_length)
        self.dimension = self.manifest.dimension
        tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tok.no_padding()  # one text per pass: nothing to pad
        tok.enable_truncation(max_length=self.max_seq_length)
        self._tokenizer = tok
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Shapes change every pass: pre-planned memory patterns would only be recomputed.
        opts.enable_mem_pattern = False
        # A sidecar shares its node's cores with the model server: idle encoder threads must sleep,
        # not spin waiting for the next pass.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session: Any = ort.InferenceSession(
            str(self.manifest.onnx_path), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        # After each pass the arena hands back the chunks the pass no longer uses, so a process keeps
        # no more than the longest text's activations.
        self._run_options = ort.RunOptions()
        self._run_options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")

    def encode(self, texts: list[str]) -> Embeddings:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        distinct, where = dedupe(texts)
        encodings = self._tokenizer.encode_batch(distinct, add_special_tokens=True)
        out = np.empty((len(distinct), self.dimension), dtype=np.float32)
        for i, e in enumerate(encodings):
            mask = np.asarray([e.attention_mask], dtype=np.int64)
            feed = {
                "input_ids": np.asarray([e.ids], dtype=np.int64),
                "attention_mask": mask,
                "token_type_ids": np.asarray([e.type_ids], dtype=np.int64),
            }
            (hidden,) = self._session.run(
                ["last_hidden_state"], {k: v for k, v in feed.items() if k in self._inputs}, self._run_options
            )
            out[i] = self._pool(np.asarray(hidden, dtype=np.float32), mask)[0]
        return out[where]

    def _pool(self, hidden: npt.NDArray[np.float32], mask: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        if self.manifest.pooling == "cls":
            pooled = hidden[:, 0, :]
        else:
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        # Always normalised, whatever the source model's modules: the detectors' contract (cosine as dot).
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        pooled = pooled / np.maximum(norms, 1e-12)
        out: npt.NDArray[np.float32] = pooled.astype(np.float32, copy=False)
        return out
