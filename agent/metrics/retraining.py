"""Prometheus metrics of the retraining loop: redactions per type, retention evictions, cycle closes.

A family of its own (`biaswatch_redactions_total`, `biaswatch_queue_evictions_total`,
`biaswatch_cycle_closes_total`); the label sets are bounded by the configured types and fixed kinds.
"""

from __future__ import annotations

from collections import Counter

from prometheus_client import CollectorRegistry, Gauge
from prometheus_client import Counter as PromCounter

EVICTION_KINDS = ("pending_ttl", "pending_cap", "dead_letters", "published")


class RetrainingMetrics:
    def __init__(self, registry: CollectorRegistry, redaction_types: tuple[str, ...], redaction_enabled: bool) -> None:
        self.redactions = PromCounter(
            "biaswatch_redactions",
            "PII and secret matches replaced by placeholders before storage, by type",
            ["type"],
            registry=registry,
        )
        for t in redaction_types:
            self.redactions.labels(t)
        self.redaction_enabled = Gauge(
            "biaswatch_redaction_enabled",
            "1 when stored text is redacted, 0 when the operator turned it off",
            registry=registry,
        )
        self.redaction_enabled.set(1 if redaction_enabled else 0)
        self.evictions = PromCounter(
            "biaswatch_queue_evictions", "Queue rows removed by retention, by kind", ["kind"], registry=registry
        )
        for k in EVICTION_KINDS:
            self.evictions.labels(k)
        self.cycle_closes = PromCounter(
            "biaswatch_cycle_closes", "Retraining cycles closed by the agent's schedule", registry=registry
        )
        self.job_failures = PromCounter(
            "biaswatch_retraining_job_failures",
            "Retraining jobs (cycle close, retention) that raised",
            ["job"],
            registry=registry,
        )

    def count_redactions(self, counts: Counter[str]) -> None:
        for t, n in counts.items():
            self.redactions.labels(t).inc(n)

    def count_evictions(self, counts: dict[str, int]) -> None:
        for k, n in counts.items():
            self.evictions.labels(k).inc(n)
