"""The flagged-topic sink against a real broker: a write that times out leaves no producer behind."""

from __future__ import annotations

import pytest
from kafka.errors import KafkaError

from agent.config import KafkaSecurityConfig, KafkaSinkConfig
from agent.sinks.kafka import KafkaFlagSink, LazyProducer
from tests.conftest import wait_until
from tests.kafka_fixtures import Broker
from tests.test_sqlite_queue import _flag


def test_a_timed_out_write_stops_the_old_producer_and_the_retry_gets_a_new_one(broker: Broker) -> None:
    broker.create_topic("flagged")
    producer = LazyProducer([broker.bootstrap], "bw-test", KafkaSecurityConfig(), timeout=1.0)
    sink = KafkaFlagSink(producer, KafkaSinkConfig(enabled=True, topic="flagged", delivery_timeout_seconds=1.0))
    try:
        sink.write([_flag("warm-up")])  # metadata known, producer id assigned
        first = producer.get()
        broker.freeze()
        try:
            with pytest.raises(KafkaError):
                sink.write([_flag("a"), _flag("b")])
            assert sink.acknowledged == []  # the frozen broker took nothing
            # close() raised inside the reset (records were still waiting): its sender must still go.
            wait_until(lambda: not first._sender.is_alive(), timeout=10)
        finally:
            broker.thaw()
        sink.write([_flag("a"), _flag("b")])
        assert producer.get() is not first
    finally:
        producer.close()
    keys = [m.key.decode() for m in broker.read_all("flagged")]
    assert set(keys) == {"a", "b", "warm-up"}
    # The frozen broker still had the first attempt's request in its socket buffer and wrote it when
    # thawed: an acknowledgement that never reached the agent, the repeat docs/kafka.md describes.
    # The stopped producer sent nothing more: each key at most twice, the warm-up once.
    assert keys.count("warm-up") == 1 and keys.count("a") <= 2 and keys.count("b") <= 2
