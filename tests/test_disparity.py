"""Per-group disparity: rolling window, insufficient data, Wilson-bounded ratios, refusals, export."""

from __future__ import annotations

import json
import math
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from agent.analyse import SampleResult
from agent.config import DisparityConfig, parse_config
from agent.disparity import Disparity
from agent.errors import ConfigError
from agent.intervals import wilson
from agent.metrics.disparity import DisparityCollector
from agent.sample import Sample
from agent.sources.base import Record

AXES = {"women": "gender", "men": "gender", "muslim": "religion", "christian": "religion", "jewish": "religion"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def result(group: str, *, flagged: bool = False, response: str = "Sure, here you go.") -> SampleResult:
    sample = Sample(id="x", ts=0.0, model="m", prompt=f"about {group}", response=response, metadata={})
    return SampleResult(Record(b"", "p", "s", 0.0), sample, [], 0.0, flagged, [group], [group], [])


def tracker(clock: Clock, min_samples: int = 10) -> Disparity:
    cfg = DisparityConfig(window_seconds=600, buckets=10, min_samples=min_samples, sentiment_sample_rate=1.0)
    return Disparity(AXES, cfg, clock=clock, sentiment=lambda text: 0.5 if "great" in text else -0.5)


def test_small_groups_report_insufficient_data_not_noise() -> None:
    d = tracker(Clock())
    d.observe([result("women", flagged=True)] * 3)
    snap = d.snapshot()
    assert snap["groups"]["women"]["samples"] == 3
    assert snap["groups"]["women"]["sufficient"] == 0.0
    assert math.isnan(snap["groups"]["women"]["flag"])
    assert snap["axes"]["gender"]["groups"] == 0
    assert all(math.isnan(v) for v in snap["axes"]["gender"]["flag"])


def test_axis_ratio_and_conservative_interval() -> None:
    d = tracker(Clock())
    d.observe([result("women", flagged=i < 20) for i in range(100)])
    d.observe([result("men", flagged=i < 5, response="great answer") for i in range(100)])
    snap = d.snapshot()
    assert snap["groups"]["women"]["flag"] == pytest.approx(0.20)
    assert snap["groups"]["men"]["sentiment"] == pytest.approx(0.5)
    estimate, lower, upper = snap["axes"]["gender"]["flag"]
    assert estimate == pytest.approx(4.0)
    lo_w, hi_w = wilson(20, 100)
    lo_m, hi_m = wilson(5, 100)
    assert lower == pytest.approx(lo_w / hi_m) and upper == pytest.approx(hi_w / lo_m)
    assert 1.0 <= lower < estimate < upper
    assert snap["axes"]["gender"]["sentiment_gap"] == pytest.approx(1.0)
    assert math.isnan(snap["axes"]["religion"]["flag"][0])  # no religion group has data


def test_old_buckets_leave_the_window() -> None:
    clock = Clock()
    d = tracker(clock)
    d.observe([result("muslim")] * 12)
    clock.now += 300
    d.observe([result("muslim")] * 5)
    assert d.snapshot()["groups"]["muslim"]["samples"] == 17
    clock.now += 400  # the first bucket is now older than the 600 s window
    assert d.snapshot()["groups"]["muslim"]["samples"] == 5


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("I'm sorry, but I can't help with that request.", True),
        ("I cannot provide advice that targets a religious group.", True),
        ("As an AI language model, I won't write that.", True),
        ("I must decline to write jokes about that group.", True),
        ("Sure! Here is a recipe for lentil soup.", False),
        ("I can't believe how good this recipe is; you should try it.", False),
        ("The law says employers cannot refuse to hire someone for their religion.", False),
    ],
)
def test_refusal_patterns(text: str, refused: bool) -> None:
    assert tracker(Clock()).refused(text) is refused


def test_only_prompt_groups_from_the_taxonomy_are_counted() -> None:
    d = tracker(Clock())
    d.observe([result("not-a-group")] * 50)
    assert all(g["samples"] == 0 for g in d.snapshot()["groups"].values())


def test_bad_refusal_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"disparity.refusal_patterns.*not a regular expression"):
        parse_config("disparity: {refusal_patterns: ['(unclosed']}")


def test_gauges_exist_at_start_with_bounded_labels() -> None:
    registry = CollectorRegistry()
    d = tracker(Clock())
    registry.register(DisparityCollector(d.snapshot, d.group_axis))
    text = generate_latest(registry).decode()
    assert 'biaswatch_group_sufficient_data{axis="religion",group="jewish"} 0.0' in text
    assert 'biaswatch_axis_disparity_ratio{axis="gender",bound="estimate",outcome="flag"} NaN' in text
    assert 'biaswatch_axis_disparity_groups{axis="religion"} 0.0' in text


def test_served_by_the_running_agent(tmp_path: Path) -> None:
    """The real service: file source, lexicon detectors, disparity gauges scraped over HTTP."""
    from agent.service import RunOptions, run
    from tests.conftest import free_port

    lines = []
    for i in range(40):
        lines.append(
            {
                "id": f"w{i}",
                "prompt": "Tell me about women in science.",
                "response": "Women are lazy." if i < 10 else "Many made key discoveries.",
            }
        )
        lines.append(
            {
                "id": f"m{i}",
                "prompt": "Tell me about men in science.",
                "response": "I'm sorry, but I can't help with that.",
            }
        )
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps(x) + "\n" for x in lines))
    port = free_port()
    cfg = parse_config(
        f"source: {{type: file, path: {data}}}\n"
        f"metrics: {{host: 127.0.0.1, port: {port}}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n"
        "disparity: {min_samples: 20}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
    )
    scraped: dict[str, Any] = {}

    def scrape(ports: dict[str, int]) -> None:
        with urllib.request.urlopen(f"http://127.0.0.1:{ports['metrics']}/metrics", timeout=10) as resp:
            scraped["text"] = resp.read().decode()

    run(cfg, threading.Event(), RunOptions(before_stop=scrape))
    text = scraped["text"]
    assert 'biaswatch_group_window_samples{axis="gender",group="women"} 40.0' in text
    assert 'biaswatch_group_refusal_ratio{axis="gender",group="men"} 1.0' in text
    assert 'biaswatch_group_flag_ratio{axis="gender",group="women"} 0.25' in text
    assert 'biaswatch_axis_disparity_ratio{axis="gender",bound="estimate",outcome="refusal"} +Inf' in text


def test_sentiment_is_scored_on_a_stable_subsample() -> None:
    scored: list[str] = []

    def sentiment(text: str) -> float:
        scored.append(text)
        return 0.0

    cfg = DisparityConfig(sentiment_sample_rate=0.2)
    d = Disparity(AXES, cfg, sentiment=sentiment)
    results = []
    for i in range(1000):
        r = result("women", response=f"response {i}")
        results.append(
            SampleResult(
                r.record,
                Sample(id=f"s{i}", ts=0.0, model="m", prompt="about women", response=f"response {i}", metadata={}),
                [],
                0.0,
                False,
                ["women"],
                ["women"],
                [],
            )
        )
    d.observe(results)
    first = list(scored)
    assert 120 < len(first) < 280  # about 20 %
    scored.clear()
    Disparity(AXES, cfg, sentiment=sentiment).observe(results)
    assert scored == first  # the same samples every time: replicas and replays agree
