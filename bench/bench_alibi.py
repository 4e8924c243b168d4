"""Run alibi-detect's MMDDrift on the arrays bench_drift.py saved; print decisions and timing as JSON.

Runs only inside the throwaway venv made by bench/alibi_venv.sh (alibi-detect is BSL-licensed and
is never installed next to biaswatch). Kept free of biaswatch imports for that reason.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import numpy as np


def main() -> int:
    from alibi_detect.cd import MMDDrift  # type: ignore[import-not-found]

    arrays = np.load(sys.argv[1])
    x = arrays["x"]
    out: dict[str, Any] = {}
    cd = MMDDrift(x, backend="pytorch", p_val=0.01, n_permutations=500)
    # One timed call each: alibi-detect's permutation loop runs in Python, tens of seconds a call here.
    for name in ("y_same", "y_shift"):
        t0 = time.perf_counter()
        pred = cd.predict(arrays[name])
        out[name] = {
            "p_value": float(pred["data"]["p_val"]),
            "drift": bool(pred["data"]["is_drift"]),
            "seconds": time.perf_counter() - t0,
        }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
