"""Metrics of the Kafka source and sinks, on the agent's registry (agent/metrics.py stays source-neutral)."""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from agent.decode import REASONS

COMMIT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class KafkaMetrics:
    def __init__(self, registry: CollectorRegistry, topics: Sequence[str]) -> None:
        r = registry
        self.consumed = Counter("biaswatch_kafka_records_consumed", "Records taken from Kafka", ["topic"], registry=r)
        # Per partition is bounded by the topic's partition count; series of revoked partitions are removed
        # so a sum over replicas is the group's lag.
        self.lag = Gauge(
            "biaswatch_kafka_consumer_lag_records",
            "Records behind the partition's high watermark (high watermark - position), on this replica",
            ["topic", "partition"],
            registry=r,
        )
        self.commit_seconds = Histogram(
            "biaswatch_kafka_commit_duration_seconds", "Offset commit latency", buckets=COMMIT_BUCKETS, registry=r
        )
        self.commit_failures = Counter(
            "biaswatch_kafka_commit_failures", "Offset commits that failed (the records are redelivered)", registry=r
        )
        self.rebalances = Counter(
            "biaswatch_kafka_rebalances", "Partition assignment changes seen by this member", ["kind"], registry=r
        )
        self.up = Gauge(
            "biaswatch_kafka_up",
            "1 when a broker answered lately (records, or an end-offsets/metadata probe after 5 s idle), else 0",
            registry=r,
        )
        self.assigned = Gauge(
            "biaswatch_kafka_assigned_partitions", "Partitions this member owns in its consumer group", registry=r
        )
        self.paused = Gauge("biaswatch_kafka_paused_partitions", "Partitions paused for backpressure", registry=r)
        self.dead_letters = Counter(
            "biaswatch_kafka_dead_letters",
            "Records sent raw to the dead-letter topic, by reason",
            ["reason"],
            registry=r,
        )
        self.producer_errors = Counter(
            "biaswatch_kafka_producer_errors", "Produce batches that failed (retried)", ["topic"], registry=r
        )
        for t in topics:
            self.consumed.labels(t)
        for kind in ("assigned", "revoked", "lost"):
            self.rebalances.labels(kind)
        for reason in REASONS:
            self.dead_letters.labels(reason)
