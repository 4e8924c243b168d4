"""Time the MMD permutation test, old against new, interleaved on the same arrays.

    python bench/time_mmd.py [ARRAYS.npz] [--repeats 9] [--permutations 500]

ARRAYS.npz is what bench_drift.py saves (x, y_same, y_shift: real embeddings); without it, unit
vectors of the same shape (1,000 vs 1,000 × 384). Old and new run alternately, so both see the
same machine load; the ratio of their medians is the figure to quote, not either time alone.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # comes with scikit-learn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.drift.mmd import mmd_permutation


def old_mmd(x: np.ndarray, y: np.ndarray, permutations: int, rng: np.random.Generator) -> float:
    """The implementation this replaced (commit 1693b3e): float32 kernel with N × N temporaries,
    a full copy partitioned for the median, weight vectors shuffled row by row."""
    n, m = len(x), len(y)
    z = np.concatenate([np.asarray(x, np.float32), np.asarray(y, np.float32)])
    sq = np.einsum("ij,ij->i", z, z)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (z @ z.T)
    np.maximum(d2, 0.0, out=d2)
    size = len(z)
    rank = size + (size * size - size) // 2
    med = float(np.partition(d2.ravel(), rank)[rank])
    bw = math.sqrt(med) if med > 0 else 1.0
    d2 *= np.float32(-0.5 / (bw * bw))
    k = np.exp(d2, out=d2)
    base = np.concatenate([np.full(n, 1.0 / n, np.float32), np.full(m, -1.0 / m, np.float32)])
    w = np.empty((permutations + 1, n + m), np.float32)
    w[0] = base
    w[1:] = rng.permuted(np.broadcast_to(base, (permutations, n + m)), axis=1)
    s = np.einsum("ij,ij->i", w @ k, w)
    return (1 + int(np.count_nonzero(s[1:] >= s[0]))) / (permutations + 1)


def _arrays(path: str | None) -> dict[str, np.ndarray]:
    if path:
        with np.load(path) as z:
            return {k: z[k] for k in ("x", "y_same", "y_shift")}
    rng = np.random.default_rng(0)

    def unit(shift: float) -> np.ndarray:
        a = rng.normal(size=(1000, 384)).astype(np.float32)
        a[:, 0] += shift
        a /= np.linalg.norm(a, axis=1, keepdims=True)
        return a

    return {"x": unit(0.0), "y_same": unit(0.0), "y_shift": unit(1.0)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("arrays", nargs="?")
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--permutations", type=int, default=500)
    args = ap.parse_args()
    arr = _arrays(args.arrays)
    rng = np.random.default_rng(0)
    x, p = arr["x"], args.permutations
    mmd_permutation(x, arr["y_same"], p, rng)  # warm-up: BLAS threads, page faults
    old_mmd(x, arr["y_same"], p, rng)
    y = arr["y_same"]
    times: dict[str, list[float]] = {"old": [], "new": [], "new_1_blas_thread": []}
    for _ in range(args.repeats):
        for name in times:
            t0 = time.perf_counter()
            if name == "old":
                old_mmd(x, y, p, rng)
            elif name == "new":
                mmd_permutation(x, y, p, rng)
            else:
                # When other processes share the cores, a 2-thread BLAS waits on descheduled
                # threads; one thread is then faster (measured, not assumed).
                with threadpool_limits(1, "blas"):
                    mmd_permutation(x, y, p, rng)
            times[name].append(time.perf_counter() - t0)
    decisions = {}
    for name in ("y_same", "y_shift"):
        t0 = time.perf_counter()
        r = mmd_permutation(x, arr[name], p, rng)
        decisions[name] = {"p_value": r.p_value, "drift": r.p_value < 0.01, "seconds": time.perf_counter() - t0}
    med = {k: float(np.median(v)) for k, v in times.items()}
    out = {
        "shape": [len(x), len(arr["y_same"]), x.shape[1]],
        "permutations": p,
        "repeats": args.repeats,
        "median_seconds": med,
        "min_seconds": {k: min(v) for k, v in times.items()},
        "speedup_old_over_new": med["old"] / med["new"],
        "load_average": os.getloadavg(),
        "decisions": decisions,
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
