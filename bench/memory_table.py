"""Markdown table of bench_memory.py's live curves (one run, or bounded and unbounded side by side),
every N seconds, with the drift after warm-up.

`python bench/memory_table.py BOUNDED.curve.jsonl [UNBOUNDED.curve.jsonl] --every 120 [--warm-read N]`
Each curve line is [seconds, samples read from the input, RSS MB]; read runs ahead of processed by
the file source's prefetch, so the first rows show the prefetch, not the work done. Warm-up ends at
the first row whose samples read reach --warm-read (default: a quarter of the curve, as the bench).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _rows(path: Path) -> list[list[float | int | None]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _drift(rows: list[list[float | int | None]], warm_read: int | None) -> str:
    start = len(rows) // 4
    if warm_read is not None:
        start = next((i for i, r in enumerate(rows) if r[1] is not None and int(r[1]) >= warm_read), len(rows) - 1)
    after = [float(r[2]) for r in rows[start:] if r[2] is not None]
    warm = after[0]
    lo, hi = min(after), max(after)
    return (
        f"warm-up ends at {rows[start][0]:.0f} s ({rows[start][1]} read): RSS {warm} MB; after it "
        f"{lo}-{hi} MB, drift {(lo - warm) / warm:+.1%} / {(hi - warm) / warm:+.1%}; end {after[-1]} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("bounded", type=Path)
    ap.add_argument("unbounded", type=Path, nargs="?")
    ap.add_argument("--every", type=float, default=120.0)
    ap.add_argument("--warm-read", type=int, default=None)
    args = ap.parse_args()
    a = _rows(args.bounded)
    b = _rows(args.unbounded) if args.unbounded else None
    if b is None:
        print("| seconds | samples read | RSS MB |")
        print("|---:|---:|---:|")
    else:
        print("| seconds | samples read (bounds on / off) | RSS MB, bounds on | RSS MB, bounds off |")
        print("|---:|---:|---:|---:|")
    next_t = 0.0
    for i, ra in enumerate(a):
        if ra[0] is None or (float(ra[0]) < next_t and i != len(a) - 1):
            continue
        if b is None:
            print(f"| {ra[0]:.0f} | {ra[1]} | {ra[2]} |")
        elif i < len(b):
            print(f"| {ra[0]:.0f} | {ra[1]} / {b[i][1]} | {ra[2]} | {b[i][2]} |")
        next_t = float(ra[0]) + args.every
    print()
    print(_drift(a, args.warm_read))
    if b is not None:
        print(_drift(b, args.warm_read))


if __name__ == "__main__":
    main()
