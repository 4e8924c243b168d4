"""`harvest --from-kafka`: the flagged-sample topic read from its start to its current end, as
unreviewed harvest rows (the topic carries no review state), one per sample id."""

from __future__ import annotations

import json
from typing import Any

from agent.config import AgentConfig, KafkaSecurityConfig, KafkaSourceConfig
from agent.errors import UsageError
from agent.retraining.harvest import Row


def kafka_rows(config: AgentConfig, timeout: float = 30.0) -> list[Row]:
    from kafka import KafkaConsumer, TopicPartition

    from agent.kafka.client import security_options

    sink = config.queue.kafka
    src = config.source if isinstance(config.source, KafkaSourceConfig) else None
    servers = sink.bootstrap_servers or (src.bootstrap_servers if src else None)
    if not servers:
        raise UsageError("--from-kafka needs queue.kafka.bootstrap_servers (or a Kafka source)")
    security = sink.security or (src.security if src else KafkaSecurityConfig())
    consumer = KafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False, **security_options(security))
    docs: dict[str, dict[str, Any]] = {}
    try:
        parts = consumer.partitions_for_topic(sink.topic) or set()
        tps = [TopicPartition(sink.topic, p) for p in sorted(parts)]
        if not tps:
            raise UsageError(f"topic {sink.topic} does not exist or has no partitions")
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        while any(consumer.position(tp) < end[tp] for tp in tps):
            for records in consumer.poll(timeout_ms=int(timeout * 1000)).values():
                for m in records:
                    doc = json.loads(m.value)
                    docs[str(doc["sample_id"])] = doc  # the newest copy of a redelivered flag
    finally:
        consumer.close()
    return [_row(doc) for _, doc in sorted(docs.items())]


def _row(doc: dict[str, Any]) -> Row:
    s = doc.get("sample") or {}
    prompt = s.get("prompt")
    if prompt is None:
        prompt = "\n".join(str(m.get("content", "")) for m in s.get("messages") or [] if m.get("role") != "assistant")
    return Row(
        sample_id=str(doc["sample_id"]),
        status="pending",
        prompt=str(prompt),
        response=str(s.get("response", "")),
        corrected=None,
        groups=tuple(doc.get("groups") or ()),
        detectors=tuple(doc.get("detectors") or ()),
        category=(doc.get("categories") or ["other"])[0],
        score=float(doc.get("score", 0.0)),
        redaction=dict(doc.get("redaction") or {"enabled": False}),
    )
