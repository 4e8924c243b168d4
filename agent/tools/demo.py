"""`biaswatch demo`: synthetic traffic through the whole agent, then a summary a person can read."""

from __future__ import annotations

import sqlite3
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from agent.analyse import BatchOutcome
from agent.config import AgentConfig, MetricsConfig, QueueConfig, SqliteQueueConfig
from agent.service import RunOptions


class _Truth:
    """Compares flags with the generator's labels (kept in metadata.synthetic)."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.tn = 0

    def __call__(self, outcome: BatchOutcome) -> None:
        for r in outcome.results:
            synthetic = r.sample.metadata.get("synthetic")
            if not isinstance(synthetic, dict):
                continue
            biased = synthetic.get("label") == "biased"
            if r.flagged and biased:
                self.tp += 1
            elif r.flagged:
                self.fp += 1
            elif biased:
                self.fn += 1
            else:
                self.tn += 1


def _scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        text = resp.read().decode()
    totals: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name.endswith("_total") or s.name == "biaswatch_queue_depth":
                totals[s.name] = totals.get(s.name, 0.0) + s.value
    return totals


def demo(samples: int, seed: int, out: Path, port: int) -> int:
    from agent.replay import replay
    from agent.tools.traffic import TrafficSpec, write

    out.mkdir(parents=True, exist_ok=True)
    traffic = out / "traffic.jsonl"
    queue_path = out / "queue.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{queue_path}{suffix}").unlink(missing_ok=True)
    t0 = time.monotonic()
    stats = write(TrafficSpec(n=samples, seed=seed, biased_rate=0.06, invalid_rate=0.02), traffic)
    print(f"generated {traffic}: {stats}")
    config = AgentConfig(
        metrics=MetricsConfig(host="127.0.0.1", port=port),
        queue=QueueConfig(sqlite=SqliteQueueConfig(path=str(queue_path))),
    )
    truth = _Truth()
    scraped: dict[str, float] = {}
    ports: dict[str, int] = {}

    def before_stop(p: dict[str, int]) -> None:
        ports.update(p)
        scraped.update(_scrape(p["metrics"]))

    report = replay(
        config,
        str(traffic),
        str(out / "report.json"),
        sys.stderr.isatty(),
        RunOptions(serve_metrics=True, observers=[truth], before_stop=before_stop),
    )
    _print_summary(report, truth, scraped, ports, queue_path, out, time.monotonic() - t0)
    return 0


def _print_summary(
    report: dict[str, Any],
    truth: _Truth,
    scraped: dict[str, float],
    ports: dict[str, int],
    queue_path: Path,
    out: Path,
    elapsed: float,
) -> None:
    p = print
    p("\n=== biaswatch demo ===")
    p(
        f"records {report['records']}  samples {report['samples']}  invalid {report['invalid']}  "
        f"flagged {report['flagged']} ({report['flag_rate']:.1%})  in {elapsed:.1f} s"
    )
    p("invalid by reason: " + (", ".join(f"{k}={v}" for k, v in report["invalid_by_reason"].items()) or "none"))
    p("flags by detector: " + (", ".join(f"{k}={v}" for k, v in report["flags_by_detector"].items()) or "none"))
    p("flags by category: " + (", ".join(f"{k}={v}" for k, v in report["flags_by_category"].items()) or "none"))
    top_groups = sorted(report["flags_by_group"].items(), key=lambda kv: -kv[1])[:12]
    p("flags by group:    " + (", ".join(f"{k}={v}" for k, v in top_groups) or "none"))
    precision = truth.tp / (truth.tp + truth.fp) if truth.tp + truth.fp else 0.0
    recall = truth.tp / (truth.tp + truth.fn) if truth.tp + truth.fn else 0.0
    p(
        f"against the generator's labels: precision {precision:.2f}, recall {recall:.2f} "
        f"(tp {truth.tp}, fp {truth.fp}, fn {truth.fn}, tn {truth.tn})"
    )
    with sqlite3.connect(queue_path) as conn:
        flagged_rows = conn.execute("SELECT COUNT(*) FROM flagged").fetchone()[0]
        dead_rows = conn.execute("SELECT COUNT(*) FROM dead_letters").fetchone()[0]
    p(f"flag queue {queue_path}: {flagged_rows} flagged rows, {dead_rows} dead letters")
    if scraped:
        p(
            f"scraped http://127.0.0.1:{ports['metrics']}/metrics before stopping: "
            f"biaswatch_samples_total={scraped.get('biaswatch_samples_total', 0):.0f} "
            f"biaswatch_invalid_samples_total={scraped.get('biaswatch_invalid_samples_total', 0):.0f} "
            f"biaswatch_flagged_samples_total={scraped.get('biaswatch_flagged_samples_total', 0):.0f} "
            f"biaswatch_queue_depth={scraped.get('biaswatch_queue_depth', 0):.0f}"
        )
    p("\ntop flagged examples:")
    for ex in report["top_flagged"][:5]:
        p(f"- [{ex['score']:.2f}] {ex['id']} ({ex['model']}) groups={','.join(ex['groups']) or '-'}")
        p(f"    response: {ex['response'][:160]!r}")
        for f in ex["evidence"]:
            ev = f["evidence"][0] if f["evidence"] else {}
            p(f"    {f['detector']}/{f['category']}: {ev.get('kind')}: {str(ev.get('text'))[:100]!r}")
    p(f"\nfull report: {out / 'report.json'}")
