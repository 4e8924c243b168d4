"""`make bench-drift`: false alarms and detection delay of every drift test, plus MMD speed.

    python bench/bench_drift.py [--repeats 20] [--samples 20000] [--analysed 20000] [--change 10000]

Rows come from bench/drift_data.py (generated traffic through the real detectors, cached);
scenarios from bench/drift_streams.py. Each repeat draws a new shuffle of the 20,000-sample
stream, so false alarms are counted over repeats × 38 windows of 500 per test. Every run builds
its reference from its first 1,000 samples, as the agent does with no baseline file.

Writes bench-output/drift.json; docs/drift.md quotes it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import drift_streams  # noqa: E402
from drift_data import MODEL, OUT, DriftData, load  # noqa: E402

from agent.analyse import BatchOutcome, SampleResult  # noqa: E402
from agent.config import DriftConfig  # noqa: E402
from agent.drift.mmd import mmd_permutation  # noqa: E402
from agent.drift.monitor import DriftMonitor  # noqa: E402
from agent.intervals import wilson  # noqa: E402
from agent.sample import Sample  # noqa: E402
from agent.sources.base import Record  # noqa: E402

_RECORD = Record(b"", "bench", "bench", 0.0)
SHIFTED_WINDOWS = 6  # windows after the change point a shifted stream runs for


def _outcomes(d: DriftData, order: np.ndarray, batch: int = 256) -> Iterator[BatchOutcome]:
    r = d.rows
    for i in range(0, len(order), batch):
        idx = order[i : i + batch]
        results: list[Any] = [
            SampleResult(
                _RECORD,
                Sample(id="", ts=0.0, model=MODEL, response=""),
                [],
                float(r.score[j]),
                bool(r.flagged[j]),
                r.groups[j],
                [],
                [],
            )
            for j in idx
        ]
        yield BatchOutcome(results, {}, {}, r.embeddings[idx])


def _run(config: DriftConfig, d: DriftData, order: np.ndarray, seed: int) -> list[dict[str, Any]]:
    mon = DriftMonitor(config.model_copy(update={"seed": seed}), "bench")
    for outcome in _outcomes(d, order):
        mon.observe(outcome)
    return [{"test": e.test, "end": e.end_index, "drift": e.drift, "p": e.p_value} for e in mon.history]


def _share(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {"k": k, "n": n, "share": k / n if n else 0.0, "wilson95": [lo, hi]}


def _by_run(ks: list[int], ns: list[int]) -> list[float]:
    """95% interval of the pooled share when runs, not windows, are the independent units.

    Windows of one run share its reference, so their decisions are correlated (a reference that
    happened to see few flags makes every window of that run look high); resampling whole runs
    keeps that correlation, where a binomial interval over windows would be too narrow.
    """
    rng = np.random.default_rng(0)
    k, n = np.array(ks), np.array(ns)
    pick = rng.integers(0, len(k), size=(4000, len(k)))
    shares = k[pick].sum(axis=1) / np.maximum(n[pick].sum(axis=1), 1)
    return [float(np.quantile(shares, 0.025)), float(np.quantile(shares, 0.975))]


def _false_alarms(evals: list[list[dict[str, Any]]], tests: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for t in [*tests, "any"]:
        k = n = k2 = n2 = 0
        run_k: list[int] = []
        run_n: list[int] = []
        for run in evals:
            if t == "any":
                ends = sorted({e["end"] for e in run})
                d = [any(e["drift"] for e in run if e["end"] == end) for end in ends]
            else:
                d = [e["drift"] for e in run if e["test"] == t]
            k, n = k + sum(d), n + len(d)
            run_k.append(sum(d))
            run_n.append(len(d))
            pairs = [a and b for a, b in itertools.pairwise(d)]
            k2, n2 = k2 + sum(pairs), n2 + len(pairs)
        out[t] = {
            "per_window": {**_share(k, n), "by_run95": _by_run(run_k, run_n), "per_run": run_k},
            "two_in_a_row": _share(k2, n2),
        }
    return out


def _delays(evals: list[list[dict[str, Any]]], tests: list[str], change: int, window: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for t in [*tests, "any"]:
        first: list[int | None] = []
        first_alert: list[int | None] = []  # two windows in a row (consecutive: 2)
        for run in evals:
            ends = sorted({e["end"] for e in run if e["end"] >= change})
            hit = [any(e["drift"] for e in run if e["end"] == end and t in ("any", e["test"])) for end in ends]
            d = next((end + 1 - change for end, h in zip(ends, hit, strict=True) if h), None)
            a = next((ends[i] + 1 - change for i in range(1, len(ends)) if hit[i] and hit[i - 1]), None)
            first.append(d)
            first_alert.append(a)
        found = [x for x in first if x is not None]
        out[t] = {
            "median_delay_samples": float(np.median(found)) if found else None,
            "within_2_windows": _share(sum(x is not None and x <= 2 * window for x in first), len(first)),
            "alert_within_3_windows": _share(
                sum(x is not None and x <= 3 * window for x in first_alert), len(first_alert)
            ),
            "delays": first,
        }
    return out


def _mmd_speed(d: DriftData) -> dict[str, Any]:
    """1,000 vs 1,000 real embeddings × 384, 500 permutations; arrays saved for the alibi comparison."""
    e = d.rows.embeddings
    x, y_same = e[:1000], e[1000:2000]
    y_shift = np.concatenate([e[2000:2700], e[d.biased[:300]]])
    np.savez(OUT / "drift-mmd-arrays.npz", x=x, y_same=y_same, y_shift=y_shift)
    rng = np.random.default_rng(0)
    mmd_permutation(x, y_same, 500, rng)  # warm-up (BLAS threads)
    times = []
    for _ in range(9):
        t0 = time.perf_counter()
        mmd_permutation(x, y_same, 500, rng)
        times.append(time.perf_counter() - t0)
    return {
        "shape": "1000 vs 1000 x 384, 500 permutations",
        "median_seconds": float(np.median(times)),
        "min_seconds": float(np.min(times)),
        "max_seconds": float(np.max(times)),
        "p_unshifted": mmd_permutation(x, y_same, 500, rng).p_value,
        "p_shifted": mmd_permutation(x, y_shift, 500, rng).p_value,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=20_000, help="length of each stationary stream")
    ap.add_argument("--analysed", type=int, default=20_000, help="generated samples run through the detectors")
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--change", type=int, default=10_000, help="index where the shifted streams change")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--max-seq-length", type=int, default=256, help="tokens embedded per response (agent: 256)")
    args = ap.parse_args()
    d = load(args.analysed, args.seed, args.max_seq_length)
    config = DriftConfig(enabled=True, by_model=False, window_size=500, alpha=0.01)
    tests: list[str] = list(config.tests)
    rng = np.random.default_rng(args.seed)
    stationary: list[list[dict[str, Any]]] = []
    shifted: dict[str, list[list[dict[str, Any]]]] = {"biased_5pct": [], "group_negative": []}
    end = args.change + SHIFTED_WINDOWS * config.window_size
    t0 = time.perf_counter()
    load_before = os.getloadavg()
    for r in range(args.repeats):
        order = drift_streams.stationary(d, args.samples, rng)
        stationary.append(_run(config, d, order, seed=r))
        base = order[:end]
        shifted["biased_5pct"].append(_run(config, d, drift_streams.biased_5pct(d, base, args.change, rng), seed=r))
        shifted["group_negative"].append(
            _run(config, d, drift_streams.group_negative(d, base, args.change, rng), seed=r)
        )
        print(f"  repeat {r + 1}/{args.repeats} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    result: dict[str, Any] = {
        "command": " ".join(["bench/bench_drift.py", *sys.argv[1:]]),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}",
        "load_average_start": load_before,
        "load_average_end": os.getloadavg(),
        "seconds": time.perf_counter() - t0,
        "samples": args.samples,
        "analysed": args.analysed,
        "max_seq_length": args.max_seq_length,
        "repeats": args.repeats,
        "change_index": args.change,
        "window": config.window_size,
        "alpha": config.alpha,
        "tests": tests,
        "group": d.group,
        "group_share": float(d.mentions_group.mean()),
        "stream_flag_rate": float(d.rows.flagged[: d.stream].mean()),
        "pool_biased_flag_rate": float(d.rows.flagged[d.biased].mean()),
        "pool_about_group_flag_rate": float(d.rows.flagged[d.about_group].mean()),
        "false_alarms": _false_alarms(stationary, tests),
        "delays": {name: _delays(runs, tests, args.change, config.window_size) for name, runs in shifted.items()},
        "mmd_speed": _mmd_speed(d),
    }
    (OUT / "drift.json").write_text(json.dumps(result, indent=2) + "\n")
    for t, v in result["false_alarms"].items():
        w, two = v["per_window"], v["two_in_a_row"]
        print(
            f"false alarms {t:16s} {w['share']:.2%} ({w['k']}/{w['n']}, 95% {w['wilson95'][0]:.2%}-"
            f"{w['wilson95'][1]:.2%}, by run {w['by_run95'][0]:.2%}-{w['by_run95'][1]:.2%}); "
            f"two in a row {two['share']:.2%}; per run {w['per_run']}"
        )
    for name, per in result["delays"].items():
        for t, v in per.items():
            w2 = v["within_2_windows"]
            print(f"{name:15s} {t:16s} median delay {v['median_delay_samples']} within 2 windows {w2['share']:.0%}")
    print(json.dumps(result["mmd_speed"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
