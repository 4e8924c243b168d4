"""One scale: flagged is exactly score >= threshold everywhere; unknown groups; the encoder hash check."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.analyse import Analyser
from agent.assemble import sample_threshold
from agent.config import FieldMapping, LimitsConfig
from agent.decode import Decoder
from agent.errors import BiaswatchError, EncoderMismatchError
from agent.sources.base import Record
from detectors import head as head_io
from detectors.base import UNKNOWN_GROUP, Batch, Detector, Evidence, Finding, TextSample, on_scale, sample_score
from detectors.embedding import EmbeddingDetector, EmbeddingOptions
from detectors.exemplars import Exemplar
from detectors.features import EXTRA_FEATURES
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy, neutralise

DIM = 8
EXEMPLARS = [
    Exemplar("Cats are sneaky thieves.", "none", "biased", "stereotype"),
    Exemplar("Cats sleep a lot.", "none", "benign", "neutral"),
]


def _embed(texts: list[str]) -> Any:
    """Deterministic unit vectors from the text (no model): enough for the detector's arithmetic."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, t in enumerate(texts):
        rng = np.random.default_rng(sum(t.encode()) % 2**32)
        v = rng.normal(size=DIM)
        out[i] = v / np.linalg.norm(v)
    return out


def _head(intercept: float, model_hash: str = "h" * 16, threshold: float = 0.6) -> head_io.Head:
    n = DIM + len(EXTRA_FEATURES)
    data = {
        "format": head_io.FORMAT,
        "format_version": head_io.FORMAT_VERSION,
        "embedding_model_hash": model_hash,
        "dimension": DIM,
        "features": list(EXTRA_FEATURES),
        "scaler": {"mean": [0.0] * n, "scale": [1.0] * n},
        "coef": [0.0] * n,
        "intercept": intercept,
        "calibration": {"method": "platt", "a": 1.0, "b": 0.0},
        "threshold": threshold,
        "thresholds": {},
    }
    return head_io.from_bytes(head_io.dump(data))


def _detector(taxonomy: Taxonomy, intercept: float, **options: Any) -> EmbeddingDetector:
    options.setdefault("require_group_mention", False)
    return EmbeddingDetector(
        taxonomy, _embed, EmbeddingOptions(**options), exemplars=EXEMPLARS, head=_head(intercept), model_hash="h" * 16
    )


def _batch(texts: list[str], taxonomy: Taxonomy) -> Batch:
    return Batch(
        [TextSample(str(i), "", t) for i, t in enumerate(texts)],
        mention_fn=taxonomy.match,
        embed_fn=_embed,
        neutralise_fn=neutralise,
    )


def test_a_head_fitted_with_other_lexicons_is_loaded_with_a_warning_naming_the_fix(
    taxonomy: Taxonomy, caplog: pytest.LogCaptureFixture
) -> None:
    data = json.loads(head_io.dump(_head(0.1).data))
    harm_now = HarmLexiconDetector(taxonomy).version
    data["training"] = {"taxonomy": taxonomy.digest, "harm_lexicon": "2+lexicon.000000000000"}
    stale = head_io.from_bytes(head_io.dump(data))
    with caplog.at_level("WARNING", logger="detectors.embedding"):
        det = EmbeddingDetector(taxonomy, _embed, exemplars=EXEMPLARS, head=stale, model_hash="h" * 16)
    assert det.stale_lexicons == [f"harm lexicon 2+lexicon.000000000000, now {harm_now}"]
    assert "biaswatch train-detector" in caplog.text and "harm lexicon" in caplog.text
    caplog.clear()
    data["training"]["harm_lexicon"] = harm_now
    fresh = EmbeddingDetector(
        taxonomy, _embed, exemplars=EXEMPLARS, head=head_io.from_bytes(head_io.dump(data)), model_hash="h" * 16
    )
    assert fresh.stale_lexicons == [] and "train-detector" not in caplog.text


def test_a_head_fitted_on_another_encoder_is_refused_with_the_fix(taxonomy: Taxonomy) -> None:
    # detectors/ imports nothing from agent/: the detector raises its own error, a HeadError that
    # the agent's assembly turns into a one-line start-up error (the test below).
    with pytest.raises(head_io.EncoderMismatchError, match="train-detector") as err:
        EmbeddingDetector(taxonomy, _embed, exemplars=EXEMPLARS, head=_head(0.0), model_hash="0" * 16)
    assert isinstance(err.value, head_io.HeadError)
    assert "\n" not in str(err.value)
    assert "h" * 16 in str(err.value) and "0" * 16 in str(err.value)


