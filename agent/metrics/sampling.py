"""Ratios that let PromQL scale sampled counts back to traffic (divide a rate by the ratio)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class SamplingMetrics:
    def __init__(self, registry: CollectorRegistry, rate: float) -> None:
        r = registry
        self.rate = Gauge(
            "biaswatch_sampling_ratio", "Share of valid samples analysed (deterministic, by sample id)", registry=r
        )
        self.embed_ratio = Gauge(
            "biaswatch_embedding_sampling_ratio",
            "Share of analysed samples the embedding detectors see now (below 1 while shedding load)",
            registry=r,
        )
        self.sampled_out = Counter(
            "biaswatch_sampled_out_samples", "Valid samples left out by the sampling rate", registry=r
        )
        self.shed = Counter(
            "biaswatch_shed_samples", "Analysed samples the embedding detectors skipped (load shedding)", registry=r
        )
        self.rate.set(rate)
        self.embed_ratio.set(1.0)
