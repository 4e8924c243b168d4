"""The torch-free ONNX encoder: fidelity to recorded torch embeddings, backend selection, token-bounded
passes, start without hashing, the manifest's checks, and an import graph without torch.

The artefact is the real export (`make model`, or exported into the user cache on first use here):
these tests never skip for want of it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from agent.config import EmbeddingModelConfig
from agent.embedder import Embedder, bundled_model_path, ensure_encoder
from agent.encoder import manifest as mf
from agent.encoder.onnx_backend import OnnxEncoder
from agent.errors import BiaswatchError
from tests.conftest import ROOT

FIXTURE = Path(__file__).parent / "data" / "encoder_torch_embeddings.npz"

pytestmark = pytest.mark.embeddings


@pytest.fixture(scope="session")
def encoder_dir() -> Path:
    return ensure_encoder(EmbeddingModelConfig())


def _encoder(directory: Path, **kw: Any) -> OnnxEncoder:
    opts: dict[str, Any] = {"max_seq_length": 256, **kw}
    return OnnxEncoder(directory, **opts)


def test_onnx_embeddings_match_the_recorded_torch_ones(encoder_dir: Path) -> None:
    data = np.load(FIXTURE)
    manifest = mf.load(encoder_dir)
    assert manifest.source_sha256 == str(data["source_sha256"]), (
        "the fixture was recorded on other weights: run tests/data/make_encoder_fixture.py"
    )
    texts = [str(t) for t in data["texts"]]
    enc = _encoder(encoder_dir)
    got = enc.encode(texts)
    cos = (got * data["embeddings"]).sum(axis=1)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    tokens = np.array([len(e.ids) for e in enc._tokenizer.encode_batch(texts)])
    report = dict(zip(texts, cos.round(4).tolist(), strict=True))
    # Texts of five tokens or fewer lose most to int8 activations (docs/performance.md); since export
    # recipe 3 they too stay above the 0.98 (0.985 measured; recipe 2 gave 0.984).
    assert cos.min() >= 0.98, report
    assert (tokens <= 5).sum() >= 1 and (tokens >= 256).sum() >= 1  # the fixture spans both ends
    assert cos.mean() >= 0.99


def test_export_manifest_records_hashes_and_fidelity(encoder_dir: Path) -> None:
    m = mf.load(encoder_dir)
    assert m.onnx_sha256 == mf.sha256_file(m.onnx_path)
    assert set(m.data["tokenizer_files"]) >= {"tokenizer.json"}
    fid = m.data["fidelity"]
    assert fid["texts"] > 300
    # The export's own gates (agent/encoder/export.py): the minimum is the 0.98.
    from agent.encoder.export import MIN_COSINE, MIN_MEAN_COSINE, MIN_P01_COSINE

    assert MIN_COSINE >= 0.98 and MIN_P01_COSINE >= 0.98 and MIN_MEAN_COSINE >= 0.99
    assert fid["mean"] >= MIN_MEAN_COSINE and fid["p01"] >= MIN_P01_COSINE and fid["min"] >= MIN_COSINE
    assert fid["p01"] >= fid["min"]
    assert len(fid["worst"]) == 5
    # The recipe and the fusion it relies on are recorded, and the graph really holds them.
    export = m.data["export"]
    assert export["recipe"] == mf.EXPORT_RECIPE == m.recipe
    assert export["fused_operators"]["Attention"] == 6
    import onnx

    ops = [n.op_type for n in onnx.load(str(m.onnx_path), load_external_data=False).graph.node]
    assert ops.count("QAttention") + ops.count("Attention") == 6
    assert "Softmax" not in ops and "IsNaN" not in ops
    # The short-text graph's fp32 MatMuls: all of layers 0-1 and layer 2's feed-forward output.
    kept = export["float_matmuls"]
    assert len(kept) == 7 and all("/layer.0/" in n or "/layer.1/" in n for n in kept[:6])
    assert "/layer.2/output/dense/" in kept[6]
    assert ops.count("MatMul") == len(kept) and ops.count("DynamicQuantizeMatMul") + ops.count("MatMulInteger") > 0
    # Recipe 4's long-text graph: layer 0's three MatMuls fp32, hashed and gated on its own texts.
    long = m.data["long"]
    assert m.long_graph == (encoder_dir / mf.LONG_ONNX_FILE, 64) and long["min_tokens"] == 64
    assert long["sha256"] == mf.sha256_file(encoder_dir / mf.LONG_ONNX_FILE)
    assert len(long["float_matmuls"]) == 3 and all("/layer.0/" in n for n in long["float_matmuls"])
    long_ops = [n.op_type for n in onnx.load(str(encoder_dir / mf.LONG_ONNX_FILE), load_external_data=False).graph.node]
    assert long_ops.count("MatMul") == 3 and long_ops.count("QAttention") == 6
    by_graph = fid["by_graph"]
    assert by_graph["short"]["texts"] + by_graph["long"]["texts"] == fid["texts"]
    assert by_graph["long"]["texts"] >= 30  # the sample's multi-sentence responses
    assert by_graph["long"]["mean"] >= MIN_MEAN_COSINE and by_graph["long"]["min"] >= MIN_COSINE
    assert m.encoder_hash.endswith("+" + long["sha256"][:8])


def _spy_sessions(enc: OnnxEncoder) -> list[tuple[str, int, int]]:
    """(graph, rows, tokens) of each pass `enc` runs from now on, on any thread, through either graph."""
    seen: list[tuple[str, int, int]] = []

    def spy(real: Any, graph: str) -> Any:
        class Spy:
            def run(self, outputs: list[str], feed: dict[str, np.ndarray], options: Any = None) -> Any:
                rows, tokens = feed["input_ids"].shape
                seen.append((graph, int(rows), int(tokens)))
                return real.run(outputs, feed, options)

        return Spy()

    enc._session = spy(enc._session, "short")
    if enc._long_session is not None:
        enc._long_session = spy(enc._long_session, "long")
    return seen


def test_long_texts_run_through_the_long_graph_and_short_ones_do_not(encoder_dir: Path) -> None:
    enc = _encoder(encoder_dir, remember=0)
    seen = _spy_sessions(enc)
    texts = [("sea " * n).strip() + "." for n in (1, 20, 59, 60, 61, 200, 400)]  # "sea": one token
    tokens = [len(e.ids) for e in enc.tokenize(texts)]
    assert [t >= 64 for t in tokens] == [False, False, False, False, True, True, True]
    got = enc.encode(texts)
    by_graph = {g: sorted(t for graph, _, t in seen if graph == g) for g in ("short", "long")}
    assert by_graph["short"] == sorted(t for t in tokens if t < 64)
    assert by_graph["long"] == sorted(t for t in tokens if t >= 64) and max(by_graph["long"]) == 256
    # Which graph is a function of the text's tokens alone: the same rows alone as together.
    np.testing.assert_array_equal(np.stack([enc.encode([t])[0] for t in texts]), got)


def test_an_artefact_with_one_graph_still_runs(encoder_dir: Path, tmp_path: Path) -> None:
    """Recipe 3's artefacts (an image's, named explicitly) had no long-text graph: every text uses model.onnx."""
    copy = tmp_path / "enc"
    shutil.copytree(encoder_dir, copy)
    m = mf.load(copy)
    mf.write(copy, {k: v for k, v in m.data.items() if k != "long"})
    (copy / mf.LONG_ONNX_FILE).unlink()
    one = _encoder(copy, remember=0)
    assert one.manifest.long_graph is None and "+" not in one.manifest.encoder_hash
    seen = _spy_sessions(one)
    long_text = "sea " * 100
    row = one.encode([long_text])[0]
    assert seen == [("short", 1, 102)]
    # The two-graph artefact gives that text another (close) row: it went through the other graph.
    two = _encoder(encoder_dir, remember=0).encode([long_text])[0]
    assert not np.array_equal(row, two) and float(row @ two) > 0.98


def test_a_malformed_long_record_or_a_short_truncation(encoder_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "enc"
    shutil.copytree(encoder_dir, copy)
    m = mf.load(copy)
    mf.write(copy, {**m.data, "long": {k: v for k, v in m.data["long"].items() if k != "min_tokens"}})
    with pytest.raises(mf.ManifestError, match="malformed 'long' record"):
        _encoder(copy)
    mf.write(copy, {**m.data, "long": {k: v for k, v in m.data["long"].items() if k != "sha256"}})
    with pytest.raises(mf.ManifestError, match="incomplete"):
        _encoder(copy)
    # Truncated below the long graph's threshold, no text can reach it: it is not loaded.
    short = _encoder(encoder_dir, max_seq_length=32)
    assert short._long_session is None
    assert _encoder(encoder_dir)._long_session is not None


def test_the_export_gate_covers_the_long_graph_alone() -> None:
    from agent.encoder.export import _gate

    fine = {"mean": 0.996, "p01": 0.991, "min": 0.985}
    _gate({**fine, "by_graph": {"long": {"texts": 45, "mean": 0.995, "min": 0.99}}})
    with pytest.raises(BiaswatchError, match=re.escape("long-text graph's 45 texts cosine mean 0.995, min 0.97")):
        _gate({**fine, "by_graph": {"long": {"texts": 45, "mean": 0.995, "min": 0.97}}})
    with pytest.raises(BiaswatchError, match=re.escape("1st percentile 0.98,")):
        _gate({**fine, "p01": 0.98})


def _stale_copy(encoder_dir: Path, where: Path, recipe: int) -> Path:
    shutil.copytree(encoder_dir, where)
    m = mf.load(where)
    mf.write(where, {**m.data, "export": {**m.data["export"], "recipe": recipe}})
    return where


def test_the_cache_folder_is_keyed_by_the_export_recipe(
    encoder_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent import embedder
    from agent.encoder import export as ex
    from detectors.encoder import cache_root

    monkeypatch.delenv("BIASWATCH_ENCODER_DIR", raising=False)
    # The materialised base + delta stays where it is; only the export cache moves.
    monkeypatch.setenv("BIASWATCH_CACHE_DIR", str(cache_root()))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    config = EmbeddingModelConfig()
    out = embedder.default_encoder_dir(config)
    assert out.name == f"{embedder.model_id(config)}.export-r{mf.EXPORT_RECIPE}"
    exported: list[Path] = []

    def fake_export(source: Path, dest: Path, **kw: Any) -> mf.Manifest:
        exported.append(dest)
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(encoder_dir, dest)
        return mf.load(dest)

    monkeypatch.setattr(ex, "export", fake_export)
    # An older recipe's artefact under the current folder name (a stale cache) is exported again...
    _stale_copy(encoder_dir, out, mf.EXPORT_RECIPE - 1)
    assert ensure_encoder(config) == out
    assert exported == [out] and mf.load(out).recipe == mf.EXPORT_RECIPE
    # ...and the current one is reused as is.
    assert ensure_encoder(config) == out
    assert exported == [out]


def test_an_explicit_folder_of_another_recipe_is_used_with_a_warning(
    encoder_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old = _stale_copy(encoder_dir, tmp_path / "image-encoder", mf.EXPORT_RECIPE - 1)
    with caplog.at_level("WARNING", logger="agent.embedder"):
        assert ensure_encoder(EmbeddingModelConfig(onnx_path=str(old))) == old
    assert f"recipe {mf.EXPORT_RECIPE - 1}" in caplog.text


def test_each_text_is_its_own_pass_and_its_embedding_does_not_depend_on_the_others(encoder_dir: Path) -> None:
    enc = _encoder(encoder_dir)
    seen = _spy_sessions(enc)
    texts = [("word " * n).strip() for n in (1, 3, 5, 40, 90, 200, 300, 2, 7, 60)] * 3
    together = enc.encode(texts)
    assert len(seen) == 10 and all(rows == 1 for _, rows, _ in seen)  # each distinct text once, alone
    assert max(tokens for _, _, tokens in seen) == 256  # truncated, never padded
    # int8 activation scales are per pass: alone, a text gets the same embedding bit for bit
    # whatever else is encoded with it, before or after (an encoder that remembers nothing, so
    # each of these is a new pass).
    fresh = _encoder(encoder_dir, remember=0)
    alone = np.stack([fresh.encode([t])[0] for t in texts[:10]])
    np.testing.assert_array_equal(together[:10], alone)
    np.testing.assert_array_equal(fresh.encode(texts[::-1])[::-1], together)


def test_a_text_seen_in_an_earlier_call_is_not_encoded_again(encoder_dir: Path) -> None:
    enc = _encoder(encoder_dir)
    passes = _spy_sessions(enc)
    first = enc.encode(["The bridge opened in 1932.", "Tides here are the highest in the bay."])
    assert len(passes) == 2
    # The tokenizer lowercases: the capitalised text is the same tokens, so the same pass.
    again = enc.encode(["THE BRIDGE OPENED IN 1932.", "A new sentence about the ferry."])
    assert len(passes) == 3
    np.testing.assert_array_equal(again[0], first[0])
    # A remembered row is the row a new pass gives, bit for bit.
    fresh = _encoder(encoder_dir, remember=0)
    np.testing.assert_array_equal(fresh.encode(["The bridge opened in 1932."])[0], again[0])
    fresh_passes = _spy_sessions(fresh)
    fresh.encode(["The bridge opened in 1932."])
    assert len(fresh_passes) == 1  # remember=0: every call is a new pass
    assert enc.memo.hits >= 1


def test_passes_side_by_side_give_the_same_rows_as_one_lane(encoder_dir: Path) -> None:
    texts = [("harbour " * n).strip() + f" {n}." for n in (1, 4, 9, 30, 70, 150, 260, 2, 12, 45)] * 2
    one = _encoder(encoder_dir, threads=1, remember=0)
    two = _encoder(encoder_dir, threads=2, remember=0)
    assert (one.threads, two.threads) == (1, 2)
    np.testing.assert_array_equal(two.encode(texts), one.encode(texts))
    assert _encoder(encoder_dir).threads >= 1


def test_identical_texts_are_encoded_once(encoder_dir: Path) -> None:
    enc = _encoder(encoder_dir)
    seen = _spy_sessions(enc)
    out = enc.encode(["same text", "other text", "same text", "same text"])
    assert sum(rows for _, rows, _ in seen) == 2
    assert np.array_equal(out[0], out[2]) and np.array_equal(out[0], out[3])
    assert not np.array_equal(out[0], out[1])
    assert enc.encode([]).shape == (0, enc.dimension)


def test_backend_selection(encoder_dir: Path) -> None:
    onnx = Embedder(EmbeddingModelConfig(backend="onnx"))
    assert onnx.backend == "onnx"
    assert onnx.model_hash == mf.load(encoder_dir).encoder_hash
    assert ".onnx-" in onnx.model_hash
    assert onnx.source_hash == mf.load(encoder_dir).source_sha256[:16]
    torch_ = Embedder(EmbeddingModelConfig(backend="torch"))
    assert torch_.backend == "torch"
    # Both name the same source weights; only the onnx one also names the export.
    assert torch_.model_hash == onnx.source_hash
    texts = ["The harbour was rebuilt after the storm.", "A short one."]
    cos = (onnx.encode(texts) * torch_.encode(texts)).sum(axis=1)
    assert cos.min() > 0.98
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        EmbeddingModelConfig.model_validate({"backend": "tensorflow"})


def test_start_reads_hashes_from_the_manifest(encoder_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def counting(path: Path) -> str:
        calls.append(path)
        return "0" * 64

    monkeypatch.setattr(mf, "sha256_file", counting)
    embedder = Embedder(EmbeddingModelConfig())
    assert calls == [], "an unchanged artefact must start without hashing any weights"
    assert embedder.model_hash == mf.load(encoder_dir).encoder_hash


def test_a_moved_or_altered_artefact_is_rehashed_or_refused(encoder_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "enc"
    shutil.copytree(encoder_dir, copy)  # copy2 keeps mtimes: starts without hashing
    os.utime(copy / mf.ONNX_FILE, ns=(1, 1))  # touched (as a plain copy into an image would): re-hashed, same
    _encoder(copy)
    raw = bytearray((copy / mf.ONNX_FILE).read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # same size, other bytes
    (copy / mf.ONNX_FILE).write_bytes(bytes(raw))
    with pytest.raises(mf.ManifestError, match="sha256"):
        _encoder(copy)
    (copy / mf.ONNX_FILE).write_bytes(bytes(raw[:-10]))
    with pytest.raises(mf.ManifestError, match="bytes"):
        _encoder(copy)
    # The long-text graph is checked the same way.
    shutil.copy2(encoder_dir / mf.ONNX_FILE, copy / mf.ONNX_FILE)
    _encoder(copy)
    (copy / mf.LONG_ONNX_FILE).write_bytes((copy / mf.LONG_ONNX_FILE).read_bytes()[:-10])
    with pytest.raises(mf.ManifestError, match=f"{mf.LONG_ONNX_FILE}: .* bytes"):
        _encoder(copy)
    (copy / mf.LONG_ONNX_FILE).unlink()
    with pytest.raises(mf.ManifestError, match=mf.LONG_ONNX_FILE):
        _encoder(copy)


def test_a_missing_explicit_artefact_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(BiaswatchError, match="export-encoder"):
        Embedder(EmbeddingModelConfig(onnx_path=str(tmp_path / "nowhere")))


def test_the_score_path_never_imports_torch(encoder_dir: Path, tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text(
        json.dumps({"id": "a", "response": "Honestly, all immigrants are lazy criminals who should be sent back."})
        + "\n"
        + json.dumps({"id": "b", "response": "My Muslim neighbour helped me carry the shopping upstairs."})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    code = (
        "import sys\n"
        "from agent.cli import main\n"
        f"rc = main(['score', {str(inp)!r}, '--output', {str(out)!r}])\n"
        "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)\n"
        "print('HEAVY', heavy, 'RC', rc)\n"
    )
    env = {**os.environ, "BIASWATCH_ENCODER_DIR": str(encoder_dir)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert "HEAVY [] RC 0" in proc.stdout, proc.stdout + proc.stderr
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert lines[0]["flagged"] is True
    assert any(f["detector"] == "embedding" for f in lines[0]["findings"])


def test_export_encoder_cli_reports_an_up_to_date_artefact(encoder_dir: Path) -> None:
    from tests.conftest import run_cli

    proc = run_cli("export-encoder", "--out", str(encoder_dir))
    assert proc.returncode == 0, proc.stderr
    assert b"up to date" in proc.stdout


def test_the_export_fails_when_attention_is_not_fused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A graph the optimiser leaves unfused (as SDPA-traced attention was) must not ship as the fast artefact."""
    from types import SimpleNamespace

    from onnxruntime.transformers import optimizer

    from agent.encoder import export as ex

    saved: list[str] = []

    class Optimised:
        def __init__(self, stats: dict[str, int]) -> None:
            self.stats = stats

        def get_fused_operator_statistics(self) -> dict[str, int]:
            return self.stats

        def save_model_to_file(self, path: str) -> None:
            saved.append(path)

    cfg = SimpleNamespace(num_attention_heads=12, hidden_size=384, num_hidden_layers=6)
    st_model = [SimpleNamespace(auto_model=SimpleNamespace(config=cfg))]
    unfused = {"EmbedLayerNormalization": 1, "Attention": 0, "SkipLayerNormalization": 12, "BiasGelu": 6}
    monkeypatch.setattr(optimizer, "optimize_model", lambda *a, **k: Optimised(unfused))
    with pytest.raises(BiaswatchError, match="Attention 0/6"):
        ex._optimise(tmp_path / "in.onnx", tmp_path / "out.onnx", st_model)
    assert saved == []
    fused = {**unfused, "Attention": 6, "Gelu": 0}
    monkeypatch.setattr(optimizer, "optimize_model", lambda *a, **k: Optimised(fused))
    assert ex._optimise(tmp_path / "in.onnx", tmp_path / "out.onnx", st_model) == {
        "EmbedLayerNormalization": 1,
        "Attention": 6,
        "SkipLayerNormalization": 12,
        "BiasGelu": 6,
    }
    assert saved == [str(tmp_path / "out.onnx")]


