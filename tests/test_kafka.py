"""The Kafka source and sinks against a real broker (tansu), with confluent-kafka as the producing gateway."""

from __future__ import annotations

import json
import random
import sqlite3
import threading
from pathlib import Path

import httpx
import jsonschema
import pytest

from agent.sinks.kafka import flagged_schema
from agent.tools.traffic import TrafficSpec, generate
from tests.conftest import wait_until
from tests.kafka_agent import KafkaAgent, expected_flags, kafka_config
from tests.kafka_fixtures import Broker

# Each test runs `biaswatch run` as a subprocess.
pytestmark = pytest.mark.slow


def _traffic(n: int, seed: int, biased_rate: float = 0.1) -> list[bytes]:
    return [line.strip() for line in generate(TrafficSpec(n, seed=seed, biased_rate=biased_rate)) if line.strip()]


def test_end_to_end_flags_reach_topic_and_sqlite_with_headers(broker: Broker, tmp_path: Path) -> None:
    broker.create_topic("samples")
    payloads = _traffic(600, seed=3)
    cfg = kafka_config(tmp_path, broker)
    expected = expected_flags(cfg, payloads)
    assert 5 <= len(expected) < len(payloads) // 2  # the stream really mixes flagged and clean samples
    broker.produce("samples", payloads, headers=[("traceparent", b"00-abc-01")])
    agent = KafkaAgent(cfg, tmp_path).start()
    try:
        wait_until(lambda: agent.metric("biaswatch_samples_total") >= len(payloads), timeout=90)
        wait_until(lambda: agent.metric("biaswatch_kafka_consumer_lag_records") == 0, timeout=30)
        assert set(agent.flagged_ids()) == expected
        assert agent.metric("biaswatch_flagged_samples_total") == len(expected)
        assert agent.metric("biaswatch_kafka_records_consumed_total", topic="samples") == len(payloads)
        assert agent.metric("biaswatch_kafka_up") == 1
        assert agent.metric("biaswatch_queue_writes_total", sink="kafka", result="inserted") == len(expected)
        assert agent.metric("biaswatch_sampling_ratio") == 1.0
    finally:
        assert agent.stop() == 0
    on_topic = broker.read_all("flagged")
    docs = [json.loads(m.value) for m in on_topic]
    assert sorted(d["sample_id"] for d in docs) == sorted(expected)  # each flag once, none missing
    schema = flagged_schema()
    for m, doc in zip(on_topic, docs, strict=True):
        jsonschema.validate(doc, schema)
        assert m.key.decode() == doc["sample_id"]
        headers = dict(m.headers)
        assert headers["biaswatch-agent-version"]
        assert headers["biaswatch-detectors"].decode() == ",".join(doc["detectors"])
        assert doc["sample"]["metadata"]["headers"] == {"traceparent": "00-abc-01"}
        assert doc["fully_analysed"] is True
    with sqlite3.connect(agent.queue) as conn:
        sample = json.loads(conn.execute("SELECT sample FROM flagged LIMIT 1").fetchone()[0])
        positions = [r[0] for r in conn.execute("SELECT position FROM flagged")]
    assert sample["metadata"]["headers"] == {"traceparent": "00-abc-01"}
    assert all(p.startswith("samples:") and len(p.split(":")) == 3 for p in positions)
    # Offsets were committed: a fresh agent in the same group finds nothing left to do.
    agent2 = KafkaAgent(cfg, tmp_path).start()
    try:
        wait_until(lambda: agent2.metric("biaswatch_kafka_rebalances_total", kind="assigned") >= 1, timeout=60)
        assert agent2.metric("biaswatch_kafka_records_consumed_total") == 0
    finally:
        agent2.stop()


def test_malformed_records_go_raw_to_the_dead_letter_topic(broker: Broker, tmp_path: Path) -> None:
    broker.create_topic("samples", partitions=1)
    good = _traffic(20, seed=5, biased_rate=0.0)
    bad = [b"\xff\xfe not utf-8", b"{not json", b'{"id": "x1", "response": 42}', b"[1, 2]"]
    reasons = ["invalid_utf8", "invalid_json", "invalid_response", "not_an_object"]
    keys = {b: f"key-{i}".encode() for i, b in enumerate(bad)}
    broker.produce("samples", [*good[:10], *bad, *good[10:]], headers=[("traceparent", b"t-1")], key=keys.get)
    agent = KafkaAgent(kafka_config(tmp_path, broker), tmp_path).start()
    try:
        wait_until(lambda: agent.metric("biaswatch_samples_total") >= len(good), timeout=90)
        for r in reasons:
            assert agent.metric("biaswatch_kafka_dead_letters_total", reason=r) == 1
        wait_until(lambda: agent.metric("biaswatch_kafka_consumer_lag_records") == 0, timeout=30)
    finally:
        assert agent.stop() == 0
    # Keyed by the original key, so possibly spread over the topic's partitions: the source offset orders them.
    dead = sorted(broker.read_all("dead"), key=lambda m: int(dict(m.headers)["dlq-source-offset"]))
    assert [m.value for m in dead] == bad  # raw bytes, every one
    for m, reason, offset in zip(dead, reasons, range(10, 14), strict=True):
        assert m.key == keys[m.value]
        h = {k: v.decode() for k, v in m.headers}
        assert h["dlq-reason"] == reason
        assert h["dlq-source-topic"] == "samples"
        assert h["dlq-source-partition"] == "0"
        assert h["dlq-source-offset"] == str(offset)
        assert int(h["dlq-timestamp"]) > 1_600_000_000_000
        assert h["traceparent"] == "t-1"
    with sqlite3.connect(agent.queue) as conn:
        # Kafka dead letters live on the topic only; the SQLite table is for the file/http sources.
        assert conn.execute("SELECT COUNT(*) FROM dead_letters").fetchone()[0] == 0


