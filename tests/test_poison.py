"""Poison records: a record that makes a stage raise on its own is dead-lettered with its stage, the
rest of its batch goes on, and the source is committed past it (no crash, no lost flag, no loop).

In process for each stage (features, detector, sink), then through `biaswatch run` with the file,
HTTP and Kafka sources, the poison forced by a real detector plugin (tests/poison_plugin.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import httpx
import numpy as np
import pytest
from prometheus_client import CollectorRegistry

from agent.analyse import Analyser, BatchOutcome
from agent.config import FieldMapping, LimitsConfig, PipelineConfig
from agent.decode import Decoder
from agent.metrics.pipeline import Metrics, ModelLabels
from agent.pipeline import Pipeline
from agent.sinks.sqlite_queue import DeadLetter, FlagQueue, FlagRecord, WriteResult
from agent.sources.memory import MemorySource
from detectors.base import FLAG_CATEGORIES, Embeddings
from detectors.groups import GroupsDetector
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy
from tests.conftest import ROOT, free_port, run_cli, running_agent, wait_until
from tests.kafka_agent import KafkaAgent, kafka_config
from tests.kafka_fixtures import Broker
from tests.poison_plugin import MARKER, PoisonSensitive, install

BIASED_TEXT = "All immigrants are lazy criminals."


def _line(sid: str, response: str) -> bytes:
    return json.dumps({"id": sid, "model": "m", "response": response}).encode()


BIASED = _line("biased", BIASED_TEXT)
POISON = _line("poison", f"A reply that carries the {MARKER}.")
BENIGN = _line("benign", "My Muslim neighbour helped me.")
# A lone surrogate in the id and in the text (truncated LLM output): repaired, not poison.
SURROGATE = b'{"id": "sur\\ud800", "model": "m", "response": "All immigrants are lazy criminals.\\udc00"}'
REPAIRED_ID = "sur\ufffd"


def _metrics(taxonomy: Taxonomy, registry: CollectorRegistry) -> Metrics:
    return Metrics(
        registry,
        detectors=["harm_lexicon", "poison_sensitive"],
        categories=[*FLAG_CATEGORIES, "other"],
        group_axis=taxonomy.group_axis,
        sources=["memory"],
        models=ModelLabels([], 5),
        config_hash="test",
        detector_versions={},
    )


def _pipeline(
    taxonomy: Taxonomy,
    queue: FlagQueue,
    registry: CollectorRegistry,
    *,
    embed_fn: object = None,
    batch_size: int = 8,
) -> Pipeline:
    detectors = [GroupsDetector(taxonomy), HarmLexiconDetector(taxonomy), PoisonSensitive()]
    analyser = Analyser(
        Decoder(FieldMapping(), LimitsConfig()),
        taxonomy,
        detectors,  # type: ignore[arg-type]
        embed_fn=embed_fn,  # type: ignore[arg-type]
        embeds=embed_fn is not None,
    )
    return Pipeline(analyser, PipelineConfig(batch_size=batch_size), queue=queue, metrics=_metrics(taxonomy, registry))


def _dead(path: Path) -> list[tuple[str, str, bytes]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT reason, message, payload FROM dead_letters ORDER BY id").fetchall()


def _flagged(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT sample_id FROM flagged")}


def _value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


def test_a_record_a_detector_cannot_handle_is_dead_lettered_and_the_batch_goes_on(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    registry = CollectorRegistry()
    queue = FlagQueue(tmp_path / "q.sqlite")
    pipe = _pipeline(taxonomy, queue, registry)
    source = MemorySource([BIASED, POISON, SURROGATE, BENIGN])
    pipe.run(source, threading.Event())
    assert source.committed == [f"memory:{i}" for i in range(1, 5)]  # committed past the poison
    assert _flagged(tmp_path / "q.sqlite") == {"biased", REPAIRED_ID}
    ((reason, message, payload),) = _dead(tmp_path / "q.sqlite")
    assert (reason, payload) == ("poison", POISON)  # the original bytes, for inspection and replay
    assert message.startswith("detector: detector poison_sensitive raised ValueError")
    assert _value(registry, "biaswatch_poison_records_total", stage="detector") == 1
    assert _value(registry, "biaswatch_invalid_samples_total", reason="poison", source="memory") == 1
    assert _value(registry, "biaswatch_repaired_samples_total", reason="lone_surrogate", source="memory") == 1
    assert _value(registry, "biaswatch_samples_total", model="m", source="memory") == 3
    # The other samples were fully analysed: the detector was not broken, one record was bad.
    with sqlite3.connect(tmp_path / "q.sqlite") as conn:
        assert conn.execute("SELECT MIN(fully_analysed) FROM flagged").fetchone()[0] == 1


def test_a_record_the_shared_features_cannot_handle_is_dead_lettered(tmp_path: Path, taxonomy: Taxonomy) -> None:
    def embed(texts: list[str]) -> Embeddings:
        if any("tokenizer-bomb" in t for t in texts):
            raise ValueError("the tokenizer refused a text")
        return np.full((len(texts), 4), 0.5, dtype=np.float32)

    registry = CollectorRegistry()
    queue = FlagQueue(tmp_path / "q.sqlite")
    pipe = _pipeline(taxonomy, queue, registry, embed_fn=embed)
    outcomes: list[BatchOutcome] = []
    pipe.observers.append(outcomes.append)
    source = MemorySource([BIASED, _line("bomb", "a tokenizer-bomb reply"), BENIGN])
    pipe.run(source, threading.Event())
    assert source.committed == ["memory:1", "memory:2", "memory:3"]
    assert _flagged(tmp_path / "q.sqlite") == {"biased"}
    ((reason, message, _),) = _dead(tmp_path / "q.sqlite")
    assert reason == "poison" and message.startswith("features:")
    assert _value(registry, "biaswatch_poison_records_total", stage="features") == 1
    (outcome,) = outcomes
    # Drift windows read embeddings row by row against results: the rows still line up.
    assert outcome.embeddings is not None and len(outcome.embeddings) == len(outcome.results) == 2


def test_features_failing_for_every_record_are_the_environment_not_poison(taxonomy: Taxonomy) -> None:
    def embed(texts: list[str]) -> Embeddings:
        raise OSError("model file vanished")

    pipe = _pipeline(taxonomy, FlagQueue(":memory:"), CollectorRegistry(), embed_fn=embed)
    source = MemorySource([BIASED, BENIGN])
    with pytest.raises(OSError, match="model file vanished"):
        pipe.run(source, threading.Event())
    assert source.committed == []  # nothing committed: redelivered once the environment is fixed


class RefusingQueue(FlagQueue):
    """The real queue, refusing (non-transiently) any batch holding the flag `refuse_id`."""

    refuse_id = "refused"

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        if any(f.sample.id == self.refuse_id for f in flags):
            raise ValueError("cannot serialise this flag")
        return super().write(flags, dead_letters)


def test_a_flag_a_sink_cannot_store_is_dead_lettered_and_the_rest_stored(tmp_path: Path, taxonomy: Taxonomy) -> None:
    registry = CollectorRegistry()
    queue = RefusingQueue(tmp_path / "q.sqlite")
    pipe = _pipeline(taxonomy, queue, registry)
    refused = _line("refused", "Honestly, all immigrants are lazy criminals.")
    source = MemorySource([BIASED, refused, b"{bad", BENIGN])
    pipe.run(source, threading.Event())
    assert source.committed == [f"memory:{i}" for i in range(1, 5)]
    assert _flagged(tmp_path / "q.sqlite") == {"biased"}
    dead = _dead(tmp_path / "q.sqlite")
    assert sorted((r, p) for r, _, p in dead) == sorted([("invalid_json", b"{bad"), ("poison", refused)])
    assert any(m.startswith("sink: the sqlite sink could not store the flag: ValueError") for _, m, _ in dead)
    assert _value(registry, "biaswatch_poison_records_total", stage="sink") == 1
    assert _value(registry, "biaswatch_queue_writes_total", sink="sqlite", result="inserted") == 1


def test_transient_sink_errors_are_still_retried_not_dead_lettered(tmp_path: Path, taxonomy: Taxonomy) -> None:
    class Locked(FlagQueue):
        attempts = 0

        def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
            Locked.attempts += 1
            if Locked.attempts <= 2:
                raise sqlite3.OperationalError("database is locked")
            return super().write(flags, dead_letters)

    registry = CollectorRegistry()
    pipe = _pipeline(taxonomy, Locked(tmp_path / "q.sqlite"), registry)
    pipe.run(MemorySource([BIASED]), threading.Event())
    assert _flagged(tmp_path / "q.sqlite") == {"biased"}
    assert _dead(tmp_path / "q.sqlite") == []


# --- through `biaswatch run` with each source, the poison forced by a real plugin ------------------

DETECTORS = "{groups: {}, harm_lexicon: {}, poison_sensitive: {}}"


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    site = install(tmp_path / "site")
    return {"PYTHONPATH": os.pathsep.join([str(site), str(ROOT), os.environ.get("PYTHONPATH", "")])}


def test_file_source_run_survives_poison(tmp_path: Path, plugin_env: dict[str, str]) -> None:
    data = tmp_path / "in.jsonl"
    data.write_bytes(b"\n".join([BIASED, POISON, SURROGATE, BENIGN]) + b"\n")
    cfg = tmp_path / "agent.yaml"
    cfg.write_text(
        f"source: {{type: file, path: {data}}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n"
        "metrics: {enabled: false}\n"
        f"detectors: {DETECTORS}\n"
    )
    proc = run_cli("run", "--config", str(cfg), env=plugin_env)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr
    assert _flagged(tmp_path / "q.sqlite") == {"biased", REPAIRED_ID}
    assert [(r, p) for r, _, p in _dead(tmp_path / "q.sqlite")] == [("poison", POISON)]


def test_http_source_run_survives_poison(tmp_path: Path, plugin_env: dict[str, str]) -> None:
    http_port, metrics_port = free_port(), free_port()
    cfg = tmp_path / "agent.yaml"
    cfg.write_text(
        f"source: {{type: http, host: 127.0.0.1, port: {http_port}}}\n"
        f"metrics: {{host: 127.0.0.1, port: {metrics_port}}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n"
        "pipeline: {batch_timeout_seconds: 0.1}\n"
        f"detectors: {DETECTORS}\n"
    )
    url = f"http://127.0.0.1:{http_port}/v1/samples"
    ndjson = {"Content-Type": "application/x-ndjson"}
    with running_agent(cfg, tmp_path / "agent.log", f"http://127.0.0.1:{metrics_port}", env=plugin_env) as proc:
        r = httpx.post(url, content=b"\n".join([BIASED, POISON, SURROGATE]), headers=ndjson, timeout=60)
        assert r.status_code == 202, r.text
        # A poison record alone in its batch, then the agent still takes work.
        poison_2 = POISON.replace(b'"poison"', b'"poison-2"')
        assert httpx.post(url, content=poison_2, headers=ndjson, timeout=60).status_code == 202
        assert httpx.post(url, content=BENIGN, headers=ndjson, timeout=60).status_code == 202
        assert proc.poll() is None
    assert _flagged(tmp_path / "q.sqlite") == {"biased", REPAIRED_ID}
    assert sorted(json.loads(p)["id"] for r, _, p in _dead(tmp_path / "q.sqlite") if r == "poison") == [
        "poison",
        "poison-2",
    ]
    assert b"Traceback" not in (tmp_path / "agent.log").read_bytes()


def test_kafka_source_run_dead_letters_poison_and_commits_past_it(
    broker: Broker, tmp_path: Path, plugin_env: dict[str, str]
) -> None:
    broker.create_topic("samples", partitions=1)
    broker.produce("samples", [BIASED, POISON, SURROGATE, BENIGN])
    cfg = kafka_config(tmp_path, broker, detectors=DETECTORS)
    agent = KafkaAgent(cfg, tmp_path, env=plugin_env).start()
    try:
        wait_until(lambda: agent.metric("biaswatch_kafka_records_consumed_total") >= 4, timeout=90)
        wait_until(lambda: agent.metric("biaswatch_kafka_consumer_lag_records") == 0, timeout=30)
        # Counters are updated just after the sink write that makes the flags durable: poll, not read once.
        wait_until(lambda: agent.metric("biaswatch_poison_records_total", stage="detector") == 1, timeout=30)
        assert set(agent.flagged_ids()) == {"biased", REPAIRED_ID}
    finally:
        assert agent.stop() == 0
    dead = broker.read_all("dead")
    assert [m.value for m in dead] == [POISON]
    headers = dict(dead[0].headers)
    assert headers["dlq-reason"] == b"poison" and headers["dlq-stage"] == b"detector"
    # Committed past the poison: a restarted agent is not handed it again (no crash loop).
    again = KafkaAgent(cfg, tmp_path, env=plugin_env).start()
    try:
        wait_until(lambda: again.metric("biaswatch_kafka_rebalances_total", kind="assigned") >= 1, timeout=60)
        assert again.metric("biaswatch_kafka_records_consumed_total") == 0
        assert again.proc is not None and again.proc.poll() is None
    finally:
        assert again.stop() == 0
    assert len(broker.read_all("dead")) == 1


def test_score_writes_one_line_per_input_line_with_poison_and_surrogates(
    tmp_path: Path, plugin_env: dict[str, str]
) -> None:
    cfg = tmp_path / "score.yaml"
    cfg.write_text(f"detectors: {DETECTORS}\n")
    lines = [BIASED, POISON, SURROGATE, b'{"id": "\\ud800", "response": "x"}', b"\xff\xfe", BENIGN]
    proc = run_cli("score", "-", "--output", "-", "--config", str(cfg), stdin=b"\n".join(lines) + b"\n", env=plugin_env)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    out = [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6]
    assert out[1]["error"]["reason"] == "poison"
    assert out[2]["id"] == REPAIRED_ID and out[2]["flagged"] is True
    assert out[3]["id"] == "\ufffd"
    assert out[4]["error"]["reason"] == "invalid_utf8"