@pytest.mark.embeddings
def test_the_agent_refuses_a_head_of_another_encoder_at_start_and_loads_the_bundled_one(tmp_path: Path) -> None:
    from agent.assemble import build
    from agent.config import AgentConfig

    c = build(AgentConfig())  # the default (ONNX) encoder with the shipped head: no mismatch
    assert c.embedder is not None and c.embedder.backend == "onnx"
    assert head_io.load().data["embedding_model_hash"] in (c.embedder.source_hash, c.embedder.model_hash)
    data = json.loads(head_io.dump(head_io.load().data))
    data["embedding_model_hash"] = "0" * 16
    other = tmp_path / "head.json"
    other.write_bytes(head_io.dump(data))
    with pytest.raises(EncoderMismatchError, match="train-detector") as err:
        build(AgentConfig(detectors={"embedding": {"head_path": str(other)}}))
    assert isinstance(err.value, BiaswatchError)  # the CLI prints it as one line, no traceback
    assert "\n" not in str(err.value) and "0" * 16 in str(err.value)


def test_a_head_fitted_on_the_torch_weights_loads_on_their_onnx_export(taxonomy: Taxonomy) -> None:
    # The ONNX runtime names itself by source weights + export; the head names the source weights.
    onnx_hash = "h" * 16 + ".onnx-0123abcd"
    ok = EmbeddingDetector(
        taxonomy, _embed, exemplars=EXEMPLARS, head=_head(0.0), model_hash=onnx_hash, source_hash="h" * 16
    )
    assert ok.head.data["embedding_model_hash"] == "h" * 16
    with pytest.raises(head_io.EncoderMismatchError, match=r"built from weights 0{16}"):
        EmbeddingDetector(
            taxonomy,
            _embed,
            exemplars=EXEMPLARS,
            head=_head(0.0),
            model_hash="0" * 16 + ".onnx-0123abcd",
            source_hash="0" * 16,
        )


def test_the_fine_tuned_delta_names_its_own_encoder_and_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.config import EmbeddingModelConfig
    from agent.embedder import MODEL_ID, default_encoder_dir, model_id
    from detectors import encoder

    monkeypatch.delenv("BIASWATCH_ENCODER_DIR", raising=False)
    assert encoder.bundled_delta() is None or model_id(EmbeddingModelConfig()).startswith(f"{MODEL_ID}+ft.")
    delta = tmp_path / encoder.DELTA_FILE
    delta.write_bytes(b"not read beyond its hash here")
    monkeypatch.setattr(encoder, "bundled_delta", lambda: delta)
    ft = EmbeddingModelConfig()
    assert model_id(ft) == f"{MODEL_ID}+ft.{encoder.file_hash(delta)[:12]}"
    # its own ONNX export, never the base model's (the folder also names the export recipe)
    assert default_encoder_dir(ft).name.startswith(f"{model_id(ft)}.export-r")
    assert model_id(EmbeddingModelConfig(finetuned=False)) == MODEL_ID
    assert model_id(EmbeddingModelConfig(path=str(tmp_path / "mine"))) == "mine"


def test_confident_score_without_a_taxonomy_group_is_flagged_unknown(taxonomy: Taxonomy) -> None:
    detector = _detector(taxonomy, intercept=4.0)  # p ~ 0.98 for every text
    findings = detector.detect(_batch(["Those people from over there are filthy.", "Women run the club."], taxonomy))
    unknown, named = findings
    assert unknown.flagged and unknown.groups == (UNKNOWN_GROUP,)
    assert unknown.threshold == pytest.approx(0.6)
    assert named.flagged and named.groups == ("women",)


def test_require_group_mention_keeps_the_score_below_the_line(taxonomy: Taxonomy) -> None:
    detector = _detector(taxonomy, intercept=4.0, require_group_mention=True)
    (f,) = detector.detect(_batch(["Those people from over there are filthy."], taxonomy))
    assert not f.flagged and f.score < f.threshold  # type: ignore[operator]


@pytest.mark.parametrize("intercept", [-4.0, -0.2, 0.2, 0.405, 0.41, 4.0])
def test_embedding_findings_flag_exactly_at_their_threshold(taxonomy: Taxonomy, intercept: float) -> None:
    findings = _detector(taxonomy, intercept).detect(_batch(["Women run the club.", "Nothing here."], taxonomy))
    for f in findings:
        assert f.threshold is not None and f.flagged == (f.score >= f.threshold)
        (prob,) = [e for e in f.evidence if e.kind == "probability"]
        assert prob.detail["threshold"] == pytest.approx(f.threshold, abs=1e-4)


