"""Writes the Grafana dashboards in dashboards/grafana/ from one Python description.

The JSON files are committed (Grafana provisioning reads them as they are); this script is the
source they are made from, so every panel gets the same datasource, template variables, matchers
and units. `python dashboards/generate.py` rewrites them; a test fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "grafana"
DS = {"type": "prometheus", "uid": "${datasource}"}
# Raw metrics carry every selector; recording rules (name with ':') are per job/namespace already.
SEL = 'job=~"$job", namespace=~"$namespace", instance=~"$instance"'
RSEL = 'job=~"$job", namespace=~"$namespace"'
RI = "$__rate_interval"


def _var(name: str, label: str, query: str) -> dict[str, Any]:
    var: dict[str, Any] = {
        "name": name,
        "label": label,
        "type": "query",
        "datasource": DS,
        "query": {"query": query, "refId": f"{name}-var"},
        "definition": query,
        "refresh": 2,  # on time range change: new pods appear without a reload
        "includeAll": True,
        "allValue": ".*",
        "multi": True,
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
        "sort": 1,
        "hide": 0,
    }
    if name == "job":
        # All = the jobs that export biaswatch_build_info, never ".*" (that would pull in every
        # target's `up`); the other labels may be absent outside Kubernetes, which ".*" matches.
        del var["allValue"]
    return var


def _templating(extra: list[str]) -> dict[str, Any]:
    variables: list[dict[str, Any]] = [
        {
            "name": "datasource",
            "label": "Data source",
            "type": "datasource",
            "query": "prometheus",
            "current": {},
            "hide": 0,
            "refresh": 1,
            "regex": "",
        },
        _var("job", "job", "label_values(biaswatch_build_info, job)"),
        _var("namespace", "namespace", 'label_values(biaswatch_build_info{job=~"$job"}, namespace)'),
        _var(
            "instance", "instance", 'label_values(biaswatch_build_info{job=~"$job", namespace=~"$namespace"}, instance)'
        ),
        _var("model", "model", f"label_values(biaswatch_samples_total{{{SEL}}}, model)"),
    ]
    if "axis" in extra:
        variables.append(_var("axis", "axis", f"label_values(biaswatch_axis_disparity_groups{{{SEL}}}, axis)"))
    if "group" in extra:
        variables.append(
            _var("group", "group", f'label_values(biaswatch_group_window_samples{{{SEL}, axis=~"$axis"}}, group)')
        )
    return {"list": variables}


class Board:
    def __init__(self, uid: str, title: str, description: str, extra_vars: list[str]) -> None:
        self.uid, self.title, self.description = uid, title, description
        self.extra_vars = extra_vars
        self.panels: list[dict[str, Any]] = []
        self.annotations: list[dict[str, Any]] = []
        self._x = 0
        self._y = 0
        self._id = 0

    def row(self, title: str) -> None:
        if self._x:
            self._x, self._y = 0, self._y + 8
        self._id += 1
        self.panels.append(
            {
                "id": self._id,
                "type": "row",
                "title": title,
                "collapsed": False,
                "panels": [],
                "gridPos": {"h": 1, "w": 24, "x": 0, "y": self._y},
            }
        )
        self._y += 1

    def panel(
        self,
        title: str,
        description: str,
        unit: str,
        targets: list[tuple[str, str]],
        *,
        kind: str = "timeseries",
        width: int = 12,
        min_value: float | None = 0,
        log_scale: bool = False,
    ) -> None:
        if self._x + width > 24:
            self._x, self._y = 0, self._y + 8
        self._id += 1
        defaults: dict[str, Any] = {"unit": unit}
        if min_value is not None:
            defaults["min"] = min_value
        if log_scale:
            defaults["custom"] = {"scaleDistribution": {"type": "log", "log": 10}}
        self.panels.append(
            {
                "id": self._id,
                "type": kind,
                "title": title,
                "description": description,
                "datasource": DS,
                "gridPos": {"h": 8, "w": width, "x": self._x, "y": self._y},
                "fieldConfig": {"defaults": defaults, "overrides": []},
                "options": {
                    "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                    "tooltip": {"mode": "multi", "sort": "desc"},
                }
                if kind == "timeseries"
                else {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}},
                "targets": [
                    {
                        "datasource": DS,
                        "expr": expr,
                        "legendFormat": legend,
                        "refId": chr(ord("A") + i),
                        "range": True,
                        "instant": False,
                    }
                    for i, (expr, legend) in enumerate(targets)
                ],
            }
        )
        self._x += width

    def annotate(self, name: str, expr: str, title: str, text: str) -> None:
        self.annotations.append(
            {
                "name": name,
                "datasource": DS,
                "enable": True,
                "expr": expr,
                "iconColor": "red",
                "titleFormat": title,
                "textFormat": text,
                "step": "60s",
                "useValueForTime": False,
            }
        )

    def render(self) -> dict[str, Any]:
        builtin = {
            "builtIn": 1,
            "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": True,
            "hide": True,
            "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts",
            "type": "dashboard",
        }
        return {
            "uid": self.uid,
            "title": self.title,
            "description": self.description,
            "tags": ["biaswatch"],
            "editable": True,
            "graphTooltip": 1,
            "schemaVersion": 39,
            "version": 1,
            "refresh": "30s",
            "time": {"from": "now-6h", "to": "now"},
            "timezone": "",
            "links": [
                {"title": "biaswatch dashboards", "type": "dashboards", "tags": ["biaswatch"], "asDropdown": True}
            ],
            "annotations": {"list": [builtin, *self.annotations]},
            "templating": _templating(self.extra_vars),
            "panels": self.panels,
        }


def overview() -> Board:
    b = Board(
        "biaswatch-overview",
        "biaswatch / Overview",
        "Throughput, input quality, flags, queue and agent health of the biaswatch agents.",
        [],
    )
    m = f'{SEL}, model=~"$model"'
    b.row("Traffic")
    b.panel(
        "Samples processed",
        "Valid samples analysed per second, by model.",
        "ops",
        [(f"sum by (model) (rate(biaswatch_samples_total{{{m}}}[{RI}]))", "{{model}}")],
    )
    b.panel(
        "Invalid records by reason",
        "Records that could not become samples, per second by reason; every one is dead-lettered.",
        "ops",
        [(f"sum by (reason) (rate(biaswatch_invalid_samples_total{{{SEL}}}[{RI}]))", "{{reason}}")],
    )
    b.panel(
        "Dead letters and truncations",
        "Dead-letter rows written, and oversized samples truncated by policy, per second.",
        "ops",
        [
            (f"sum by (sink) (rate(biaswatch_dead_letters_total{{{SEL}}}[{RI}]))", "dead letters {{sink}}"),
            (f"sum(rate(biaswatch_truncated_samples_total{{{SEL}}}[{RI}]))", "truncated"),
        ],
    )
    b.panel(
        "Batch size (p50, p99)",
        "Records per processed batch.",
        "short",
        [
            (f"histogram_quantile(0.5, sum by (le) (rate(biaswatch_batch_size_bucket{{{SEL}}}[{RI}])))", "p50"),
            (f"histogram_quantile(0.99, sum by (le) (rate(biaswatch_batch_size_bucket{{{SEL}}}[{RI}])))", "p99"),
        ],
    )
    b.row("Flags")
    b.panel(
        "Flagged share by model",
        "Share of samples flagged by at least one detector (from counters).",
        "percentunit",
        [
            (
                f"sum by (model) (rate(biaswatch_flagged_samples_total{{{m}}}[{RI}]))"
                f" / sum by (model) (rate(biaswatch_samples_total{{{m}}}[{RI}]))",
                "{{model}}",
            )
        ],
    )
    b.panel(
        "Findings by detector and category",
        "Flagging findings per second, by detector and category.",
        "ops",
        [(f"sum by (detector, category) (rate(biaswatch_flags_total{{{SEL}}}[{RI}]))", "{{detector}} {{category}}")],
    )
    b.panel(
        "Findings by identity axis",
        "Flagging findings per second by the identity axis named (none: no group).",
        "ops",
        [(f"sum by (axis) (rate(biaswatch_flags_total{{{SEL}}}[{RI}]))", "{{axis}}")],
    )
    b.panel(
        "Detector latency p99",
        "99th percentile time of one detector call (one batch), and of shared features.",
        "s",
        [
            (
                f"histogram_quantile(0.99, sum by (detector, le) "
                f"(rate(biaswatch_detector_duration_seconds_bucket{{{SEL}}}[{RI}])))",
                "{{detector}}",
            ),
            (
                f"histogram_quantile(0.99, sum by (feature, le) "
                f"(rate(biaswatch_feature_duration_seconds_bucket{{{SEL}}}[{RI}])))",
                "feature {{feature}}",
            ),
        ],
    )
    b.row("Queue and sinks")
    b.panel(
        "Flag queue depth",
        "Flagged samples in the queue by review status (summed over agents).",
        "short",
        [(f"sum by (status) (biaswatch_queue_depth{{{SEL}}})", "{{status}}")],
    )
    b.panel(
        "Queue writes and sink errors",
        "Flag-queue writes by result, and failed sink writes (retried; the source is not committed meanwhile).",
        "ops",
        [
            (f"sum by (sink, result) (rate(biaswatch_queue_writes_total{{{SEL}}}[{RI}]))", "{{sink}} {{result}}"),
            (f"sum by (sink) (rate(biaswatch_sink_errors_total{{{SEL}}}[{RI}]))", "errors {{sink}}"),
            (
                f"sum by (detector) (rate(biaswatch_detector_errors_total{{{SEL}}}[{RI}]))",
                "detector errors {{detector}}",
            ),
        ],
    )
    b.row("Agent health")
    b.panel(
        "Loop freshness (worst agent)",
        "Seconds since the stalest agent's processing loop ticked; /livez fails past "
        "pipeline.liveness_timeout_seconds.",
        "s",
        [(f"max by (job) (time() - biaswatch_loop_last_tick_timestamp_seconds{{{SEL}}})", "{{job}}")],
        width=8,
    )
    b.panel(
        "Agents up",
        "Scrape targets answering (up == 1) per job.",
        "short",
        [(f"sum by (job) (up{{{SEL}}})", "{{job}}")],
        width=8,
    )
    b.panel(
        "Newest sample age",
        "Seconds since the newest processed sample's own timestamp (worst agent).",
        "s",
        [(f"max by (job) (time() - biaswatch_last_sample_timestamp_seconds{{{SEL}}})", "{{job}}")],
        width=8,
    )
    b.panel(
        "Resident memory (max per agent)",
        "Largest resident set size of one agent process, per job.",
        "bytes",
        [(f"max by (job) (process_resident_memory_bytes{{{SEL}}})", "{{job}}")],
    )
    b.panel(
        "CPU (max per agent)",
        "CPU cores used by the busiest agent process, per job.",
        "short",
        [(f"max by (job) (rate(process_cpu_seconds_total{{{SEL}}}[{RI}]))", "{{job}}")],
    )
    b.panel(
        "Versions",
        "Agents per version and configuration hash.",
        "short",
        [(f"count by (version, config_hash) (biaswatch_build_info{{{SEL}}})", "{{version}} {{config_hash}}")],
        kind="stat",
        width=24,
    )
    return b


def bias() -> Board:
    b = Board(
        "biaswatch-bias",
        "biaswatch / Bias and drift",
        "Per-group outcome rates, per-axis disparity with 95% intervals, and drift tests against the baseline.",
        ["axis", "group"],
    )
    g = f'{RSEL}, axis=~"$axis", group=~"$group"'
    graw = f'{SEL}, axis=~"$axis", group=~"$group"'
    a = f'{SEL}, axis=~"$axis"'
    dm = f'{SEL}, model=~"$model"'
    b.annotate(
        "Drift alerts",
        f"max by (model, test) (biaswatch_drift_alert{{{dm}}}) == 1",
        "drift: {{model}} {{test}}",
        "drift_alert raised for test {{test}} on model {{model}}",
    )
    b.row("Per group (pooled over agents; insufficient data left out)")
    b.panel(
        "Flag rate per group",
        "Share of responses flagged, per group the prompt names, in the disparity window.",
        "percentunit",
        [(f"job_axis_group:biaswatch_group_flag_ratio:pooled{{{g}}}", "{{axis}}/{{group}}")],
    )
    b.panel(
        "Refusal rate per group",
        "Share of responses that refuse, per group the prompt names.",
        "percentunit",
        [(f"job_axis_group:biaswatch_group_refusal_ratio:pooled{{{g}}}", "{{axis}}/{{group}}")],
    )
    b.panel(
        "Response sentiment per group",
        "Mean VADER compound sentiment of responses, -1 to 1 (mean over agents).",
        "none",
        [(f"avg by (axis, group) (biaswatch_group_response_sentiment{{{graw}}})", "{{axis}}/{{group}}")],
        min_value=-1,
    )
    b.panel(
        "Window samples per group",
        "Samples naming the group in the window, from agents with enough data.",
        "short",
        [(f"job_axis_group:biaswatch_group_window_samples:sum{{{g}}}", "{{axis}}/{{group}}")],
    )
    b.row("Per axis disparity")
    b.panel(
        "Flag disparity ratio with 95% interval",
        "Highest / lowest group flag rate on the axis; lower95/upper95 bound it. GroupDisparityHigh reads lower95.",
        "none",
        [(f'max by (axis, bound) (biaswatch_axis_disparity_ratio{{{a}, outcome="flag"}})', "{{axis}} {{bound}}")],
    )
    b.panel(
        "Refusal disparity ratio with 95% interval",
        "Highest / lowest group refusal rate on the axis, with bounds.",
        "none",
        [(f'max by (axis, bound) (biaswatch_axis_disparity_ratio{{{a}, outcome="refusal"}})', "{{axis}} {{bound}}")],
    )
    b.panel(
        "Sentiment gap",
        "Highest minus lowest mean response sentiment between groups of the axis.",
        "none",
        [(f"max by (axis) (biaswatch_axis_sentiment_gap{{{a}}})", "{{axis}}")],
    )
    b.panel(
        "Groups with enough data",
        "Groups per axis with disparity.min_samples in the window (fewest over agents).",
        "short",
        [(f"min by (axis) (biaswatch_axis_disparity_groups{{{a}}})", "{{axis}}")],
    )
    b.row("Drift against the baseline")
    b.panel(
        "Drift p-values",
        "p-value of each test's last evaluation (smallest over agents); below drift.alpha is drift.",
        "none",
        [(f"min by (model, test) (biaswatch_drift_p_value{{{dm}}})", "{{model}} {{test}}")],
        log_scale=True,
        min_value=None,
    )
    b.panel(
        "Drift statistics",
        "Test statistic of the last evaluation (largest over agents).",
        "none",
        [(f"max by (model, test) (biaswatch_drift_statistic{{{dm}}})", "{{model}} {{test}}")],
    )
    b.panel(
        "Drift alerts",
        "1 while drift was declared in drift.consecutive windows in a row.",
        "bool",
        [(f"max by (model, test) (biaswatch_drift_alert{{{dm}}})", "{{model}} {{test}}")],
    )
    b.panel(
        "Drift evaluations by decision",
        "Drift evaluations per test in each interval, by decision.",
        "short",
        [
            (
                f"sum by (test, decision) (increase(biaswatch_drift_evaluations_total{{{dm}}}[{RI}]))",
                "{{test}} {{decision}}",
            )
        ],
    )
    b.panel(
        "Baseline revision",
        "Revision of the reference baseline in use, per model (a step = a new baseline).",
        "none",
        [(f"max by (model) (biaswatch_drift_baseline_revision{{{dm}}})", "{{model}}")],
    )
    b.panel(
        "References being learned",
        "1 while a test waits for its reference to be learned from the stream: no baseline yet, a retraining "
        "boundary, or a baseline another scorer produced (an agent upgrade): the test does not run meanwhile.",
        "bool",
        [(f"max by (model, test) (biaswatch_drift_reference_learning{{{dm}}})", "{{model}} {{test}}")],
    )
    b.panel(
        "Scheduled job failures",
        "Drift and baseline jobs that raised, per interval.",
        "short",
        # The metric's own `job` label meets the target's: Prometheus keeps it as exported_job.
        [(f"sum by (exported_job) (increase(biaswatch_job_failures_total{{{SEL}}}[{RI}]))", "{{exported_job}}")],
    )
    return b


def kafka() -> Board:
    b = Board(
        "biaswatch-kafka",
        "biaswatch / Kafka",
        "Consumer-group lag, rebalances, commits, producer errors and load shedding of agents reading Kafka.",
        [],
    )
    b.row("Consumer group")
    b.panel(
        "Consumer lag by topic",
        "Records behind the high watermark, summed over partitions and replicas.",
        "short",
        [(f"sum by (topic) (biaswatch_kafka_consumer_lag_records{{{SEL}}})", "{{topic}}")],
    )
    b.panel(
        "Records consumed",
        "Records taken from Kafka per second, by topic.",
        "ops",
        [(f"sum by (topic) (rate(biaswatch_kafka_records_consumed_total{{{SEL}}}[{RI}]))", "{{topic}}")],
    )
    b.panel(
        "Rebalances",
        "Partition assignment changes per interval, by kind.",
        "short",
        [(f"sum by (kind) (increase(biaswatch_kafka_rebalances_total{{{SEL}}}[{RI}]))", "{{kind}}")],
    )
    b.panel(
        "Partitions owned and paused",
        "Partitions assigned to the group's members, and paused for backpressure.",
        "short",
        [
            (f"sum(biaswatch_kafka_assigned_partitions{{{SEL}}})", "assigned"),
            (f"sum(biaswatch_kafka_paused_partitions{{{SEL}}})", "paused"),
        ],
    )
    b.panel(
        "Brokers reachable",
        "Members whose brokers answered lately (biaswatch_kafka_up), of members.",
        "short",
        [(f"sum(biaswatch_kafka_up{{{SEL}}})", "up"), (f"count(biaswatch_kafka_up{{{SEL}}})", "members")],
    )
    commit = f"rate(biaswatch_kafka_commit_duration_seconds_bucket{{{SEL}}}[{RI}])"
    b.panel(
        "Commit latency p99",
        "99th percentile time of an offset commit.",
        "s",
        [(f"histogram_quantile(0.99, sum by (le) ({commit}))", "p99")],
    )
    b.row("Producer and load shedding")
    b.panel(
        "Producer errors and dead letters",
        "Failed offset commits (records redelivered), produce batches that failed (retried), and raw records "
        "sent to the dead-letter topic, per second.",
        "ops",
        [
            (f"sum(rate(biaswatch_kafka_commit_failures_total{{{SEL}}}[{RI}]))", "commit failures"),
            (f"sum by (topic) (rate(biaswatch_kafka_producer_errors_total{{{SEL}}}[{RI}]))", "errors {{topic}}"),
            (f"sum by (reason) (rate(biaswatch_kafka_dead_letters_total{{{SEL}}}[{RI}]))", "dead {{reason}}"),
        ],
    )
    b.panel(
        "Shedding ratio",
        "Share of analysed samples the embedding detectors skipped to keep up (load shedding).",
        "percentunit",
        [
            (
                f"sum(rate(biaswatch_shed_samples_total{{{SEL}}}[{RI}]))"
                f" / sum(rate(biaswatch_samples_total{{{SEL}}}[{RI}]))",
                "shed",
            ),
            (f"min(biaswatch_embedding_sampling_ratio{{{SEL}}})", "embedding sampling ratio (lowest agent)"),
            (f"min(biaswatch_sampling_ratio{{{SEL}}})", "configured sampling ratio"),
        ],
    )
    return b


BOARDS = {"overview.json": overview, "bias.json": bias, "kafka.json": kafka}


def render_all() -> dict[str, str]:
    return {name: json.dumps(make().render(), indent=2) + "\n" for name, make in BOARDS.items()}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, text in render_all().items():
        (OUT / name).write_text(text)
        print(f"wrote {OUT / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
