"""`make bench-drift`: false alarms, detection delay and MMD speed of the drift tests.

Streams come from the project's traffic generator and run through the real detectors (groups,
harm_lexicon, embedding) once; their per-sample results are cached in bench-output/ so the
scenarios below only re-run the drift monitor:

- stationary: a 20,000-sample stream, R shuffles (the generator draws samples independently, so
  every shuffle is a valid stationary stream), each with its own reference from its first samples;
- biased_5pct: the same streams where, from index K on, 5% of responses are replaced by biased ones;
- group_negative: from K on, every response about one group (the most frequent) turns biased.

Writes bench-output/drift.json; the figures in docs/drift.md come from it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.analyse import BatchOutcome, SampleResult  # noqa: E402
from agent.assemble import build  # noqa: E402
from agent.config import AgentConfig, DriftConfig, EmbeddingModelConfig  # noqa: E402
from agent.drift.mmd import mmd_permutation  # noqa: E402
from agent.drift.monitor import DriftMonitor  # noqa: E402
from agent.sample import Sample  # noqa: E402
from agent.sources.base import Record  # noqa: E402
from agent.traffic import TrafficSpec, generate  # noqa: E402

OUT = ROOT / "bench-output"
MODEL = "acme-chat-7b"
_RECORD = Record(b"", "bench", "bench", 0.0)


def _analyse(lines: list[bytes], cache: Path, max_seq_length: int) -> dict[str, Any]:
    """Scores, flags, groups and embeddings per line, through the real detectors (cached)."""
    if cache.exists():
        with np.load(cache) as z:
            return {
                "score": z["score"],
                "flagged": z["flagged"],
                "groups": json.loads(str(z["groups"])),
                "embeddings": z["embeddings"],
            }
    c = build(
        AgentConfig(
            detectors={"groups": {}, "harm_lexicon": {}, "embedding": {}},
            embedding_model=EmbeddingModelConfig(max_seq_length=max_seq_length),
        )
    )
    scores, flags, groups, embs = [], [], [], []
    t0 = time.perf_counter()
    for i in range(0, len(lines), 256):
        records = [Record(line, f"b:{i + j}", "bench", 0.0) for j, line in enumerate(lines[i : i + 256])]
        out = c.analyser.analyse(records)
        assert out.embeddings is not None and len(out.results) == len(records)
        scores += [r.score for r in out.results]
        flags += [r.flagged for r in out.results]
        groups += [r.groups for r in out.results]
        embs.append(out.embeddings)
        print(f"  analysed {i + len(records)}/{len(lines)} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    data: dict[str, Any] = {
        "score": np.array(scores),
        "flagged": np.array(flags),
        "groups": groups,
        "embeddings": np.concatenate(embs),
    }
    np.savez(
        cache,
        score=data["score"],
        flagged=data["flagged"],
        groups=np.array(json.dumps(groups)),
        embeddings=data["embeddings"],
    )
    return data


def _outcomes(data: dict[str, Any], order: np.ndarray, batch: int = 256) -> Iterator[BatchOutcome]:
    for i in range(0, len(order), batch):
        idx = order[i : i + batch]
        results: list[SampleResult | Any] = [
            SampleResult(
                _RECORD,
                Sample(id="", ts=0.0, model=MODEL, response=""),
                [],
                float(data["score"][j]),
                bool(data["flagged"][j]),
                data["groups"][j],
                [],
                [],
            )
            for j in idx
        ]
        yield BatchOutcome(results, {}, {}, data["embeddings"][idx])


def _run(config: DriftConfig, data: dict[str, Any], order: np.ndarray) -> list[dict[str, Any]]:
    mon = DriftMonitor(config, "bench")
    for outcome in _outcomes(data, order):
        mon.observe(outcome)
    return [{"test": e.test, "end": e.end_index, "drift": e.drift, "p": e.p_value} for e in mon.history]


def _join(*parts: dict[str, Any]) -> dict[str, Any]:
    return {
        "score": np.concatenate([p["score"] for p in parts]),
        "flagged": np.concatenate([p["flagged"] for p in parts]),
        "groups": [g for p in parts for g in p["groups"]],
        "embeddings": np.concatenate([p["embeddings"] for p in parts]),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--change", type=int, default=10_000, help="index K where the shift starts")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument(
        "--max-seq-length", type=int, default=256, help="tokens embedded per response (the agent's default: 256)"
    )
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    spec = TrafficSpec(n=args.samples, seed=args.seed, biased_rate=0.02, models=(MODEL,))
    lines = list(generate(spec))
    truth = [json.loads(line)["metadata"]["synthetic"] for line in lines]
    group = Counter(t["group"] for t in truth if t["group"]).most_common(1)[0][0]
    pool_lines = list(generate(TrafficSpec(n=12_000, seed=args.seed + 1, biased_rate=1.0, models=(MODEL,))))
    pool_truth = [json.loads(line)["metadata"]["synthetic"] for line in pool_lines]
    biased_idx = [i for i, t in enumerate(pool_truth) if t["label"] == "biased"][:1500]
    about_g = [i for i, t in enumerate(pool_truth) if t["label"] == "biased" and t["group"] == group][:800]
    print(f"stream {args.samples}; group for the group scenario: {group} ({len(about_g)} biased samples)")
    stream = _analyse(
        lines, OUT / f"drift-stream-{args.samples}-{args.seed}-{args.max_seq_length}.npz", args.max_seq_length
    )
    pool = _analyse(
        [pool_lines[i] for i in biased_idx + about_g],
        OUT / f"drift-pool-{args.seed}-{args.max_seq_length}.npz",
        args.max_seq_length,
    )
    nb = len(biased_idx)
    data = _join(stream, pool)  # pool rows start at args.samples
    n = args.samples
    g_rows = np.arange(n + nb, n + nb + len(about_g))
    b_rows = np.arange(n, n + nb)
    mentions_g = np.array([t["group"] == group for t in truth])

    config = DriftConfig(enabled=True, by_model=False, window_size=500, alpha=0.01)
    tests = list(config.tests)
    rng = np.random.default_rng(args.seed)
    far: dict[str, list[bool]] = {t: [] for t in tests}
    far2: dict[str, list[bool]] = {t: [] for t in tests}
    delays: dict[str, dict[str, list[int | None]]] = {"biased_5pct": {t: [] for t in tests}}
    delays["group_negative"] = {t: [] for t in tests}
    t0 = time.perf_counter()
    for r in range(args.repeats):
        order = rng.permutation(n)
        evals = _run(config, data, order)
        for t in tests:
            d = [e["drift"] for e in evals if e["test"] == t]
            far[t] += d
            far2[t] += [a and b for a, b in pairwise(d)]
        shifted = order.copy()
        after = np.arange(args.change, n)
        swap = after[rng.random(len(after)) < 0.05]
        shifted[swap] = rng.choice(b_rows, size=len(swap))
        neg = order.copy()
        hit = after[mentions_g[order[after]]]
        neg[hit] = rng.choice(g_rows, size=len(hit))
        for name, o in (("biased_5pct", shifted), ("group_negative", neg)):
            evals = _run(config, data, o)
            for t in tests:
                first = [e["end"] for e in evals if e["test"] == t and e["drift"] and e["end"] >= args.change]
                delays[name][t].append(first[0] + 1 - args.change if first else None)
        print(f"  repeat {r + 1}/{args.repeats} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)

    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}",
        "samples": n,
        "max_seq_length": args.max_seq_length,
        "repeats": args.repeats,
        "change_index": args.change,
        "window": config.window_size,
        "alpha": config.alpha,
        "group": group,
        "stream_flag_rate": float(stream["flagged"].mean()),
        "false_alarms": {
            t: {
                "evaluations": len(far[t]),
                "share": float(np.mean(far[t])),
                "share_2_in_a_row": float(np.mean(far2[t])),
            }
            for t in tests
        },
        "any_test_false_alarm_share": float(np.mean(np.any([far[t] for t in tests], axis=0))),
        "delays": {
            name: {
                t: {
                    "median_samples": float(np.median([x for x in v if x is not None])) if any(v) else None,
                    "within_2_windows": float(np.mean([x is not None and x <= 2 * config.window_size for x in v])),
                    "all": v,
                }
                for t, v in per.items()
            }
            for name, per in delays.items()
        },
    }
    # Speed: 1,000 vs 1,000 real 384-d embeddings, 500 permutations, one kernel matrix.
    x, y_same = stream["embeddings"][:1000], stream["embeddings"][1000:2000]
    y_shift = np.concatenate([stream["embeddings"][2000:2700], data["embeddings"][b_rows[:300]]])
    np.savez(OUT / "drift-mmd-arrays.npz", x=x, y_same=y_same, y_shift=y_shift)
    mrng = np.random.default_rng(0)
    mmd_permutation(x, y_same, 500, mrng)  # warm-up (BLAS threads)
    times = []
    for _ in range(7):
        t1 = time.perf_counter()
        mmd_permutation(x, y_same, 500, mrng)
        times.append(time.perf_counter() - t1)
    result["mmd_speed"] = {
        "shape": "1000 vs 1000 x 384, 500 permutations",
        "median_seconds": float(np.median(times)),
        "max_seconds": float(np.max(times)),
        "p_unshifted": mmd_permutation(x, y_same, 500, mrng).p_value,
        "p_shifted": mmd_permutation(x, y_shift, 500, mrng).p_value,
    }
    (OUT / "drift.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "delays"}, indent=2))
    for name, per in result["delays"].items():
        for t, v in per.items():
            print(f"{name:15s} {t:16s} median delay {v['median_samples']} within 2 windows {v['within_2_windows']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
