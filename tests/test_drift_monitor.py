"""Baselines (persistence, model-hash refusal), the monitor's windows, and scheduler failure isolation."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from prometheus_client import CollectorRegistry, Counter

from agent.analyse import BatchOutcome, SampleResult
from agent.config import DriftConfig
from agent.drift.baseline import Baseline, BaselineError, Reference, ReferenceBuilder
from agent.drift.monitor import DriftMonitor
from agent.drift.scheduler import JobScheduler
from agent.metrics.drift import DriftMetrics
from agent.sample import Sample
from agent.sources.base import Record
from tests.conftest import wait_until


def _outcome(rng: np.random.Generator, n: int, flag_rate: float, model: str = "m", shift: float = 0.0) -> BatchOutcome:
    results = []
    for i in range(n):
        flagged = bool(rng.random() < flag_rate)
        results.append(
            SampleResult(
                record=Record(b"{}", f"f:{i}", "file", 0.0),
                sample=Sample(id=str(i), ts=0.0, model=model, response="r"),
                findings=[],
                score=min(1.0, float(rng.beta(2, 5)) + 0.2 * shift),
                flagged=flagged,
                groups=["women"] if i % 3 == 0 else [],
                prompt_groups=[],
                response_groups=[],
            )
        )
    emb = rng.normal(size=(n, 16)).astype(np.float32)
    emb[:, 0] += shift
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return BatchOutcome(list(results), {}, {}, emb)


def _reference(seed: int = 0) -> Reference:
    rng = np.random.default_rng(seed)
    b = ReferenceBuilder(100, rng)
    for i in range(1000):
        b.add(float(rng.random()), i % 10 == 0, ("women",) if i % 2 == 0 else (), rng.normal(size=8).astype(np.float32))
    return b.build()


def test_baseline_round_trips_and_keeps_the_previous_revision(tmp_path: Path) -> None:
    path = tmp_path / "baseline.npz"
    ref = _reference()
    assert ref.samples == 1000 and ref.flagged == 100 and len(ref.scores) == 100
    assert ref.group_samples == {"women": 500} and ref.group_flagged == {"women": 100}
    Baseline("abc123", {"acme/chat 7b": ref}, created=1.5, origin="file:x").save(path)
    loaded = Baseline.load(path)
    assert loaded.model_hash == "abc123" and loaded.created == 1.5 and loaded.revision == 1
    got = loaded.references["acme/chat 7b"]
    assert np.array_equal(got.scores, ref.scores)
    assert got.embeddings is not None and ref.embeddings is not None
    assert np.array_equal(got.embeddings, ref.embeddings)
    assert got.group_flagged == {"women": 100}
    loaded.revision = 2
    loaded.save(path)
    assert Baseline.load(path).revision == 2
    assert Baseline.load(tmp_path / "baseline.prev.npz").revision == 1


def test_baseline_from_another_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.npz"
    Baseline("aaaa", {"m": _reference()}).save(path)
    with pytest.raises(BaselineError, match="built with embedding model aaaa, but the agent runs bbbb"):
        Baseline.load(path).check_model("bbbb")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(BaselineError, match="not a biaswatch baseline"):
        Baseline.load(tmp_path / "junk.npz")


def test_monitor_builds_a_reference_then_flags_only_the_shifted_windows() -> None:
    rng = np.random.default_rng(7)
    cfg = DriftConfig(enabled=True, window_size=200, permutations=200, baseline={"reference_size": 400})
    registry = CollectorRegistry()
    saved: list[int] = []
    mon = DriftMonitor(
        cfg, "h", metrics=DriftMetrics(registry, cfg.tests), on_baseline=lambda b: saved.append(b.revision)
    )
    for _ in range(8):  # 400 reference + 6 windows of 200 samples, batches straddling boundaries
        mon.observe(_outcome(rng, 200, 0.05))
    before = len(mon.history)
    for _ in range(4):
        mon.observe(_outcome(rng, 200, 0.20, shift=1.0))
    assert saved == [1]
    evals = list(mon.history)
    assert {e.end_index for e in evals} == {599 + 200 * i for i in range(10)}
    assert all(e.window == 200 for e in evals)
    drifted_before = [e for e in evals[:before] if e.drift]
    assert len(drifted_before) <= 1  # 5 tests x 6 windows at alpha 0.01
    after = {e.test for e in evals[before:] if e.drift}
    assert {"mmd", "ks", "flag_rate", "cusum"} <= after
    assert registry.get_sample_value("biaswatch_drift_detected", {"model": "m", "test": "mmd"}) == 1.0
    assert registry.get_sample_value("biaswatch_drift_window_samples", {"model": "m", "test": "ks"}) == 200.0
    report = mon.report()
    assert report["summary"]["mmd"]["evaluations"] == 10
    assert report["evaluations"][0]["end_index"] == 599


def test_windows_stay_bounded() -> None:
    rng = np.random.default_rng(8)
    cfg = DriftConfig(enabled=True, window_size=50, tests=["flag_rate"], baseline={"reference_size": 50})
    mon = DriftMonitor(cfg, "h", clock="scheduler")
    for _ in range(30):
        mon.observe(_outcome(rng, 100, 0.1))
    window = mon._windows["m"]
    assert window.scores.size == 50 and len(window.groups) == 50
    assert window.embeddings is not None and window.embeddings.size == 50
    assert len(mon.evaluate_due()) == 1 and mon.evaluate_due() == []


def test_a_failing_job_is_counted_and_the_others_keep_running() -> None:
    registry = CollectorRegistry()
    failures = Counter("biaswatch_job_failures", "failures", ["job"], registry=registry)
    sched = JobScheduler(failures)
    ran = threading.Event()

    def broken() -> None:
        raise RuntimeError("boom")

    sched.add("broken", broken, 0.05)
    sched.add("fine", ran.set, 0.05)
    sched.start()
    try:
        wait_until(lambda: (registry.get_sample_value("biaswatch_job_failures_total", {"job": "broken"}) or 0) >= 2)
        ran.clear()
        wait_until(ran.is_set)  # still scheduled after the failures
    finally:
        sched.stop()
    assert registry.get_sample_value("biaswatch_job_failures_total", {"job": "fine"}) == 0.0
