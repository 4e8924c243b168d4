"""Exemplar embeddings kept on disk between starts: reused when valid, recomputed when not, never fatal."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from agent.encoder.fixed_cache import FixedTextEmbeddings, cache_key


class _Counting:
    """A deterministic stand-in encoder that counts its calls (unit tests; the real one is below)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)


TEXTS = ["a cat", "another dog", "banana"]


def test_a_second_start_reads_the_stored_embeddings_instead_of_encoding(tmp_path: Path) -> None:
    enc = _Counting()
    first = FixedTextEmbeddings(enc, "enc-1", tmp_path)(TEXTS)
    second = FixedTextEmbeddings(enc, "enc-1", tmp_path)(TEXTS)
    assert enc.calls == 1
    np.testing.assert_array_equal(first, second)
    assert second.dtype == np.float32 and second.shape == (3, 3)


def test_another_encoder_or_other_texts_never_reuse_the_file(tmp_path: Path) -> None:
    enc = _Counting()
    FixedTextEmbeddings(enc, "enc-1", tmp_path)(TEXTS)
    FixedTextEmbeddings(enc, "enc-2", tmp_path)(TEXTS)
    FixedTextEmbeddings(enc, "enc-1", tmp_path)([*TEXTS, "one more"])
    assert enc.calls == 3
    assert len(list(tmp_path.glob("*.npy"))) == 3
    # Length-prefixed texts: moving a boundary between two texts changes the key.
    assert cache_key("e", ["ab", "c"]) != cache_key("e", ["a", "bc"])


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[:100]),  # truncated
        lambda p: np.save(p, np.zeros((2, 3), dtype=np.float32)),  # wrong row count
        lambda p: np.save(p, np.zeros((3, 3), dtype=np.float64)),  # wrong dtype
        lambda p: np.save(p, np.full((3, 3), np.nan, dtype=np.float32)),  # not finite
    ],
)
def test_a_damaged_file_is_ignored_reencoded_and_replaced(tmp_path: Path, damage: Any, caplog: Any) -> None:
    enc = _Counting()
    cache = FixedTextEmbeddings(enc, "enc-1", tmp_path)
    good = cache(TEXTS)
    damage(cache.path_for(TEXTS))
    with caplog.at_level(logging.WARNING, logger="agent.encoder.fixed_cache"):
        again = cache(TEXTS)
    assert enc.calls == 2
    np.testing.assert_array_equal(again, good)
    assert "ignoring the cached exemplar embeddings" in caplog.text
    np.testing.assert_array_equal(np.load(cache.path_for(TEXTS)), good)  # rewritten whole


def test_an_unwritable_cache_directory_costs_the_encode_not_the_start(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    enc = _Counting()
    out = FixedTextEmbeddings(enc, "enc-1", blocker / "fixed")(TEXTS)
    out2 = FixedTextEmbeddings(enc, "enc-1", blocker / "fixed")(TEXTS)
    assert enc.calls == 2
    np.testing.assert_array_equal(out, out2)


def test_the_real_encoder_reads_back_exactly_what_it_encoded(embedder: Any, tmp_path: Path) -> None:
    texts = ["Some people are kind.", "The weather is fine today."]
    cache = embedder.fixed_texts_encoder(tmp_path)
    assert embedder.model_hash in cache.encoder and embedder.backend in cache.encoder
    first = cache(texts)
    np.testing.assert_array_equal(first, embedder.encode(texts))
    reread = embedder.fixed_texts_encoder(tmp_path)
    reread._encode = lambda _texts: pytest.fail("encoded again although the embeddings were stored")
    np.testing.assert_array_equal(reread(texts), first)
