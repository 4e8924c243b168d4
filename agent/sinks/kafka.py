"""Kafka sinks: flagged samples to a topic keyed by sample id, and raw dead letters to a topic.

Each sink has its own idempotent acks=all producer (the dead-letter one on the source's cluster, the
flag one on the sink's), so one cluster's outage never blocks the other's writes. A write returns only
when every message of the batch is acknowledged, so the source commits after the flags are on the brokers.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from importlib import resources
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

from agent.config import KafkaSecurityConfig, KafkaSinkConfig
from agent.kafka.client import security_options
from agent.metrics.kafka import KafkaMetrics
from agent.sinks.base import DeadLetter, FlagRecord, WriteResult
from agent.version import __version__

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
Headers = list[tuple[str, bytes]]


def flagged_schema() -> dict[str, Any]:
    """The JSON Schema of a flagged-sample message value (shipped with the package)."""
    ref = resources.files("agent") / "schemas" / "flagged-sample.schema.json"
    loaded: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return loaded


class LazyProducer:
    """An idempotent acks=all producer, created on first use.

    kafka-python bootstraps in the constructor and raises when no broker answers; creating it
    lazily turns "broker away at start" into a transient sink failure, retried like any other,
    instead of a crash loop.
    """

    def __init__(
        self, bootstrap: list[str], client_id: str, security: KafkaSecurityConfig, timeout: float = 30.0
    ) -> None:
        self._options: dict[str, Any] = {
            "bootstrap_servers": bootstrap,
            "client_id": client_id,
            "acks": "all",
            "enable_idempotence": True,
            "linger_ms": 5,
            "bootstrap_timeout_ms": 10_000,
            # send() blocks while the topic's metadata is unknown (a broker that came back empty, a
            # topic being auto-created): 60 s by default, with no log line and no keepalive. Bounded
            # by the write's own timeout, the pipeline retries it with a fresh producer instead.
            "max_block_ms": max(100, int(timeout * 1000)),
            **security_options(security),
        }
        self._producer: KafkaProducer | None = None

    def get(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = KafkaProducer(**self._options)
        return self._producer

    def reset(self) -> None:
        """Drop the producer after a failed batch. An idempotent producer whose id the broker no longer
        knows (a broker that lost its state, a fenced epoch) stays failed; a fresh one gets a new id."""
        self._close(0)

    def close(self) -> None:
        self._close(10)

    def _close(self, timeout: float) -> None:
        producer, self._producer = self._producer, None
        if producer is None:
            return
        try:
            producer.close(timeout=timeout)
        except KafkaError as exc:
            # close() flushes first and raises while records still wait (the usual case after a
            # timeout), before it stops the sender thread. Left running, that thread could still
            # deliver them later, behind the retry's back, and it would leak a thread per failure.
            # Records it held belong to batches whose offsets were not committed: they come again.
            log.debug("closing the producer: %s; forcing its sender down", exc)
            sender = producer._sender  # kafka-python 3.0.12 (pinned): no public way to abort
            if sender is not None and sender.is_alive():
                sender.force_close()


class _ProducerSink:
    transient: tuple[type[BaseException], ...] = (KafkaError,)

    def __init__(self, producer: LazyProducer, topic: str, timeout: float, metrics: KafkaMetrics | None) -> None:
        self.producer = producer
        self.topic = topic
        self.timeout = timeout
        self.metrics = metrics
        # Keys of the messages the brokers acknowledged before the last write failed part-way.
        self.acknowledged: list[str] = []
        if metrics is not None:
            metrics.producer_errors.labels(topic)

    def _send_all(self, messages: list[tuple[bytes | None, bytes, Headers]]) -> None:
        futures: list[FutureRecordMetadata] = []
        self.acknowledged = []
        try:
            producer = self.producer.get()
            for key, value, headers in messages:
                futures.append(producer.send(self.topic, key=key, value=value, headers=headers))
            producer.flush(timeout=self.timeout)
            for f in futures:
                f.get(timeout=0)  # raises the delivery error of any message that failed
        except KafkaError:
            if self.metrics is not None:
                self.metrics.producer_errors.labels(self.topic).inc()
            # What the brokers did take, so the retry need not send it again (agent/sinks/outbox.py).
            self.acknowledged = [
                (key or b"").decode("utf-8", errors="replace")
                for (key, _, _), f in zip(messages, futures, strict=False)
                if f.is_done and f.succeeded()
            ]
            self.producer.reset()
            raise

    def close(self) -> None:
        pass  # the producer is shared; its owner closes it


class KafkaFlagSink(_ProducerSink):
    name = "kafka"

    def __init__(
        self,
        producer: LazyProducer,
        config: KafkaSinkConfig,
        *,
        config_hash: str = "",
        detector_versions: dict[str, str] | None = None,
        metrics: KafkaMetrics | None = None,
    ) -> None:
        super().__init__(producer, config.topic, config.delivery_timeout_seconds, metrics)
        self.config_hash = config_hash
        self.detector_versions = dict(detector_versions or {})

    def document(self, flag: FlagRecord, now: float) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "sample_id": flag.sample.id,
            "flagged_at": now,
            "score": flag.score,
            "detectors": sorted({f.detector for f in flag.findings if f.flagged}),
            "categories": sorted({f.category for f in flag.findings if f.flagged}),
            "groups": list(flag.groups),
            "fully_analysed": flag.fully_analysed,
            "sample": flag.sample.to_dict(),
            "findings": [f.to_dict() for f in flag.findings],
            "source": flag.record.source,
            "position": flag.record.position,
            "config_hash": self.config_hash,
            "agent_version": __version__,
            "detector_versions": self.detector_versions,
            # Whether stored text was redacted, and how many matches per type (agent/retraining/scrub.py).
            "redaction": dict(flag.redaction) if flag.redaction else {"enabled": False},
        }

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        now = time.time()
        messages: list[tuple[bytes | None, bytes, Headers]] = []
        for flag in flags:
            doc = self.document(flag, now)
            headers = [
                ("biaswatch-detectors", ",".join(doc["detectors"]).encode()),
                ("biaswatch-agent-version", __version__.encode()),
                ("biaswatch-schema-version", str(SCHEMA_VERSION).encode()),
            ]
            value = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            messages.append((flag.sample.id.encode("utf-8"), value, headers))
        if messages:
            self._send_all(messages)
        # The topic cannot tell a redelivered sample from a new one; consumers dedupe by key.
        return WriteResult(len(messages), 0, 0)


def _position(position: str) -> tuple[str, str, str]:
    topic, partition, offset = position.rsplit(":", 2)
    return topic, partition, offset


class KafkaDeadLetterSink(_ProducerSink):
    """The raw value, its original headers, and why it was refused, so it can be inspected and replayed."""

    name = "kafka_dead_letters"

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        messages: list[tuple[bytes | None, bytes, Headers]] = []
        for d in dead_letters:
            topic, partition, offset = _position(d.record.position)
            headers: Headers = [(k, v.encode("utf-8")) for k, v in d.record.headers.items()]
            headers += [
                ("dlq-reason", d.reason.encode()),
                ("dlq-message", d.message.encode("utf-8", errors="replace")),
                ("dlq-stage", d.stage.encode()),
                ("dlq-source-topic", topic.encode("utf-8")),
                ("dlq-source-partition", partition.encode()),
                ("dlq-source-offset", offset.encode()),
                ("dlq-timestamp", str(round(d.record.received_at * 1000)).encode()),
                ("biaswatch-redaction", b"on" if d.redacted else b"off"),
            ]
            # The original key, so a replay to the source topic lands on the same partitions; the
            # source offset header gives the order within a source partition.
            messages.append((d.record.key, d.record.payload, headers))
        if messages:
            self._send_all(messages)
            if self.metrics is not None:
                for d in dead_letters:
                    self.metrics.dead_letters.labels(d.reason).inc()
        return WriteResult(0, 0, len(messages))