def test_sigkill_at_random_points_loses_no_flag_and_duplicates_none(broker: Broker, tmp_path: Path) -> None:
    broker.create_topic("samples")
    payloads = _traffic(5000, seed=11, biased_rate=0.08)
    cfg = kafka_config(tmp_path, broker)
    expected = expected_flags(cfg, payloads)
    producer = threading.Thread(target=broker.produce, args=("samples", payloads))
    agent = KafkaAgent(cfg, tmp_path).start()
    rng = random.Random(20)
    producer.start()
    try:
        for _ in range(3):
            # Kill somewhere in the middle of the stream, wherever the agent happens to be.
            # The counter restarts with each process, so the kill point is relative to this run.
            target = rng.randint(200, 1200)

            def reached(t: float = target) -> bool:
                return agent.metric("biaswatch_samples_total") >= t

            wait_until(reached, timeout=90)
            agent.kill()
            agent.start()
        producer.join(timeout=120)
        assert not producer.is_alive()
        wait_until(lambda: set(agent.flagged_ids()) >= expected, timeout=180)
        wait_until(lambda: agent.metric("biaswatch_kafka_consumer_lag_records") == 0, timeout=60)
    finally:
        agent.stop()
    ids = agent.flagged_ids()
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    on_topic = [d["sample_id"] for d in broker.read_json("flagged")]
    assert set(on_topic) == expected  # none missing
    # Redelivered flags are not published again (agent/sinks/outbox.py); a repeat is left only for a
    # kill between a broker's ack and the queue's record of it, at most one batch per kill.
    repeats = len(on_topic) - len(set(on_topic))
    print(f"flagged topic: {len(on_topic)} messages, {repeats} repeated keys after {agent.starts - 1} kills")
    assert repeats <= (agent.starts - 1) * 256


def test_broker_outage_keeps_agent_live_and_resumes(broker: Broker, tmp_path: Path) -> None:
    broker.create_topic("samples")
    cfg = kafka_config(tmp_path, broker)
    second = _traffic(200, seed=2)
    expected_second = expected_flags(cfg, second)
    assert expected_second  # the flag sinks must work again after the outage, not only the consumer
    agent = KafkaAgent(cfg, tmp_path).start()
    try:
        broker.produce("samples", _traffic(300, seed=1))
        wait_until(lambda: agent.metric("biaswatch_samples_total") >= 300, timeout=90)
        assert agent.metric("biaswatch_kafka_up") == 1
        broker.stop()
        wait_until(lambda: agent.metric("biaswatch_kafka_up") == 0, timeout=60)
        for _ in range(5):
            assert httpx.get(agent.metrics_url + "/livez").status_code == 200
        # In-memory storage: the broker comes back empty, committed offsets included; the agent's
        # reset policy (earliest) must take it from there without crashing.
        broker.start()
        broker.create_topic("samples")
        broker.produce("samples", second)
        wait_until(lambda: agent.metric("biaswatch_kafka_up") == 1, timeout=90)
        wait_until(lambda: agent.metric("biaswatch_samples_total") >= 500, timeout=120)
        wait_until(lambda: set(agent.flagged_ids()) >= expected_second, timeout=60)
        assert httpx.get(agent.metrics_url + "/livez").status_code == 200
        assert agent.proc is not None and agent.proc.poll() is None
    finally:
        assert agent.stop() == 0
    # The restarted broker is empty: everything on the flagged topic now was written after the outage.
    assert {d["sample_id"] for d in broker.read_json("flagged")} == expected_second


def test_sasl_password_never_reaches_the_log(broker: Broker, tmp_path: Path) -> None:
    secret = "pa55-w0rd-never-logged"
    cfg = kafka_config(tmp_path, broker)
    text = cfg.read_text().replace(
        "commit_timeout_seconds: 5,",
        "commit_timeout_seconds: 5, security: {protocol: SASL_PLAINTEXT, sasl_mechanism: PLAIN, "
        "sasl_username: bw, sasl_password: '${env:BW_KAFKA_PASSWORD}'},",
    )
    cfg.write_text(text + "log_level: DEBUG\n")
    agent = KafkaAgent(cfg, tmp_path, env={"BW_KAFKA_PASSWORD": secret})
    agent.start()
    try:
        # Let the client try to authenticate (this broker does not speak SASL) and log about it.
        wait_until(lambda: "cannot reach the Kafka brokers" in agent.log(), timeout=60)
        assert agent.metric("biaswatch_kafka_up") == 0
        assert httpx.get(agent.metrics_url + "/livez").status_code == 200  # away brokers never fail liveness
    finally:
        agent.stop()
    log = agent.log()
    assert " DEBUG " in log and "Sasl" in log  # the log is verbose and the SASL handshake was attempted
    assert secret not in log
