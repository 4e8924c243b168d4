"""Baselines record the scorer behind their scores and flags, and are never compared across scorers.

Real .npz files on disk throughout; the monitor runs on generated batches, the runtime and replay on
the real lexicon detectors.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import numpy as np
import pytest
from prometheus_client import CollectorRegistry

from agent.analyse import BatchOutcome, SampleResult
from agent.assemble import build, build_metrics
from agent.config import DriftConfig, load_config
from agent.drift.baseline import FORMAT_VERSION, Baseline, BaselineError, Reference, ReferenceBuilder, staleness
from agent.drift.monitor import SCORE_TESTS, DriftMonitor
from agent.drift.runtime import DriftRuntime
from agent.metrics.drift import DriftMetrics
from agent.sample import Sample
from agent.scorer import Scorer
from agent.sources.base import Record
from agent.tools.traffic import TrafficSpec, generate
from detectors.base import SCORING_RULE
from tests.conftest import run_cli

SCORER = Scorer(
    rule=SCORING_RULE,
    detectors={"embedding": "2+all-MiniLM-L6-v2+head1.aaaaaaaaaaaa", "harm_lexicon": "2+lexicon.bbbbbbbbbbbb"},
    taxonomy="cccccccccccc",
    encoder="ffff+seq256",
    threshold=0.8,
    options="dddddddddddd",
)
# What a head refit does: only the embedding detector's version moves.
REFIT = dataclasses.replace(
    SCORER, detectors={**SCORER.detectors, "embedding": "2+all-MiniLM-L6-v2+head1.eeeeeeeeeeee"}
)


def _outcome(rng: np.random.Generator, n: int, flag_rate: float, score_shift: float = 0.0) -> BatchOutcome:
    results = []
    for i in range(n):
        results.append(
            SampleResult(
                record=Record(b"{}", f"f:{i}", "file", 0.0),
                sample=Sample(id=str(i), ts=0.0, model="m", response="r"),
                findings=[],
                score=max(0.0, min(1.0, float(rng.beta(2, 5)) + score_shift)),
                flagged=bool(rng.random() < flag_rate),
                groups=["women"] if i % 3 == 0 else [],
                prompt_groups=[],
                response_groups=[],
            )
        )
    emb = rng.normal(size=(n, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return BatchOutcome(list(results), {}, {}, emb)


def _reference(scorer: Scorer | None, flag_rate: float, score_shift: float, seed: int = 0) -> Reference:
    """A reference from traffic like `_outcome`'s (same embeddings distribution)."""
    rng = np.random.default_rng(seed)
    b = ReferenceBuilder(400, rng)
    out = _outcome(rng, 400, flag_rate, score_shift)
    assert out.embeddings is not None
    for r, e in zip(out.results, out.embeddings, strict=True):
        b.add(r.score, r.flagged, tuple(r.groups), e)
    return b.build(scorer)


def _write_format_1(path: Path, ref: Reference, model_hash: str) -> None:
    """The file an agent before format 2 wrote: no scorer anywhere."""
    assert ref.embeddings is not None
    meta = {
        "format": 1,
        "model_hash": model_hash,
        "created": 1.0,
        "revision": 4,
        "origin": "stream",
        "models": {
            "m": {
                "samples": ref.samples,
                "flagged": ref.flagged,
                "group_samples": ref.group_samples,
                "group_flagged": ref.group_flagged,
                "row_groups": [list(g) for g in ref.row_groups],
                "embeddings": True,
            }
        },
    }
    with path.open("wb") as fh:
        np.savez_compressed(fh, meta=np.array(json.dumps(meta)), scores_0=ref.scores, embeddings_0=ref.embeddings)


def test_the_scorer_round_trips_per_reference(tmp_path: Path) -> None:
    path = tmp_path / "b.npz"
    Baseline("ffff", {"m": _reference(SCORER, 0.05, 0.0), "n": _reference(REFIT, 0.05, 0.0)}).save(path)
    loaded = Baseline.load(path)
    assert loaded.references["m"].scorer == SCORER and loaded.references["n"].scorer == REFIT
    with np.load(path) as z:
        meta = json.loads(str(z["meta"]))
    assert meta["format"] == FORMAT_VERSION == 2
    assert meta["models"]["m"]["scorer"]["rule"] == SCORING_RULE
    assert staleness(loaded.references["m"], SCORER) == ("", "")


