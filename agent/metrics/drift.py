"""Drift and scheduler metrics, registered on the agent's registry (agent/metrics.py stays as is)."""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge

JOBS = ("drift_evaluate", "baseline_refresh")
DECISIONS = ("drift", "no_drift")


class DriftMetrics:
    def __init__(self, registry: CollectorRegistry, tests: Sequence[str], models: Sequence[str] = ()) -> None:
        r = registry
        labels = ["model", "test"]
        self.statistic = Gauge("biaswatch_drift_statistic", "Test statistic of the last evaluation", labels, registry=r)
        self.p_value = Gauge("biaswatch_drift_p_value", "p-value of the last evaluation", labels, registry=r)
        self.detected = Gauge(
            "biaswatch_drift_detected", "1 when the last evaluation declared drift (p < alpha)", labels, registry=r
        )
        self.alert = Gauge(
            "biaswatch_drift_alert",
            "1 when drift was declared in `drift.consecutive` evaluations in a row",
            labels,
            registry=r,
        )
        self.last_evaluation = Gauge(
            "biaswatch_drift_last_evaluation_timestamp_seconds", "When the test last ran", labels, registry=r
        )
        self.window_samples = Gauge(
            "biaswatch_drift_window_samples", "Samples in the evaluated window", labels, registry=r
        )
        self.reference_samples = Gauge(
            "biaswatch_drift_reference_samples", "Reference samples the window was compared with", labels, registry=r
        )
        self.evaluations = Counter(
            "biaswatch_drift_evaluations", "Drift evaluations by decision", [*labels, "decision"], registry=r
        )
        self.learning = Gauge(
            "biaswatch_drift_reference_learning",
            "1 while the test waits for the model's reference to be learned from the stream: no baseline yet, "
            "a retraining boundary, or a baseline whose scores another scorer (detector versions, lexicons, "
            "thresholds, sample-score rule) produced",
            labels,
            registry=r,
        )
        self.baseline_revision = Gauge(
            "biaswatch_drift_baseline_revision", "Revision of the reference baseline in use", ["model"], registry=r
        )
        self.job_failures = Counter(
            "biaswatch_job_failures", "Scheduled jobs that raised (logged; the agent carries on)", ["job"], registry=r
        )
        for job in JOBS:
            self.job_failures.labels(job)
        for model in models:
            self.precreate(model, tests)

    def precreate(self, model: str, tests: Sequence[str]) -> None:
        for test in tests:
            for g in (self.statistic, self.p_value, self.detected, self.alert, self.window_samples):
                g.labels(model, test)
            # Until a test has run, "no evidence" (p = 1), never a p = 0 that reads as drift.
            self.p_value.labels(model, test).set(1.0)
            self.reference_samples.labels(model, test)
            self.learning.labels(model, test)
            self.last_evaluation.labels(model, test)
            for d in DECISIONS:
                self.evaluations.labels(model, test, d)
