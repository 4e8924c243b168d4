"""Markdown table of bench_memory.py's live curves (bounded and unbounded side by side), every N seconds.

`python bench/memory_table.py BOUNDED.curve.jsonl UNBOUNDED.curve.jsonl --every 120`
Each curve line is [seconds, samples read from the input, RSS MB]; read runs ahead of processed by
the file source's prefetch, so the first rows show the prefetch, not the work done.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _rows(path: Path) -> list[list[float | int | None]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("bounded", type=Path)
    ap.add_argument("unbounded", type=Path)
    ap.add_argument("--every", type=float, default=120.0)
    args = ap.parse_args()
    a, b = _rows(args.bounded), _rows(args.unbounded)
    print("| seconds | samples read (bounds on / off) | RSS MB, bounds on | RSS MB, bounds off |")
    print("|---:|---:|---:|---:|")
    next_t = 0.0
    for ra, rb in zip(a, b, strict=False):
        if ra[0] is not None and float(ra[0]) >= next_t:
            print(f"| {ra[0]:.0f} | {ra[1]} / {rb[1]} | {ra[2]} | {rb[2]} |")
            next_t += args.every
    last_a, last_b = a[-1], b[-1]
    print(f"| {last_a[0]:.0f} | {last_a[1]} / {last_b[1]} | {last_a[2]} | {last_b[2]} |")


if __name__ == "__main__":
    main()
