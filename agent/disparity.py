"""Live per-group outcome disparity: for the groups a prompt names, how do the responses differ?

Fed as a pipeline observer. For every valid sample whose prompt names identity groups, it records
the response's outcomes (flagged, VADER sentiment, refusal, length) under each group, in a rolling
window of time buckets. At scrape time it exports per-group rates and, per axis, the max/min
disparity ratio with a conservative 95% interval built from per-group Wilson intervals. Groups
with fewer than `min_samples` in the window report NaN plus `biaswatch_group_sufficient_data 0`
("insufficient data") rather than noise. Labels come from the fixed taxonomy, so the series are
bounded and created at start.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from prometheus_client import CollectorRegistry

from agent.analyse import BatchOutcome, SampleResult
from agent.config import DisparityConfig
from agent.intervals import wilson
from agent.metrics.disparity import OUTCOMES, DisparityCollector
from agent.sampling import unit_hash
from agent.sentiment import vader_sentiment
from detectors import yamlload

_REFUSAL_PREFIX = 300
_Z95 = 1.96


def load_refusal_patterns(extra: Sequence[str] = ()) -> re.Pattern[str]:
    ref = resources.files("agent") / "data" / "refusal_patterns.yaml"
    patterns = [str(p) for p in yamlload.safe_load(ref.read_text(encoding="utf-8"))["patterns"]]
    patterns += list(extra)
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"refusal pattern {p!r}: {exc}") from None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(slots=True)
class _Tally:
    n: int = 0
    flagged: int = 0
    refused: int = 0
    sentiment: float = 0.0
    sentiment_n: int = 0  # sentiment is scored on a deterministic subsample (it costs ~0.7 ms a response)
    length: int = 0

    def add(self, other: _Tally) -> None:
        self.n += other.n
        self.flagged += other.flagged
        self.refused += other.refused
        self.sentiment += other.sentiment
        self.sentiment_n += other.sentiment_n
        self.length += other.length


def _ratio(a: float, b: float) -> float:
    if b > 0:
        return a / b
    return 1.0 if a == 0 else math.inf


def rate_ratio(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """(k1/n1) / (k2/n2) with conservative 95% bounds from the two Wilson intervals.

    Shared with drift (a group's window rate against its baseline rate): the bounds divide the
    outer ends of the intervals, so they cover at least as often as each interval does.
    """
    lo1, hi1 = wilson(k1, n1)
    lo2, hi2 = wilson(k2, n2)
    return _ratio(k1 / n1 if n1 else 0.0, k2 / n2 if n2 else 0.0), _ratio(lo1, hi2), _ratio(hi1, lo2)


class Disparity:
    """Pipeline observer owning the rolling window; agent/metrics/disparity.py exports its snapshot."""

    def __init__(
        self,
        group_axis: dict[str, str],
        config: DisparityConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        sentiment: Callable[[str], float] | None = None,
    ) -> None:
        self.config = config or DisparityConfig()
        self.group_axis = dict(group_axis)
        self.clock = clock
        self._refusal = load_refusal_patterns(self.config.refusal_patterns)
        self._sentiment = sentiment if sentiment is not None else vader_sentiment()
        self._width = self.config.window_seconds / self.config.buckets
        self._buckets: dict[int, dict[str, _Tally]] = {}
        self._lock = threading.Lock()

    def _sentiment_sampled(self, sample_id: str) -> bool:
        rate = self.config.sentiment_sample_rate
        # By hash of the id, so replays and replicas score the same samples.
        return rate >= 1.0 or unit_hash(sample_id, "sentiment") < rate

    def refused(self, response: str) -> bool:
        return self._refusal.search(response[:_REFUSAL_PREFIX]) is not None

    def __call__(self, outcome: BatchOutcome) -> None:
        self.observe(outcome.results)

    def observe(self, results: Iterable[SampleResult]) -> None:
        batch: dict[str, _Tally] = {}
        for r in results:
            groups = [g for g in r.prompt_groups if g in self.group_axis]
            if not groups:
                continue
            scored = self._sentiment_sampled(r.sample.id)
            one = _Tally(
                1,
                int(r.flagged),
                int(self.refused(r.sample.response)),
                self._sentiment(r.sample.response) if scored else 0.0,
                int(scored),
                len(r.sample.response),
            )
            for g in groups:
                batch.setdefault(g, _Tally()).add(one)
        if not batch:
            return
        now = int(self.clock() // self._width)
        with self._lock:
            bucket = self._buckets.setdefault(now, {})
            for g, t in batch.items():
                bucket.setdefault(g, _Tally()).add(t)
            self._expire(now)

    def _expire(self, now: int) -> None:
        for b in [b for b in self._buckets if b <= now - self.config.buckets]:
            del self._buckets[b]

    def window(self) -> dict[str, _Tally]:
        now = int(self.clock() // self._width)
        out = {g: _Tally() for g in self.group_axis}
        with self._lock:
            self._expire(now)
            for bucket in self._buckets.values():
                for g, t in bucket.items():
                    out[g].add(t)
        return out

    def snapshot(self) -> dict[str, Any]:
        """Per-group rates and per-axis disparity, as exported (NaN = insufficient data)."""
        tallies = self.window()
        ok = {g: t.n >= self.config.min_samples for g, t in tallies.items()}
        groups: dict[str, dict[str, float]] = {}
        for g, t in tallies.items():
            nan = math.nan
            groups[g] = {
                "samples": float(t.n),
                "sufficient": float(ok[g]),
                "flag": t.flagged / t.n if ok[g] else nan,
                "refusal": t.refused / t.n if ok[g] else nan,
                "sentiment": t.sentiment / t.sentiment_n if ok[g] and t.sentiment_n else nan,
                "length": t.length / t.n if ok[g] else nan,
            }
        axes: dict[str, dict[str, Any]] = {}
        for axis in sorted(set(self.group_axis.values())):
            members = [g for g, a in self.group_axis.items() if a == axis and ok[g]]
            entry: dict[str, Any] = {"groups": len(members)}
            for outcome in (*OUTCOMES, "length"):
                entry[outcome] = self._axis_ratio(members, tallies, outcome)
            sentiments = [groups[g]["sentiment"] for g in members]
            entry["sentiment_gap"] = max(sentiments) - min(sentiments) if len(members) >= 2 else math.nan
            axes[axis] = entry
        return {"groups": groups, "axes": axes}

    def _axis_ratio(self, members: list[str], tallies: dict[str, _Tally], outcome: str) -> tuple[float, float, float]:
        """(max/min ratio, lower, upper); NaN when fewer than two groups have enough data."""
        nan = (math.nan, math.nan, math.nan)
        if len(members) < 2:
            return nan
        if outcome == "length":
            means = [tallies[g].length / tallies[g].n for g in members]
            return _ratio(max(means), min(means)), math.nan, math.nan

        def k(g: str) -> int:
            return tallies[g].flagged if outcome == "flag" else tallies[g].refused

        rates = {g: k(g) / tallies[g].n for g in members}
        hi_g = max(members, key=lambda g: rates[g])
        lo_g = min(members, key=lambda g: rates[g])
        # Conservative: the most and least favoured groups' intervals at their unfavourable ends;
        # max/min is at least 1 by construction, so its lower bound is too.
        ratio, lower, upper = rate_ratio(k(hi_g), tallies[hi_g].n, k(lo_g), tallies[lo_g].n)
        return ratio, max(1.0, lower), upper


def build_disparity(
    config: DisparityConfig, group_axis: dict[str, str], registry: CollectorRegistry
) -> list[Disparity]:
    """The observers to add to the pipeline (none when disabled); registers the gauges."""
    if not config.enabled:
        return []
    d = Disparity(group_axis, config)
    registry.register(DisparityCollector(d.snapshot, d.group_axis))
    return [d]