def test_what_a_scorer_change_invalidates() -> None:
    ref = _reference(SCORER, 0.05, 0.0)
    part, why = staleness(ref, REFIT)
    assert part == "scores" and "head1.aaaaaaaaaaaa -> 2+all-MiniLM-L6-v2+head1.eeeeeeeeeeee" in why
    assert staleness(ref, dataclasses.replace(SCORER, rule=SCORING_RULE + 1))[0] == "scores"
    assert staleness(ref, dataclasses.replace(SCORER, threshold=0.7))[0] == "scores"
    assert staleness(ref, dataclasses.replace(SCORER, options="000000000000"))[0] == "scores"
    # Another identity lexicon neutralises other words before embedding: the embeddings go too.
    part, why = staleness(ref, dataclasses.replace(SCORER, taxonomy="999999999999"))
    assert part == "all" and "identity lexicon cccccccccccc -> 999999999999" in why
    assert staleness(ref, dataclasses.replace(SCORER, encoder="ffff+seq128"))[0] == "all"


def test_main_s_new_sample_score_rule_is_a_new_scoring_rule() -> None:
    # Rule 1 (before ed6d339) let a sub-threshold lexicon finding outrank the head's probability.
    assert SCORING_RULE >= 2


def test_a_format_1_file_loads_and_its_scores_count_as_unverified(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    ref = _reference(None, 0.05, 0.0)
    _write_format_1(path, ref, "ffff")
    loaded = Baseline.load(path)
    got = loaded.references["m"]
    assert got.scorer is None and loaded.revision == 4 and np.array_equal(got.scores, ref.scores)
    part, why = staleness(got, SCORER)
    assert part == "scores" and "cannot be verified" in why


def test_an_unknown_format_or_a_malformed_scorer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.npz"
    Baseline("ffff", {"m": _reference(SCORER, 0.05, 0.0)}).save(path)
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    meta["format"] = 3
    with path.open("wb") as fh:
        np.savez_compressed(fh, **{**arrays, "meta": np.array(json.dumps(meta))})
    with pytest.raises(BaselineError, match="format 3, this agent reads 1, 2"):
        Baseline.load(path)
    meta["format"] = 2
    meta["models"]["m"]["scorer"] = {"rule": 2}
    with path.open("wb") as fh:
        np.savez_compressed(fh, **{**arrays, "meta": np.array(json.dumps(meta))})
    with pytest.raises(BaselineError, match="model 'm': malformed scorer record"):
        Baseline.load(path)


def _monitor(path: Path, scorer: Scorer, saved: list[Baseline], registry: CollectorRegistry) -> DriftMonitor:
    cfg = DriftConfig(enabled=True, window_size=100, permutations=100, baseline={"reference_size": 300})
    return DriftMonitor(
        cfg,
        "ffff",
        metrics=DriftMetrics(registry, cfg.tests),
        baseline=Baseline.load(path),
        on_baseline=saved.append,
        scorer=scorer,
    )


def _learning(registry: CollectorRegistry, test: str) -> float | None:
    return registry.get_sample_value("biaswatch_drift_reference_learning", {"model": "m", "test": test})


def test_score_references_of_another_scorer_are_relearned_while_mmd_keeps_running(tmp_path: Path) -> None:
    # The old scorer flagged 0.5% and scored everything lower: compared with today's traffic (5%),
    # the flag and score tests would fire on the upgrade alone (see the control at the end).
    path = tmp_path / "b.npz"
    old = _reference(SCORER, 0.005, -0.15)
    Baseline("ffff", {"m": old}, origin="file:reviewed.jsonl").save(path)
    saved: list[Baseline] = []
    registry = CollectorRegistry()
    mon = _monitor(path, REFIT, saved, registry)
    assert mon.relearning["m"][0] == "scores"
    assert _learning(registry, "ks") == 1.0 and _learning(registry, "mmd") == 0.0

    rng = np.random.default_rng(5)
    for _ in range(3):  # 300 samples: the score reference fills exactly at the end
        mon.observe(_outcome(rng, 100, 0.05))
    during = list(mon.history)
    assert {e.test for e in during} == {"mmd"}  # three windows, embedding test only
    assert all(not e.drift for e in during)
    ref = mon.baseline.references["m"]
    assert ref.scorer == REFIT and ref.samples == 300 and not mon.relearning
    assert ref.embeddings is not None and old.embeddings is not None
    assert np.array_equal(ref.embeddings, old.embeddings)
    assert ref.row_groups == old.row_groups
    assert 0.02 < ref.flag_rate < 0.1  # today's rate, not the old scorer's 0.5%
    assert _learning(registry, "ks") == 0.0
    assert len(saved) == 1 and saved[0].revision == 2

    for _ in range(4):
        mon.observe(_outcome(rng, 100, 0.05))
    after = [e for e in mon.history if e not in during]
    assert {e.test for e in after} >= SCORE_TESTS
    assert not [e for e in after if e.alert and e.test in {"flag_rate", "ks", "tail"}]

    # Control: the same file and traffic compared across scorers, as before baselines recorded
    # theirs, raises flag and score drift in every window.
    blind = DriftMonitor(mon.config, "ffff", baseline=Baseline.load(path))
    rng = np.random.default_rng(5)
    for _ in range(3):
        blind.observe(_outcome(rng, 100, 0.05))
    alarms = {(e.end_index, e.test) for e in blind.history if e.drift}
    assert {(end, t) for end in (99, 199, 299) for t in ("ks", "tail", "flag_rate")} <= alarms


def test_another_identity_lexicon_relearns_the_whole_reference(tmp_path: Path) -> None:
    path = tmp_path / "b.npz"
    Baseline("ffff", {"m": _reference(SCORER, 0.05, 0.0)}).save(path)
    saved: list[Baseline] = []
    registry = CollectorRegistry()
    lexicon = dataclasses.replace(SCORER, taxonomy="999999999999")
    mon = _monitor(path, lexicon, saved, registry)
    assert mon.relearning["m"][0] == "all" and "m" not in mon.baseline.references
    assert _learning(registry, "mmd") == 1.0
    rng = np.random.default_rng(6)
    for _ in range(4):
        mon.observe(_outcome(rng, 100, 0.05))
    assert mon.baseline.references["m"].scorer == lexicon and not mon.relearning
    assert min(e.end_index for e in mon.history) == 399  # windows start after the new reference
    assert _learning(registry, "mmd") == 0.0


def test_a_format_1_file_relearns_its_scores_and_keeps_its_embeddings(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    old = _reference(None, 0.05, 0.0)
    _write_format_1(path, old, "ffff")
    mon = _monitor(path, SCORER, [], CollectorRegistry())
    assert mon.relearning["m"] == ("scores", mon.relearning["m"][1])
    assert "cannot be verified" in mon.relearning["m"][1]
    rng = np.random.default_rng(7)
    for _ in range(3):
        mon.observe(_outcome(rng, 100, 0.05))
    ref = mon.baseline.references["m"]
    assert ref.scorer == SCORER and ref.embeddings is not None and old.embeddings is not None
    assert np.array_equal(ref.embeddings, old.embeddings)


# -- through the real runtime and CLI, on the lexicon detectors -------------------------------------


def _config(tmp_path: Path, baseline: Path) -> Path:
    cfg = tmp_path / "agent.yaml"
    cfg.write_text(
        "metrics: {enabled: false}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
        f"drift: {{enabled: true, window_size: 100, baseline: {{path: {baseline}, reference_size: 200}}}}\n"
    )
    return cfg


def _records(n: int, seed: int) -> list[Record]:
    lines = generate(TrafficSpec(n=n, seed=seed, biased_rate=0.05, models=("acme-chat-7b",)))
    return [Record(line, f"t:{i}", "file", 0.0) for i, line in enumerate(lines)]


def test_the_runtime_relearns_what_the_previous_scorer_left_and_keeps_its_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "baseline.npz"
    config = load_config(_config(tmp_path, path))
    c = build(config)
    current = c.scorer
    assert current.rule == SCORING_RULE and current.detectors["harm_lexicon"].startswith("2+lexicon.")
    assert current.detectors["groups"] == f"1+lexicon.{c.taxonomy.digest}"
    before = dataclasses.replace(current, rule=1)  # the same detectors under the previous sample-score rule
    Baseline("none", {"acme-chat-7b": _reference(before, 0.4, 0.3)}, revision=3).save(path)

    registry = CollectorRegistry()
    metrics = build_metrics(c, registry, ["file"])
    with caplog.at_level(logging.WARNING, logger="agent.drift.monitor"):
        rt = DriftRuntime(config.drift, c, metrics, "records")
    assert "scoring rule 1 -> 2" in caplog.text and "re-learned from its next 200 samples" in caplog.text
    labels = {"model": "acme-chat-7b", "test": "flag_rate"}
    assert registry.get_sample_value("biaswatch_drift_reference_learning", labels) == 1.0

    for start in range(0, 400, 50):
        rt.observe(c.analyser.analyse(_records(400, 21)[start : start + 50]))
    assert registry.get_sample_value("biaswatch_drift_reference_learning", labels) == 0.0
    on_disk = Baseline.load(path).references["acme-chat-7b"]
    assert on_disk.scorer == current and on_disk.samples == 200 and on_disk.flag_rate < 0.4
    # The file the previous scorer's references were in is kept beside it.
    assert Baseline.load(tmp_path / "baseline.prev.npz").references["acme-chat-7b"].scorer == before
    flag_tests = [e for e in rt.monitor.history if e.test == "flag_rate"]
    assert flag_tests and min(e.end_index for e in flag_tests) >= 299  # only windows after the new reference
    assert rt.report()["baseline"]["models"]["acme-chat-7b"]["scorer"] == current.digest


def test_baseline_build_and_inspect_show_the_scorer(tmp_path: Path) -> None:
    traffic = tmp_path / "traffic.jsonl"
    traffic.write_bytes(b"\n".join(generate(TrafficSpec(n=500, seed=3, models=("acme-chat-7b",)))) + b"\n")
    out = tmp_path / "baseline.npz"
    cfg = _config(tmp_path, out)
    proc = run_cli("baseline", "build", str(traffic), "--config", str(cfg), "--out", str(out), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    built = Baseline.load(out).references["acme-chat-7b"].scorer
    assert built is not None
    digest = built.digest
    assert f"scorer {digest}: rule {SCORING_RULE}" in proc.stdout.decode()

    proc = run_cli("baseline", "inspect", str(out), "--config", str(cfg), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = proc.stdout.decode()
    assert "model acme-chat-7b: 500 samples" in text and f"scorer {digest}" in text
    assert "model acme-chat-7b: use" in text

    b = Baseline.load(out)
    ref = b.references["acme-chat-7b"]
    assert ref.scorer is not None
    ref.scorer = dataclasses.replace(ref.scorer, rule=1)
    b.save(out)
    proc = run_cli("baseline", "inspect", str(out), "--config", str(cfg), "--json", timeout=300)
    assert proc.returncode == 1
    info = json.loads(proc.stdout)
    verdict = info["agent"]["models"]["acme-chat-7b"]
    assert verdict["action"] == "relearn score and flag references" and "scoring rule 1 -> 2" in verdict["reason"]
    proc = run_cli("baseline", "inspect", str(out), timeout=60)  # without a config: a description, exit 0
    assert proc.returncode == 0 and "rule 1" in proc.stdout.decode()

    # The real replay on that file: the score references are re-learned, and the report says so.
    report = tmp_path / "report.json"
    proc = run_cli("replay", str(traffic), "--config", str(cfg), "--report", str(report), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert b"scoring rule 1 -> 2" in proc.stderr and b"rebuild it with `biaswatch baseline build`" in proc.stderr
    drift = json.loads(report.read_text())["drift"]
    relearned = drift["baseline"]["relearned"]["acme-chat-7b"]
    assert relearned["part"] == "scores" and relearned["done"] and "scoring rule 1 -> 2" in relearned["reason"]
    assert drift["baseline"]["models"]["acme-chat-7b"]["scorer"] == digest == drift["baseline"]["scorer"]["digest"]
    # Lexicon detectors only (no embedding tests): nothing runs until the 200-sample reference exists.
    assert min(e["end_index"] for e in drift["evaluations"]) == 299
    html = tmp_path / "report.html"
    assert run_cli("report", str(report), "--html", str(html), timeout=60).returncode == 0
    assert "score and flag references re-learned" in html.read_text()
