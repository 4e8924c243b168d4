"""The loop's guarantees, with the in-memory source: commit after durable, detector failures isolated,
transient sink failures retried, metrics and observers agree."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from agent.analyse import Analyser, BatchOutcome
from agent.config import FieldMapping, LimitsConfig, PipelineConfig
from agent.decode import Decoder
from agent.errors import StoppedWhileRetryingError
from agent.metrics.pipeline import Metrics, ModelLabels
from agent.pipeline import Pipeline
from agent.sinks.sqlite_queue import DeadLetter, FlagQueue, FlagRecord, WriteResult
from agent.sources.memory import MemorySource
from agent.tools.report import RunReport
from detectors.base import FLAG_CATEGORIES, Batch, Finding
from detectors.groups import GroupsDetector
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy

BIASED = json.dumps({"id": "x", "model": "m", "response": "All immigrants are lazy criminals."}).encode()
BENIGN = json.dumps({"id": "y", "model": "m", "response": "My Muslim neighbour helped me."}).encode()


class Exploding:
    name = "exploding"
    version = "0"

    def detect(self, batch: Batch) -> list[Finding]:
        raise RuntimeError("boom")


class FlakyQueue(FlagQueue):
    """The real queue, failing the first `failures` writes as a locked database would."""

    def __init__(self, path: Path, failures: int) -> None:
        super().__init__(path)
        self.failures = failures
        self.attempts = 0

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise sqlite3.OperationalError("database is locked")
        return super().write(flags, dead_letters)


def _metrics(taxonomy: Taxonomy, registry: CollectorRegistry) -> Metrics:
    return Metrics(
        registry,
        detectors=["harm_lexicon", "exploding"],
        categories=[*FLAG_CATEGORIES, "other"],
        group_axis=taxonomy.group_axis,
        sources=["memory"],
        models=ModelLabels([], 5),
        config_hash="test",
        detector_versions={},
    )


def _pipeline(taxonomy: Taxonomy, queue: FlagQueue, registry: CollectorRegistry, extra: list[object]) -> Pipeline:
    detectors = [GroupsDetector(taxonomy), HarmLexiconDetector(taxonomy), *extra]
    analyser = Analyser(Decoder(FieldMapping(), LimitsConfig()), taxonomy, detectors)  # type: ignore[arg-type]
    return Pipeline(
        analyser,
        PipelineConfig(batch_size=2),
        queue=queue,
        metrics=_metrics(taxonomy, registry),
        known_categories=frozenset(FLAG_CATEGORIES),
    )


def test_commits_everything_and_counts_agree(tmp_path: Path, taxonomy: Taxonomy) -> None:
    registry = CollectorRegistry()
    queue = FlagQueue(tmp_path / "q.sqlite")
    report = RunReport()
    pipe = _pipeline(taxonomy, queue, registry, [])
    pipe.observers.append(report)
    source = MemorySource([BIASED, BENIGN, b"{bad", BENIGN.replace(b'"y"', b'"z"')])
    pipe.run(source, threading.Event())
    assert source.committed == [f"memory:{i}" for i in range(1, 5)]
    assert report.samples == 3 and report.flagged == 1 and report.invalid == {"invalid_json": 1}
    assert registry.get_sample_value("biaswatch_samples_total", {"model": "m", "source": "memory"}) == 3
    assert (
        registry.get_sample_value("biaswatch_invalid_samples_total", {"reason": "invalid_json", "source": "memory"})
        == 1
    )
    assert registry.get_sample_value("biaswatch_flagged_samples_total", {"model": "m"}) == 1
    assert (
        registry.get_sample_value(
            "biaswatch_flags_total",
            {"detector": "harm_lexicon", "category": "generalisation", "axis": "immigration_status"},
        )
        == 1
    )
    assert queue.depth()["pending"] == 1


def test_a_failing_detector_costs_its_findings_not_the_samples(tmp_path: Path, taxonomy: Taxonomy) -> None:
    registry = CollectorRegistry()
    queue = FlagQueue(tmp_path / "q.sqlite")
    pipe = _pipeline(taxonomy, queue, registry, [Exploding()])
    outcomes: list[BatchOutcome] = []
    pipe.observers.append(outcomes.append)
    source = MemorySource([BIASED, BENIGN])
    pipe.run(source, threading.Event())
    assert source.committed == ["memory:1", "memory:2"]
    (outcome,) = outcomes
    assert all(r.errors == ["exploding"] for r in outcome.results)
    assert registry.get_sample_value("biaswatch_detector_errors_total", {"detector": "exploding"}) == 1
    with sqlite3.connect(tmp_path / "q.sqlite") as conn:
        assert conn.execute("SELECT sample_id, fully_analysed FROM flagged").fetchall() == [("x", 0)]


def test_transient_sink_failures_are_retried_before_commit(tmp_path: Path, taxonomy: Taxonomy) -> None:
    registry = CollectorRegistry()
    queue = FlakyQueue(tmp_path / "q.sqlite", failures=2)
    pipe = _pipeline(taxonomy, queue, registry, [])
    source = MemorySource([BIASED])
    pipe.run(source, threading.Event())
    assert queue.attempts == 3
    assert source.committed == ["memory:1"]
    assert registry.get_sample_value("biaswatch_sink_errors_total", {"sink": "sqlite"}) == 2


def test_a_sink_that_keeps_failing_never_commits_once_stopping(tmp_path: Path, taxonomy: Taxonomy) -> None:
    registry = CollectorRegistry()
    queue = FlakyQueue(tmp_path / "q.sqlite", failures=10**6)
    pipe = _pipeline(taxonomy, queue, registry, [])
    source = MemorySource([BIASED])
    stop = threading.Event()
    stop.set()  # shutdown already asked for: give up retrying, leave the record uncommitted
    with pytest.raises(StoppedWhileRetryingError, match=r"sqlite sink was failing .* will be delivered again") as info:
        pipe.process(source.poll(1, 0), stop)
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    assert source.committed == []
