"""Prometheus metrics. One registry per agent (injectable), bounded labels, series pre-created at 0."""

from __future__ import annotations

import platform
from collections import Counter as TallyCounter
from collections.abc import Callable, Iterable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from agent.decode import REASONS, REPAIRS, STAGES
from agent.version import __version__
from detectors.base import UNKNOWN_GROUP

OTHER = "other"
SCORE_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
FIELDS = ("prompt", "response")


class ModelLabels:
    """Maps model names to a bounded label set: an allow-list, or the first N seen."""

    def __init__(self, allow: Sequence[str], max_models: int) -> None:
        self._allow = frozenset(allow)
        self._max = max_models
        self._seen: set[str] = set(allow)

    def __call__(self, model: str) -> str:
        if self._allow:
            return model if model in self._allow else OTHER
        if model in self._seen:
            return model
        if len(self._seen) < self._max:
            self._seen.add(model)
            return model
        return OTHER


class _QueueDepthCollector(Collector):
    def __init__(self, depth_fn: Callable[[], dict[str, int]]) -> None:
        self._depth_fn = depth_fn

    def collect(self) -> Iterable[GaugeMetricFamily]:
        g = GaugeMetricFamily(
            "biaswatch_queue_depth", "Flagged samples in the queue by review status", labels=["status"]
        )
        for status, n in self._depth_fn().items():
            g.add_metric([status], n)
        yield g


# The answers the http source gives, pre-created so their series exist at 0.
HTTP_CODES = ("202", "400", "401", "404", "405", "411", "413", "415", "500", "503")


class Metrics:
    def __init__(
        self,
        registry: CollectorRegistry,
        *,
        detectors: Sequence[str],
        categories: Sequence[str],
        group_axis: dict[str, str],
        sources: Sequence[str],
        models: ModelLabels,
        config_hash: str,
        detector_versions: dict[str, str],
    ) -> None:
        self.registry = registry
        self.models = models
        self.group_axis = group_axis
        r = registry
        self.build_info = Gauge(
            "biaswatch_build_info",
            "Agent build and configuration; always 1",
            ["version", "python", "config_hash", "detectors"],
            registry=r,
        )
        self.build_info.labels(
            __version__,
            platform.python_version(),
            config_hash,
            ",".join(f"{k}={v}" for k, v in sorted(detector_versions.items())),
        ).set(1)
        self.samples = Counter("biaswatch_samples", "Valid samples processed", ["model", "source"], registry=r)
        self.invalid = Counter(
            "biaswatch_invalid_samples",
            "Records that could not become samples, by reason",
            ["reason", "source"],
            registry=r,
        )
        self.truncated = Counter(
            "biaswatch_truncated_samples", "Oversized samples truncated by policy", ["source"], registry=r
        )
        self.repaired = Counter(
            "biaswatch_repaired_samples",
            "Samples whose text was mended at decode (lone surrogates, NULs -> U+FFFD), by reason",
            ["reason", "source"],
            registry=r,
        )
        self.poison = Counter(
            "biaswatch_poison_records",
            "Records dead-lettered because a stage raised on them alone, by stage",
            ["stage"],
            registry=r,
        )
        self.flagged_samples = Counter(
            "biaswatch_flagged_samples", "Samples flagged by at least one detector", ["model"], registry=r
        )
        self.flags = Counter(
            "biaswatch_flags",
            "Flagging findings by detector, category and identity axis (none: no group named; unknown: flagged "
            "without a group the taxonomy knows)",
            ["detector", "category", "axis"],
            registry=r,
        )
        self.score = Histogram(
            "biaswatch_detector_score", "Detector scores per sample", ["detector"], buckets=SCORE_BUCKETS, registry=r
        )
        self.detector_seconds = Histogram(
            "biaswatch_detector_duration_seconds",
            "Time per detector call (one batch)",
            ["detector"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.feature_seconds = Histogram(
            "biaswatch_feature_duration_seconds",
            "Time to compute shared features for one batch",
            ["feature"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.detector_errors = Counter(
            "biaswatch_detector_errors", "Detector calls that raised", ["detector"], registry=r
        )
        self.batch_size = Histogram(
            "biaswatch_batch_size", "Records per processed batch", buckets=BATCH_BUCKETS, registry=r
        )
        self.group_samples = Counter(
            "biaswatch_group_samples",
            "Samples whose prompt or response mentions a group",
            ["axis", "group", "field"],
            registry=r,
        )
        self.queue_writes = Counter(
            "biaswatch_queue_writes", "Flag-queue writes by sink and result", ["sink", "result"], registry=r
        )
        self.dead_letters = Counter(
            "biaswatch_dead_letters", "Records stored in the dead-letter table", ["sink"], registry=r
        )
        self.sink_errors = Counter("biaswatch_sink_errors", "Failed sink writes (retried)", ["sink"], registry=r)
        self.last_tick = Gauge(
            "biaswatch_loop_last_tick_timestamp_seconds", "When the processing loop last ticked", registry=r
        )
        self.last_sample = Gauge(
            "biaswatch_last_sample_timestamp_seconds", "Timestamp of the newest processed sample", registry=r
        )
        self.http_rejected = Counter(
            "biaswatch_http_rejected_bodies", "HTTP bodies refused before parsing", ["reason"], registry=r
        )
        self.http_requests = Counter(
            "biaswatch_http_requests",
            "Requests to the http source by status code (401: wrong or missing token)",
            ["code"],
            registry=r,
        )
        self.http_request_seconds = Histogram(
            "biaswatch_http_request_duration_seconds",
            "Time from a request fully received to its answer (durable POSTs include the wait to store)",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._precreate(detectors, categories, sources)

    def _precreate(self, detectors: Sequence[str], categories: Sequence[str], sources: Sequence[str]) -> None:
        for source in sources:
            for reason in REASONS:
                self.invalid.labels(reason, source)
            self.truncated.labels(source)
            for repair in REPAIRS:
                self.repaired.labels(repair, source)
        for stage in STAGES:
            self.poison.labels(stage)
        axes = [*sorted(set(self.group_axis.values())), "none", UNKNOWN_GROUP]
        for d in detectors:
            self.score.labels(d)
            self.detector_seconds.labels(d)
            self.detector_errors.labels(d)
            for c in categories:
                for a in axes:
                    self.flags.labels(d, c, a)
        for group, axis in self.group_axis.items():
            for f in FIELDS:
                self.group_samples.labels(axis, group, f)
        for result in ("inserted", "duplicate"):
            self.queue_writes.labels("sqlite", result)
        self.dead_letters.labels("sqlite")
        self.sink_errors.labels("sqlite")
        self.http_rejected.labels("body_too_large")
        self.http_rejected.labels("too_many_records")
        if "http" in sources:
            for code in HTTP_CODES:
                self.http_requests.labels(code)

    def watch_queue(self, depth_fn: Callable[[], dict[str, int]]) -> None:
        self.registry.register(_QueueDepthCollector(depth_fn))

    def count_samples(self, models: Iterable[str], source: str) -> None:
        for model, n in TallyCounter(self.models(m) for m in models).items():
            self.samples.labels(model, source).inc(n)

    def count_flagged(self, models: Iterable[str]) -> None:
        for model, n in TallyCounter(self.models(m) for m in models).items():
            self.flagged_samples.labels(model).inc(n)


def http_observer(metrics: Metrics) -> Callable[[str | None, int, float], None]:
    """Counts and times every answer of the http source's server."""

    def observe(path: str | None, code: int, seconds: float) -> None:
        metrics.http_requests.labels(str(code)).inc()
        metrics.http_request_seconds.observe(seconds)

    return observe
