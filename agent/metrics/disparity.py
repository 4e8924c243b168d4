"""The live disparity gauges: per-group window rates and per-axis disparity ratios, exported from the
snapshot of agent/disparity.py's rolling window at scrape time (a custom collector, so a scrape reads
one consistent window)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

OUTCOMES = ("flag", "refusal")  # rates with a binomial interval


class DisparityCollector(Collector):
    def __init__(self, snapshot: Callable[[], dict[str, Any]], group_axis: Mapping[str, str]) -> None:
        self._snapshot = snapshot
        self._group_axis = dict(group_axis)

    def collect(self) -> Iterator[Metric]:
        snap = self._snapshot()
        labels = ["axis", "group"]
        fams = {
            "samples": GaugeMetricFamily(
                "biaswatch_group_window_samples",
                "samples whose prompt names the group, in the rolling window",
                labels=labels,
            ),
            "sufficient": GaugeMetricFamily(
                "biaswatch_group_sufficient_data",
                "1 when the group has disparity.min_samples in the window; 0: its rates are NaN (insufficient data)",
                labels=labels,
            ),
            "flag": GaugeMetricFamily(
                "biaswatch_group_flag_ratio", "share of responses flagged, per prompt group", labels=labels
            ),
            "refusal": GaugeMetricFamily(
                "biaswatch_group_refusal_ratio", "share of responses that refuse, per prompt group", labels=labels
            ),
            "sentiment": GaugeMetricFamily(
                "biaswatch_group_response_sentiment",
                "mean VADER compound sentiment of responses, in [-1, 1]",
                labels=labels,
            ),
            "length": GaugeMetricFamily(
                "biaswatch_group_response_length_characters", "mean response length, per prompt group", labels=labels
            ),
        }
        for g, values in snap["groups"].items():
            for key, fam in fams.items():
                fam.add_metric([self._group_axis[g], g], values[key])
        ratio = GaugeMetricFamily(
            "biaswatch_axis_disparity_ratio",
            "per axis, highest group rate / lowest (groups with enough data); NaN with fewer than two such groups",
            labels=["axis", "outcome", "bound"],
        )
        gap = GaugeMetricFamily(
            "biaswatch_axis_sentiment_gap", "per axis, highest minus lowest mean response sentiment", labels=["axis"]
        )
        groups_ok = GaugeMetricFamily(
            "biaswatch_axis_disparity_groups", "groups on the axis with enough data in the window", labels=["axis"]
        )
        for axis, entry in snap["axes"].items():
            for outcome in (*OUTCOMES, "length"):
                value, lower, upper = entry[outcome]
                ratio.add_metric([axis, outcome, "estimate"], value)
                if outcome != "length":
                    ratio.add_metric([axis, outcome, "lower95"], lower)
                    ratio.add_metric([axis, outcome, "upper95"], upper)
            gap.add_metric([axis], entry["sentiment_gap"])
            groups_ok.add_metric([axis], entry["groups"])
        yield from fams.values()
        yield ratio
        yield gap
        yield groups_ok
