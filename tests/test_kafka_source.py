"""KafkaSource in-process against a real broker: offset commits, rebalances, the up gauge."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from prometheus_client import CollectorRegistry

from agent.config import KafkaSourceConfig
from agent.metrics.kafka import KafkaMetrics
from agent.sources.base import Record
from agent.sources.kafka import KafkaSource
from tests.conftest import wait_until
from tests.kafka_fixtures import CONSUMER_TIMEOUTS, Broker


@dataclass
class Topic:
    """A topic and consumer group of this test's own, on the module's broker."""

    broker: Broker
    name: str
    group: str


@pytest.fixture
def topic(module_broker: Broker, request: pytest.FixtureRequest) -> Topic:
    suffix = request.node.name.removeprefix("test_")[:40]
    return Topic(module_broker, f"samples-{suffix}", f"bw-src-{suffix}")


def _source(t: Topic, **extra: object) -> tuple[KafkaSource, KafkaMetrics, CollectorRegistry]:
    registry = CollectorRegistry()
    metrics = KafkaMetrics(registry, [t.name])
    cfg = KafkaSourceConfig.model_validate(
        {
            "bootstrap_servers": [t.broker.bootstrap],
            "topics": [t.name],
            "group_id": t.group,
            "group_instance_id_env": None,
            **CONSUMER_TIMEOUTS,
            **extra,
        }
    )
    return KafkaSource(cfg, metrics), metrics, registry


# With a 30 s session the broker holds a member's JoinGroup for 15 s (3 s with the short timeouts
# of kafka_fixtures), and a loaded CI run has needed over 60 s to join and fetch (ci58, ci63).
_LONG_SESSION_TAKE = 120


def _take(source: KafkaSource, n: int, timeout: float = 60) -> list[Record]:
    """Poll until `n` records are taken (the pipeline's loop, without the pipeline)."""
    got: list[Record] = []

    def enough() -> bool:
        got.extend(source.poll(n - len(got), 0.2))
        return len(got) >= n

    wait_until(enough, timeout=timeout, interval=0)
    return got


def _drive(source: KafkaSource) -> None:
    """One turn of the loop: poll drives the asynchronous commit. Records taken here are never reported
    durable, as if their batch were still being written."""
    source.poll(1, 0.1)


def _offset(r: Record) -> int:
    return int(r.position.rsplit(":", 1)[1])


def _value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    v = registry.get_sample_value(name, labels)
    return 0.0 if v is None else v


@pytest.fixture
def one_partition(topic: Topic) -> Iterator[Topic]:
    topic.broker.create_topic(topic.name, partitions=1)
    topic.broker.produce(topic.name, [json.dumps({"id": f"s{i}", "response": "ok"}).encode() for i in range(300)])
    yield topic


def test_commits_only_durable_batches_and_the_rest_at_shutdown(one_partition: Topic) -> None:
    t = one_partition
    broker = t.broker
    source, _, registry = _source(t)
    try:
        first = _take(source, 100)
        second = _take(source, 100)
        assert [_offset(r) for r in first + second] == list(range(200))
        source.commit(first)  # the second batch is taken but not durable: its offsets must not be committed

        def committed_first() -> bool:
            _drive(source)
            # The answer is seen (and timed) on a later poll than the one that sent the request.
            answered = _value(registry, "biaswatch_kafka_commit_duration_seconds_count") >= 1
            return answered and broker.committed(t.group).get((t.name, 0)) == 100

        wait_until(committed_first, timeout=30, interval=0)
        assert _value(registry, "biaswatch_kafka_commit_failures_total") == 0
        source.commit(second)
    finally:
        source.close()  # the synchronous final commit
    assert broker.committed(t.group) == {(t.name, 0): 200}


def test_a_commit_timeout_is_counted_and_retried_without_skipping(one_partition: Topic) -> None:
    t = one_partition
    broker = t.broker
    # A session longer than the freeze can last on a loaded machine: an expired session would revoke
    # the partition and forget its durable offset (rightly: the next owner redelivers), which is
    # another test's subject.
    source, _, registry = _source(t, commit_timeout_seconds=0.5, session_timeout_ms=30_000)
    try:
        batch = _take(source, 150, timeout=_LONG_SESSION_TAKE)
        broker.freeze()
        try:
            source.commit(batch)

            # The request is unanswered: after the timeout it counts as failed and stays due.
            def failed() -> bool:
                _drive(source)
                return _value(registry, "biaswatch_kafka_commit_failures_total") >= 1

            wait_until(failed, timeout=10, interval=0)
        finally:
            broker.thaw()

        # Resent with the newest durable offset; nothing beyond it (the rest was never handed over).
        def recommitted() -> bool:
            _drive(source)
            return broker.committed(t.group).get((t.name, 0)) == 150

        wait_until(recommitted, timeout=30, interval=0)
        for _ in range(10):  # late answers to the abandoned request change nothing
            _drive(source)
        assert broker.committed(t.group) == {(t.name, 0): 150}
    finally:
        source.close()
    assert broker.committed(t.group) == {(t.name, 0): 150}


def test_offsets_of_a_failed_batch_are_never_committed(one_partition: Topic) -> None:
    t = one_partition
    broker = t.broker
    source, _, _ = _source(t)
    try:
        ok = _take(source, 50)
        _take(source, 50)  # taken, then the sink "fails": never reported durable
        source.commit(ok)
    finally:
        source.close()
    assert broker.committed(t.group) == {(t.name, 0): 50}


def test_keepalive_survives_partitions_revoked_during_its_poll(topic: Topic) -> None:
    """kafka-python 3 applies a new assignment on its IO thread while poll() runs: partitions paused
    before the poll may be gone after it, and resuming them must not crash the loop."""
    t, broker = topic, topic.broker
    broker.create_topic(t.name, partitions=4)
    broker.produce(t.name, [json.dumps({"id": f"s{i}", "response": "ok"}).encode() for i in range(4000)])
    first, _, registry = _source(t)
    second, _, _ = _source(t)
    stop = threading.Event()
    try:
        _take(first, 1)  # joined: all four partitions
        assert len(first.owned()) == 4

        def run_second() -> None:
            while not stop.is_set():
                second.poll(100, 0.1)

        thread = threading.Thread(target=run_second, daemon=True)
        thread.start()

        # The first member alternates between batches and sink-retry keepalives (the pipeline's
        # pattern while a sink flaps) while the second member's join moves partitions away from it.
        # Not wait_until: it would swallow the very exception this test is about.
        deadline = time.monotonic() + 60
        while len(first.owned()) != 2:
            assert time.monotonic() < deadline, "the second member never got its partitions"
            first.keepalive()
        assert _value(registry, "biaswatch_kafka_rebalances_total", kind="revoked") >= 1
        first.poll(1, 0.1)  # keepalive restored what it paused: nothing is left paused
        assert _value(registry, "biaswatch_kafka_paused_partitions") == 0
    finally:
        stop.set()
        first.close()
        second.close()


def test_up_gauge_follows_broker_answers_not_open_sockets(one_partition: Topic) -> None:
    """A frozen broker keeps its TCP connections open: only asking it shows that it is away."""
    t = one_partition
    broker = t.broker
    # A long session: the member must not be evicted while the broker is frozen (that is another test).
    source, _, registry = _source(t, session_timeout_ms=30000, max_poll_interval_ms=60000)
    try:
        _take(source, 300, timeout=_LONG_SESSION_TAKE)
        assert _value(registry, "biaswatch_kafka_up") == 1
        broker.freeze()
        try:

            def down() -> bool:
                _drive(source)
                return _value(registry, "biaswatch_kafka_up") == 0

            wait_until(down, timeout=30, interval=0)
        finally:
            broker.thaw()

        def up() -> bool:
            _drive(source)
            return _value(registry, "biaswatch_kafka_up") == 1

        wait_until(up, timeout=30, interval=0)
        broker.produce(t.name, [json.dumps({"id": "late", "response": "ok"}).encode()])
        # After an outage the source reads again from the committed offset (none here: the start),
        # so the new record arrives after the 300 redelivered ones, nothing skipped.
        again = _take(source, 301, timeout=_LONG_SESSION_TAKE)
        assert [_offset(r) for r in again] == list(range(301))
        assert again[-1].payload == b'{"id": "late", "response": "ok"}'
    finally:
        source.close()