def test_a_finding_that_contradicts_its_threshold_is_refused() -> None:
    ev = (Evidence("probability", "0.7"),)
    with pytest.raises(ValueError, match="threshold"):
        Finding("x", "1", 0.7, False, "stereotype", (), ev, threshold=0.6)
    with pytest.raises(ValueError, match="threshold"):
        Finding("x", "1", 0.5, True, "stereotype", (), ev, threshold=0.6)


def test_on_scale_is_monotone_and_maps_each_threshold_onto_the_common_one() -> None:
    xs = np.linspace(0.0, 1.0, 201)
    for own in (0.3, 0.5, 0.8):
        ys = [on_scale(float(x), own, 0.65) for x in xs]
        assert all(b >= a for a, b in itertools.pairwise(ys))
        assert on_scale(own, own, 0.65) == pytest.approx(0.65)
        assert on_scale(0.0, own, 0.65) == 0.0 and on_scale(1.0, own, 0.65) == pytest.approx(1.0)
        assert all((y >= 0.65) == (x >= own) for x, y in zip(xs, ys, strict=True))


def _finding(score: float, threshold: float | None, calibrated: bool) -> Finding:
    flagged = threshold is not None and score >= threshold
    return Finding("d", "1", score, flagged, "stereotype", (), (Evidence("e", "x"),), threshold, calibrated)


def test_a_rules_weight_below_its_line_does_not_outrank_the_calibrated_probability() -> None:
    head = _finding(0.10, 0.8, calibrated=True)
    rule = _finding(0.35, 0.5, calibrated=False)  # a weak cue: 0.56 on the common scale
    assert sample_score([head, rule], 0.8) == pytest.approx(0.10)
    # Without a calibrated finding the rule's weight is all there is to rank by.
    assert sample_score([rule], 0.8) == pytest.approx(0.56)
    # Once the rule flags, it counts: the sample is flagged whatever the head says.
    assert sample_score([head, _finding(0.6, 0.5, calibrated=False)], 0.8) >= 0.8
    # A plugin without a threshold cannot say it did not flag: its score counts.
    assert sample_score([head, _finding(0.9, None, calibrated=False)], 0.8) == pytest.approx(0.9)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.0, 1.0), st.sampled_from([0.3, 0.5, 0.8]), st.booleans()), min_size=1, max_size=4),
    st.sampled_from([0.5, 0.65, 0.8]),
)
def test_the_sample_is_flagged_exactly_when_one_of_its_findings_is(
    spec: list[tuple[float, float, bool]], common: float
) -> None:
    findings = [_finding(s, t, c) for s, t, c in spec]
    assert (sample_score(findings, common) >= common) == any(f.flagged for f in findings)


class _Plugin:
    """A third-party detector on its own scale (threshold 0.3), to check the sample-level mapping."""

    name = "plugin"
    version = "1"

    def detect(self, batch: Batch) -> list[Finding]:
        out = []
        for s in batch.samples:
            score = min(1.0, len(s.response) / 100)
            out.append(Finding("plugin", s.id, score, score >= 0.3, "stereotype", (), (Evidence("len", "n"),), 0.3))
        return out


def test_sample_flagged_is_exactly_score_at_or_above_the_threshold(taxonomy: Taxonomy) -> None:
    detectors: list[Detector] = [HarmLexiconDetector(taxonomy), _Plugin(), _detector(taxonomy, intercept=0.1)]
    threshold = sample_threshold(detectors)
    assert threshold == pytest.approx(0.6)  # the embedding detector's calibrated scale
    analyser = Analyser(
        Decoder(FieldMapping(), LimitsConfig()), taxonomy, detectors, embed_fn=_embed, embeds=True, threshold=threshold
    )
    texts = [
        "All immigrants are vermin.",
        "Immigrants are my neighbours.",
        "x" * 29,
        "x" * 31,
        "Muslims are filthy parasites and should be deported.",
        "Nice weather today.",
    ]
    records = [Record(json.dumps({"response": t}).encode(), f"t:{i}", "test", 0.0) for i, t in enumerate(texts)]
    results = analyser.analyse(records).results
    assert {r.flagged for r in results} == {True, False}  # both sides of the line are exercised
    for r in results:
        line = r.score_line()
        assert line["threshold"] == pytest.approx(threshold)
        assert line["flagged"] == (line["score"] >= line["threshold"])
        # Each flagging finding is flagged on the common scale too, so no flag is lost or invented.
        assert r.flagged == any(f.flagged for f in r.findings)
