"""Wiring for Kafka: the consumer-group source, the flagged-sample and dead-letter sinks, their metrics."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry

from agent.assemble import Components
from agent.config import AgentConfig, KafkaSecurityConfig, KafkaSourceConfig
from agent.logfilter import rate_limit
from agent.metrics.kafka import KafkaMetrics
from agent.sinks.base import Sink
from agent.sinks.kafka import KafkaDeadLetterSink, KafkaFlagSink, LazyProducer
from agent.sources.kafka import KafkaSource


@dataclass
class KafkaParts:
    metrics: KafkaMetrics
    source: KafkaSource | None = None
    sinks: list[Sink] = field(default_factory=list)
    producers: list[LazyProducer] = field(default_factory=list)

    def close(self) -> None:
        for p in self.producers:
            p.close()


def build_kafka(config: AgentConfig, c: Components, registry: CollectorRegistry, write_queue: bool) -> KafkaParts:
    src = config.source if isinstance(config.source, KafkaSourceConfig) else None
    sink_cfg = config.queue.kafka
    topics = list(src.topics) if src else []
    if sink_cfg.enabled:
        topics.append(sink_cfg.topic)
    if src is not None:
        topics.append(src.dead_letter_topic)
    if config.log_level != "DEBUG":
        # kafka-python narrates every connection at INFO, and repeats each connection error several
        # times a second while a broker is away; our own lines say what an operator needs.
        logging.getLogger("kafka").setLevel(logging.WARNING)
        rate_limit("kafka")
    parts = KafkaParts(KafkaMetrics(registry, topics))
    if src is not None and write_queue:
        producer = LazyProducer(
            src.bootstrap_servers, f"{src.client_id}-dead-letters", src.security, sink_cfg.delivery_timeout_seconds
        )
        parts.producers.append(producer)
        parts.sinks.append(
            KafkaDeadLetterSink(producer, src.dead_letter_topic, sink_cfg.delivery_timeout_seconds, parts.metrics)
        )
    if sink_cfg.enabled and write_queue:
        servers = sink_cfg.bootstrap_servers or (src.bootstrap_servers if src else [])
        security = sink_cfg.security or (src.security if src else KafkaSecurityConfig())
        producer = LazyProducer(servers, sink_cfg.client_id, security, sink_cfg.delivery_timeout_seconds)
        parts.producers.append(producer)
        parts.sinks.append(
            KafkaFlagSink(
                producer,
                sink_cfg,
                config_hash=c.config_hash,
                detector_versions=c.detector_versions,
                metrics=parts.metrics,
            )
        )
    if src is not None:
        # Last: the consumer joins the group only when everything downstream is ready.
        parts.source = KafkaSource(src, parts.metrics)
    return parts
