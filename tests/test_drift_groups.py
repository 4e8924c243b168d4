"""Per-group disparity drift (exact per-group tests, Tarone's correction) and per-axis MMD."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from agent.analyse import BatchOutcome, SampleResult
from agent.config import DriftConfig
from agent.disparity import rate_ratio
from agent.drift import stats
from agent.drift.baseline import Baseline
from agent.drift.monitor import DriftMonitor
from agent.sample import Sample
from agent.sources.base import Record

GROUPS = [f"g{i}" for i in range(40)]
AXIS = {**{g: "religion" for g in GROUPS[:20]}, **{g: "nationality" for g in GROUPS[20:]}, "deaf": "disability"}


def _batch(rng: np.random.Generator, n: int, *, deaf_negative: bool = False, deaf_moved: bool = False) -> BatchOutcome:
    """1.4% flagged at random; 3% of samples name `deaf`, the rest one of 40 other groups or none."""
    results = []
    emb = rng.normal(size=(n, 16)).astype(np.float32)
    for i in range(n):
        u = rng.random()
        groups = ["deaf"] if u < 0.03 else ([str(rng.choice(GROUPS))] if u < 0.6 else [])
        flagged = bool(rng.random() < 0.014) or (deaf_negative and groups == ["deaf"])
        if deaf_moved and groups == ["deaf"]:
            emb[i, 0] += 3.0
        results.append(
            SampleResult(
                record=Record(b"{}", f"f:{i}", "file", 0.0),
                sample=Sample(id=str(i), ts=0.0, model="m", response="r"),
                findings=[],
                score=float(rng.beta(2, 5)),
                flagged=flagged,
                groups=groups,
                prompt_groups=groups,
                response_groups=[],
            )
        )
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return BatchOutcome(list(results), {}, {}, emb)


def test_tarone_leaves_out_tables_that_cannot_reach_significance() -> None:
    tables = {"quiet": (0, 10, 0, 20), "one": (1, 10, 0, 20), "loud": (6, 10, 0, 20)}
    # Neither `quiet` (no flags at all) nor `one` (best case p = 1/3) can reach 0.01 / m.
    assert stats.tarone_family(tables, 0.01) == ["loud"]
    many = {f"g{i}": (6, 10, 0, 20) for i in range(5)}
    assert sorted(stats.tarone_family(many, 0.01)) == sorted(many)


def test_rate_ratio_bounds_contain_the_estimate() -> None:
    ratio, lower, upper = rate_ratio(5, 10, 10, 100)
    assert ratio == 5.0 and 1.0 < lower < ratio < upper
    assert rate_ratio(0, 10, 0, 100)[0] == 1.0


def test_a_group_turning_negative_is_found_and_a_stationary_stream_is_quiet() -> None:
    rng = np.random.default_rng(3)
    cfg = DriftConfig(enabled=True, window_size=500, tests=["group_disparity"], baseline={"reference_size": 1000})
    mon = DriftMonitor(cfg, "h", group_axis=AXIS)
    for _ in range(12):  # reference, then 10 stationary windows
        mon.observe(_batch(rng, 500))
    quiet = list(mon.history)
    assert len(quiet) == 10 and not [e for e in quiet if e.drift]
    assert all(e.detail["groups_eligible"] >= 20 for e in quiet)
    mon.observe(_batch(rng, 500, deaf_negative=True))
    last = mon.history[-1]
    assert last.drift and last.detail["worst_group"] == "deaf"
    deaf = last.detail["groups"]["deaf"]
    assert deaf["window"][0] == deaf["window"][1] >= cfg.min_group_samples and deaf["lower95"] > 1.0


def test_mmd_by_axis_finds_the_axis_whose_responses_moved(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    cfg = DriftConfig(
        enabled=True,
        window_size=500,
        tests=["mmd"],
        by_axis=True,
        min_axis_samples=8,
        permutations=500,  # the smallest p is 1/501, and Bonferroni multiplies it by the axes tested
        baseline={"reference_size": 1000},
    )
    mon = DriftMonitor(cfg, "h", group_axis=AXIS)
    for _ in range(4):
        mon.observe(_batch(rng, 500))
    ref = mon.baseline.references["m"]
    assert len(ref.row_groups) == 1000 and ("deaf",) in ref.row_groups
    path = tmp_path / "b.npz"
    mon.baseline.save(path)
    assert Baseline.load(path).references["m"].row_groups == ref.row_groups
    before = [e for e in mon.history if e.test == "mmd_by_axis"]
    assert len(before) == 2 and not [e for e in before if e.drift]
    assert before[0].detail["axes_tested"] == 3
    mon.observe(_batch(rng, 500, deaf_moved=True))
    pooled, by_axis = mon.history[-2], mon.history[-1]
    assert (pooled.test, by_axis.test) == ("mmd", "mmd_by_axis")
    # 3% of rows moved: the axis' own test sees it even where the pooled one may not.
    assert by_axis.drift and by_axis.detail["worst_axis"] == "disability"
