"""Deterministic sampling, load shedding of the embedding detectors, record headers in metadata,
and the pipeline writing to several sinks (with an in-memory source and fake embeddings)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence

import numpy as np
from prometheus_client import CollectorRegistry

from agent.analyse import Analyser
from agent.config import FieldMapping, LimitsConfig, PipelineConfig, SamplingConfig
from agent.decode import Decoder
from agent.metrics.sampling import SamplingMetrics
from agent.pipeline import Pipeline
from agent.sampling import Sampler, unit_hash
from agent.sinks.base import DeadLetter, FlagRecord, FlagsOnly, WriteResult
from agent.sources.base import Record
from agent.sources.memory import MemorySource
from detectors.base import Batch, Embeddings, Evidence, Finding
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy

BIASED = "All immigrants are lazy criminals."


class CountingEmbedder:
    """Stands in for the embedding detector: flags everything it sees, and remembers what that was."""

    name = "fake_embedding"
    version = "0"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def detect(self, batch: Batch) -> list[Finding]:
        batch.embeddings()
        self.seen.extend(s.response for s in batch.samples)
        return [
            Finding(self.name, s.id, 0.9, True, "stereotype", (), (Evidence("fake", s.response),))
            for s in batch.samples
        ]


def _zeros(texts: list[str]) -> Embeddings:
    return np.zeros((len(texts), 4), dtype=np.float32)


def _payload(i: int, response: str = "A plain answer about cooking pasta.") -> bytes:
    return json.dumps({"id": f"s{i}", "model": "m", "response": f"{response} #{i}"}).encode()


def _analyser(taxonomy: Taxonomy, config: SamplingConfig, fake: CountingEmbedder) -> Analyser:
    return Analyser(
        Decoder(FieldMapping(), LimitsConfig()),
        taxonomy,
        [HarmLexiconDetector(taxonomy), fake],
        embed_fn=_zeros,
        embeds=True,
        sampler=Sampler(config),
        embedding_detectors=frozenset({fake.name}),
    )


def test_sampling_is_deterministic_and_close_to_the_rate() -> None:
    sampler = Sampler(SamplingConfig(rate=0.3))
    ids = [f"id-{i}" for i in range(5000)]
    kept = [i for i in ids if sampler.keep(i)]
    assert kept == [i for i in ids if sampler.keep(i)]  # same answer every time, on every replica
    assert 0.27 < len(kept) / len(ids) < 0.33
    assert unit_hash("a", "sample") != unit_hash("a", "embed")  # sampling and shedding are independent


def test_shedding_starts_above_the_lag_bound() -> None:
    sampler = Sampler(SamplingConfig(shed_when_lag_above=100, shed_ratio=0.2))
    assert sampler.embed_ratio(None) == 1.0
    assert sampler.embed_ratio(100) == 1.0
    assert sampler.embed_ratio(101) == 0.2
    assert Sampler(SamplingConfig()).embed_ratio(10**9) == 1.0  # no bound configured: never shed


def test_under_shedding_lexicon_sees_all_and_embedding_a_subset(taxonomy: Taxonomy) -> None:
    fake = CountingEmbedder()
    analyser = _analyser(taxonomy, SamplingConfig(), fake)
    records = [Record(_payload(i, BIASED), f"t:0:{i}", "kafka", 0.0) for i in range(400)]
    outcome = analyser.analyse(records, embed_ratio=0.25)
    results = outcome.results
    assert len(results) == 400
    lexicon_hits = sum(any(f.detector == "harm_lexicon" and f.flagged for f in r.findings) for r in results)
    assert lexicon_hits == 400  # the lexicon saw every sample
    assert 60 < len(fake.seen) < 140  # about a quarter reached the embedding detector
    embedded = [r for r in results if any(f.detector == fake.name for f in r.findings)]
    assert len(embedded) == len(fake.seen)
    # Findings are mapped back to the right samples, and the rest are marked as not fully analysed.
    assert all(r.sample.response in fake.seen and r.fully_analysed for r in embedded)
    assert sum(not r.fully_analysed for r in results) == 400 - len(embedded) == outcome.shed
    assert outcome.embeddings is None  # rows would not line up with results


def test_without_shedding_everything_is_fully_analysed(taxonomy: Taxonomy) -> None:
    fake = CountingEmbedder()
    outcome = _analyser(taxonomy, SamplingConfig(), fake).analyse(
        [Record(_payload(i), f"t:0:{i}", "kafka", 0.0) for i in range(20)]
    )
    assert len(fake.seen) == 20 and outcome.shed == 0
    assert all(r.fully_analysed for r in outcome.results)
    assert outcome.embeddings is not None and outcome.embeddings.shape == (20, 4)


def test_sampled_out_samples_are_counted_not_analysed(taxonomy: Taxonomy) -> None:
    fake = CountingEmbedder()
    outcome = _analyser(taxonomy, SamplingConfig(rate=0.5), fake).analyse(
        [Record(_payload(i), f"t:0:{i}", "kafka", 0.0) for i in range(200)]
    )
    assert outcome.sampled_out + len(outcome.results) == 200
    assert 70 < outcome.sampled_out < 130
    assert len(fake.seen) == len(outcome.results)


def test_record_headers_land_in_the_sample_metadata(taxonomy: Taxonomy) -> None:
    analyser = _analyser(taxonomy, SamplingConfig(), CountingEmbedder())
    payload = json.dumps({"id": "h", "response": "ok", "metadata": {"team": "a"}}).encode()
    record = Record(payload, "t:0:1", "kafka", 0.0, headers={"traceparent": "00-abc-01"})
    (result,) = analyser.analyse([record]).results
    assert result.sample.metadata == {"team": "a", "headers": {"traceparent": "00-abc-01"}}
    (plain,) = analyser.analyse([Record(payload, "t:0:2", "kafka", 0.0)]).results
    assert plain.sample.metadata == {"team": "a"}


class MemorySink:
    transient: tuple[type[BaseException], ...] = (ConnectionError,)

    def __init__(self, name: str, failures: int = 0) -> None:
        self.name = name
        self.failures = failures
        self.calls = 0
        self.flags: list[str] = []
        self.dead: list[str] = []

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        self.calls += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker away")
        self.flags += [f.sample.id for f in flags]
        self.dead += [d.reason for d in dead_letters]
        return WriteResult(len(flags), 0, len(dead_letters))

    def close(self) -> None:
        pass


def test_each_sink_is_retried_alone_and_the_source_commits_after_all(taxonomy: Taxonomy) -> None:
    steady, flaky = MemorySink("sqlite"), MemorySink("kafka", failures=2)
    registry = CollectorRegistry()
    pipeline = Pipeline(
        _analyser(taxonomy, SamplingConfig(), CountingEmbedder()),
        PipelineConfig(),
        sinks=[FlagsOnly(steady), flaky],
        sampling_metrics=SamplingMetrics(registry, 1.0),
    )
    source = MemorySource([_payload(1, BIASED), b"{broken"])
    pipeline.run(source, threading.Event())
    assert steady.calls == 1  # not written again while the other sink was retried
    assert flaky.calls == 3
    assert steady.flags == flaky.flags == ["s1"]
    assert steady.dead == [] and flaky.dead == ["invalid_json"]  # dead letters left to the other sink
    assert source.committed == ["memory:1", "memory:2"]
    assert registry.get_sample_value("biaswatch_embedding_sampling_ratio") == 1.0
