"""What a lexicon-only replay produces, for before/after comparisons of performance work.

Runs `biaswatch replay` (groups + harm_lexicon, disparity with the sentiment rate given) from the
source tree TREE over TRAFFIC and writes one JSON file with what must not change: the run report,
every stored row (flags after redaction, dead letters) and the disparity snapshot (per-group flag,
refusal, sentiment and length). Timings and timestamps are dropped, so two trees' files compare
with `cmp` (run them one after the other: both use the same queue path, which the config hash covers):

    python bench/replay_outputs.py /tmp/before T.jsonl before.json --sentiment-rate 1.0
    python bench/replay_outputs.py . T.jsonl after.json --sentiment-rate 1.0
    cmp before.json after.json

TREE's code is imported (it goes first on sys.path), with this venv's packages.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

_VOLATILE = {"elapsed_seconds", "records_per_second", "seconds_by_stage", "timings", "latency"}
_VOLATILE_COLUMNS = {"created_at", "dead_at", "inserted_at"}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and value > 1.7e9:
        return "<timestamp>"
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("tree", type=Path)
    p.add_argument("traffic")
    p.add_argument("out", type=Path)
    p.add_argument("--sentiment-rate", type=float, default=0.2)
    args = p.parse_args()
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))
    import agent.service as service
    from agent.config import AgentConfig, DisparityConfig, MetricsConfig, QueueConfig, SqliteQueueConfig
    from agent.replay import replay
    from agent.service import RunOptions

    if not str(Path(service.__file__).resolve()).startswith(str(tree)):
        raise SystemExit(f"imported {service.__file__}, not {tree}")
    captured: list[Any] = []
    from agent.disparity import build_disparity as build

    def capture(*a: Any, **k: Any) -> Any:
        observers = build(*a, **k)
        captured.extend(observers)
        return observers

    service.build_disparity = capture  # type: ignore[attr-defined]
    # A fixed path: the stored config hash covers it, so two runs must use the same one.
    queue = Path(tempfile.gettempdir()) / "biaswatch-replay-outputs" / "q.sqlite"
    queue.parent.mkdir(exist_ok=True)
    for f in queue.parent.iterdir():
        f.unlink()
    config = AgentConfig(
        metrics=MetricsConfig(enabled=True, port=0),
        queue=QueueConfig(sqlite=SqliteQueueConfig(path=str(queue))),
        detectors={"groups": {}, "harm_lexicon": {}},
        disparity=DisparityConfig(sentiment_sample_rate=args.sentiment_rate, window_seconds=10**6),
    )
    report = replay(config, args.traffic, None, False, RunOptions(serve_metrics=False))
    con = sqlite3.connect(queue)
    tables: dict[str, list[list[Any]]] = {}
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({name})")]
        keep = [c for c in columns if c not in _VOLATILE_COLUMNS]
        rows = con.execute(f"SELECT {', '.join(keep)} FROM {name} ORDER BY 1, 2").fetchall()
        tables[name] = [list(r) for r in rows]
    con.close()
    out = {"report": report, "tables": tables, "disparity": captured[0].snapshot() if captured else None}
    args.out.write_text(json.dumps(_clean(out), indent=1, sort_keys=True, default=str) + "\n")
    print(args.out, report.get("samples"), "samples,", report.get("flagged"), "flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