def test_a_graph_that_misses_the_gate_is_named() -> None:
    from agent.encoder.export import failing_graphs

    fine = {"texts": 990, "mean": 0.997, "p01": 0.994, "min": 0.985}
    long = {"texts": 45, "mean": 0.995, "min": 0.99}
    assert failing_graphs({**fine, "by_graph": {"short": fine, "long": long}}) == []
    short_bad = {**fine, "min": 0.979}
    assert failing_graphs({**short_bad, "by_graph": {"short": short_bad, "long": long}}) == ["short"]
    assert failing_graphs({**fine, "by_graph": {"short": fine, "long": {**long, "min": 0.97}}}) == ["long"]
    # Only the whole sample misses it: the short graph, which encodes nearly all of it.
    assert failing_graphs({**fine, "p01": 0.98, "by_graph": {"short": fine, "long": long}}) == ["short"]


def test_the_base_model_exports_by_keeping_more_layers_in_fp32(tmp_path: Path) -> None:
    """The bundled base model (`finetuned: false`) misses the gate with the recipe's fp32 layers on
    one-word texts ("No." at 0.979); the export keeps more layers in fp32 until it passes, and the
    artefact runs, rather than failing the agent's start."""
    from agent.encoder import export as ex
    from agent.encoder.export import LONG_FLOAT_LAYERS, SHORT_FLOAT_LAYERS

    m = ex.export(bundled_model_path(), tmp_path / "base")
    fid = m.data["fidelity"]
    assert ex.failing_graphs(fid) == []
    layers = m.data["export"]["float_layers"]
    # It widened where it had to and no further than allowed.
    assert SHORT_FLOAT_LAYERS <= layers["short"] <= SHORT_FLOAT_LAYERS + ex.MAX_EXTRA_FLOAT_LAYERS
    assert LONG_FLOAT_LAYERS <= layers["long"] <= LONG_FLOAT_LAYERS + ex.MAX_EXTRA_FLOAT_LAYERS
    assert len(m.data["export"]["float_matmuls"]) == 3 * layers["short"] + 1
    assert f"layer {layers['short']}'s feed-forward" in m.data["export"]["quantisation"]
    enc = _encoder(tmp_path / "base")
    assert enc.encode(["No.", "A longer sentence about the weather today."]).shape == (2, 384)
