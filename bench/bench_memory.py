"""`make bench-memory`: resident memory of `biaswatch replay` with every detector over a long
mixed-length stream, sampled once a second, with the allocator bounds on (the default) and off.

Traffic comes from `biaswatch generate`; each response is repeated 1-8 times (seeded) so batches
pad to ever-different lengths, which is what made RSS grow. Warm-up is the first quarter of the
run; the target is RSS after warm-up within +-10 % of its value at the end of warm-up.
Writes bench-output/memory.json (the curves) and prints a summary.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _traffic(path: Path, samples: int, seed: int) -> None:
    raw = subprocess.run(
        [sys.executable, "-m", "agent.cli", "generate", "--samples", str(samples), "--seed", str(seed), "--out", "-"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for line in raw.splitlines():
            rec = json.loads(line)
            if isinstance(rec.get("response"), str):
                rec["response"] = " ".join([rec["response"]] * rng.choice([1, 1, 2, 3, 5, 8]))
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _line_starts(path: Path) -> list[int]:
    starts, pos = [], 0
    with path.open("rb") as f:
        for line in f:
            starts.append(pos)
            pos += len(line)
    return starts


def _read_offset(pid: int, data: Path) -> int | None:
    """How far replay has read its input: the file position of its descriptor (read-ahead included)."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(data):
                for line in Path(f"/proc/{pid}/fdinfo/{fd}").read_text().splitlines():
                    if line.startswith("pos:"):
                        return int(line.split()[1])
    except OSError:
        return None
    return None


def _run(data: Path, tmp: Path, bounded: bool, live: Path | None = None) -> dict[str, Any]:
    cfg = tmp / f"memory-{bounded}.yaml"
    bounds = "" if bounded else ", malloc_arenas: 0, malloc_trim_interval_seconds: 0"
    cfg.write_text(
        f"queue: {{sqlite: {{path: {tmp / f'q-{bounded}.sqlite'}}}}}\n"
        "metrics: {enabled: false}\n"
        f"pipeline: {{batch_size: 256{bounds}}}\n"
    )
    cmd = [sys.executable, "-m", "agent.cli", "replay", str(data), "--config", str(cfg)]
    cmd += ["--report", str(tmp / f"report-{bounded}.json")]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    curve: list[tuple[float, float]] = []
    starts = _line_starts(data)
    # (seconds, samples read, RSS MB), appended as measured so a run cut short still leaves its curve.
    sink = live.open("w", encoding="utf-8") if live is not None else None
    while proc.poll() is None:
        rss = _rss_mb(proc.pid)
        if rss is not None:
            curve.append((round(time.monotonic() - t0, 1), round(rss, 1)))
            if sink is not None:
                offset = _read_offset(proc.pid, data)
                read = bisect.bisect_right(starts, offset) if offset is not None else None
                sink.write(json.dumps([curve[-1][0], read, curve[-1][1]]) + "\n")
                sink.flush()
        time.sleep(1.0)
    if sink is not None:
        sink.close()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"replay failed ({proc.returncode}):\n{err[-3000:]}")
    report = json.loads((tmp / f"report-{bounded}.json").read_text())
    # The model load dominates the first samples; warm-up ends a quarter into the processing.
    after = curve[len(curve) // 4 :]
    warm = after[0][1]
    return {
        "bounded": bounded,
        "seconds": round(time.monotonic() - t0, 1),
        "samples": report.get("samples"),
        "rss_warm_mb": warm,
        "rss_end_mb": curve[-1][1],
        "rss_max_after_warmup_mb": max(r for _, r in after),
        "rss_min_after_warmup_mb": min(r for _, r in after),
        "drift_after_warmup": round(max(abs(r - warm) for _, r in after) / warm, 3),
        "points": len(curve),
        "curve": curve,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--modes", default="bounded,unbounded")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-output" / "memory.json")
    args = ap.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        data = tmp / "traffic.jsonl"
        _traffic(data, args.samples, args.seed)
        for mode in args.modes.split(","):
            live = args.out.with_name(f"{args.out.stem}-{mode}.curve.jsonl")
            results.append(_run(data, tmp, mode == "bounded", live))
            r = results[-1]
            print(
                f"{mode}: {r['samples']} samples in {r['seconds']} s; RSS warm {r['rss_warm_mb']} MB, "
                f"end {r['rss_end_mb']} MB, after warm-up {r['rss_min_after_warmup_mb']}-"
                f"{r['rss_max_after_warmup_mb']} MB (max drift {r['drift_after_warmup']:.1%})",
                flush=True,
            )
    load = os.getloadavg()
    args.out.write_text(json.dumps({"load_average": load, "samples": args.samples, "runs": results}, indent=1) + "\n")
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
