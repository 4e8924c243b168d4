"""Time our MMD permutation test on the arrays bench_drift.py saved (to compare with bench_alibi.py)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.drift.stats import mmd_permutation


def main() -> int:
    arrays = np.load(sys.argv[1])
    rng = np.random.default_rng(0)
    out = {}
    for name in ("y_same", "y_shift"):
        t0 = time.perf_counter()
        r = mmd_permutation(arrays["x"], arrays[name], 500, rng)
        out[name] = {"p_value": r.p_value, "drift": r.p_value < 0.01, "seconds": time.perf_counter() - t0}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
