"""`make fuzz`, part two: `biaswatch score` over N hostile lines (default 10,000) must write exactly
one JSON line per input line, exit 0 and print no traceback.

The lines come from tests/hostile.py's seeded generator (lone surrogates, NULs, control characters,
huge strings, deep nesting, wrong types, truncated JSON, bytes that are not UTF-8, mixed arrays).
`--detectors all` adds the embedding detector (slow on a shared 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import random_line  # noqa: E402

LEXICON = "detectors: {groups: {}, harm_lexicon: {}}\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--detectors", choices=["lexicon", "all"], default="lexicon")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "hostile.jsonl"
        data.write_bytes(b"".join(random_line(rng) + b"\n" for _ in range(args.lines)))
        cmd = [sys.executable, "-m", "agent.cli", "score", str(data), "--output", str(Path(tmp) / "out.jsonl")]
        if args.detectors == "lexicon":
            (Path(tmp) / "c.yaml").write_text(LEXICON)
            cmd += ["--config", str(Path(tmp) / "c.yaml")]
        t0 = time.perf_counter()
        proc = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=False
        )
        seconds = time.perf_counter() - t0
        out = (Path(tmp) / "out.jsonl").read_text(encoding="utf-8").splitlines()
    parsed = [json.loads(line) for line in out]
    reasons = Counter(
        p["error"]["reason"] if "error" in p else ("flagged" if p["flagged"] else "scored") for p in parsed
    )
    tracebacks = proc.stderr.count(b"Traceback")
    ok = proc.returncode == 0 and len(out) == args.lines and tracebacks == 0
    ok = ok and [p["line"] for p in parsed] == list(range(1, args.lines + 1))
    print(
        json.dumps(
            {
                "lines_in": args.lines,
                "lines_out": len(out),
                "exit_code": proc.returncode,
                "tracebacks": tracebacks,
                "seconds": round(seconds, 1),
                "outcomes": dict(reasons.most_common()),
                "ok": ok,
            },
            indent=1,
        )
    )
    if not ok:
        sys.stderr.write(proc.stderr.decode(errors="replace")[-4000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
