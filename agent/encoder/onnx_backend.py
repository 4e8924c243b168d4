"""The torch-free encoder: onnxruntime + tokenizers + numpy over an exported artefact.

Pooling and normalisation follow sentence-transformers' modules (Pooling with the attention mask as
weights, then Normalize), so the same head and exemplars read these embeddings. Identical texts are
encoded once, and each distinct text in a pass of its own: the export quantises activations
dynamically, with one scale per input tensor, so a text batched with others (and their padding)
got a slightly different embedding, and a different score, depending on what arrived with it
(cosine down to 0.993 measured; docs/performance.md). Alone, a text's embedding is a function of
the text, and the passes waste nothing on padding: 1.4x less encoder CPU on mixed-length
responses, and activations bounded by one text of at most `max_seq_length` tokens per lane.
Because a text's embedding is a function of its tokens, passes run side by side on one thread each
(agent/encoder/lanes.py), and a token sequence encoded in an earlier call is not encoded again
(agent/encoder/memo.py): both give the same rows, bit for bit, as passes one after another.
An artefact of export recipe 4 holds two graphs of the same weights, and a text's token count picks
one (agent/encoder/export.py, LONG_MIN_TOKENS): still a function of the text alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from agent.encoder import manifest as mf
from agent.encoder.batching import dedupe
from agent.encoder.lanes import Lanes, usable_cores
from agent.encoder.memo import DEFAULT_ENTRIES, EmbeddingMemo, token_key
from detectors.base import Embeddings


class OnnxEncoder:
    def __init__(
        self,
        directory: Path,
        *,
        max_seq_length: int,
        threads: int | None = None,
        remember: int = DEFAULT_ENTRIES,
    ) -> None:
        """`threads`: passes run at once, one onnxruntime thread each (default: the usable cores);
        `remember`: how many distinct token sequences' embeddings are kept for later calls."""
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
        self._session: Any = self._open(ort, self.manifest.onnx_path)
        # Recipe 4: texts of at least `_long_from` tokens run through the cheaper long-text graph.
        long = self.manifest.long_graph
        if long is not None and long[1] > self.max_seq_length:
            long = None  # truncation keeps every text under the long graph's threshold: never used
        self._long_session: Any = self._open(ort, long[0]) if long else None
        self._long_from = long[1] if long else None
        self._inputs = {i.name for i in self._session.get_inputs()}
        # After each pass the arena hands back the chunks the pass no longer uses, so a process keeps
        # no more than the longest text's activations.
        self._run_options = ort.RunOptions()
        self._run_options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self.threads = threads or usable_cores()
        self._lanes = Lanes(self.threads)
        self.memo = EmbeddingMemo(remember)

    @staticmethod
    def _open(ort: Any, path: Path) -> Any:
        opts = ort.SessionOptions()
        # Parallel across passes, not inside one (agent/encoder/lanes.py): each run has one thread.
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Shapes change every pass: pre-planned memory patterns would only be recomputed.
        opts.enable_mem_pattern = False
        # A sidecar shares its node's cores with the model server: idle encoder threads must sleep,
        # not spin waiting for the next pass.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])

    def tokenize(self, texts: list[str]) -> list[Any]:
        """The runtime's tokens for `texts` (truncated as the passes are)."""
        return list(self._tokenizer.encode_batch(texts, add_special_tokens=True))

    def session_for(self, tokens: int) -> Any:
        """The graph a text of `tokens` tokens runs through."""
        if self._long_from is not None and tokens >= self._long_from:
            return self._long_session
        return self._session

    def encode(self, texts: list[str]) -> Embeddings:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        distinct, where = dedupe(texts)
        encodings = self.tokenize(distinct)
        out = np.empty((len(distinct), self.dimension), dtype=np.float32)
        todo: dict[bytes, list[int]] = {}  # token key -> rows of `out` it fills
        for i, e in enumerate(encodings):
            key = token_key(e.ids)
            row = self.memo.get(key) if key not in todo else None
            if row is not None:
                out[i] = row
            else:
                todo.setdefault(key, []).append(i)
        # Longest first, so the lanes finish together (agent/encoder/lanes.py).
        passes = sorted(todo.items(), key=lambda kv: -len(encodings[kv[1][0]].ids))

        def one(item: tuple[bytes, list[int]]) -> None:
            key, rows = item
            row = self._pass(encodings[rows[0]])
            out[rows] = row
            self.memo.put(key, row)

        self._lanes.run(passes, one)
        return out[where]

    def _pass(self, e: Any) -> npt.NDArray[np.float32]:
        """One text alone: its embedding, a function of its tokens only."""
        mask = np.asarray([e.attention_mask], dtype=np.int64)
        feed = {
            "input_ids": np.asarray([e.ids], dtype=np.int64),
            "attention_mask": mask,
            "token_type_ids": np.asarray([e.type_ids], dtype=np.int64),
        }
        (hidden,) = self.session_for(len(e.ids)).run(
            ["last_hidden_state"], {k: v for k, v in feed.items() if k in self._inputs}, self._run_options
        )
        row: npt.NDArray[np.float32] = self._pool(np.asarray(hidden, dtype=np.float32), mask)[0]
        return row

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
