"""`make bench`: replay throughput (lexicon-only and all detectors), per-detector latency, peak RSS,
and the raw SentenceTransformer.encode rate on the same responses, measured in the same run.

Each scenario runs in its own process so its peak RSS is its own. Figures go to stdout and to
bench-output/results.json; copy them into docs/performance.md with the machine they came from.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.analyse import BatchOutcome  # noqa: E402
from agent.config import AgentConfig, MetricsConfig, QueueConfig, SqliteQueueConfig  # noqa: E402
from agent.service import RunOptions  # noqa: E402
from agent.tools.traffic import TrafficSpec, write  # noqa: E402


class _Latency:
    """Per-sample latency of each stage: batch time divided by batch size, one value per batch."""

    def __init__(self) -> None:
        self.per_sample: dict[str, list[float]] = {}

    def __call__(self, outcome: BatchOutcome) -> None:
        n = max(len(outcome.results), 1)
        for name, seconds in outcome.timings.items():
            self.per_sample.setdefault(name, []).append(seconds / n)

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            name: {
                "p50_ms": round(float(np.percentile(v, 50)) * 1000, 4),
                "p99_ms": round(float(np.percentile(v, 99)) * 1000, 4),
            }
            for name, v in sorted(self.per_sample.items())
        }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _responses(path: Path) -> list[str]:
    out = []
    with path.open("rb") as fh:
        for line in fh:
            out.append(json.loads(line)["response"])
    return out


def scenario(name: str, traffic: Path) -> dict[str, Any]:
    from agent.replay import replay

    detectors: dict[str, dict[str, Any]] = {"groups": {}, "harm_lexicon": {}, "answer_choice": {}}
    if name == "all":
        detectors["embedding"] = {}
    with tempfile.TemporaryDirectory() as tmp:
        config = AgentConfig(
            metrics=MetricsConfig(enabled=False),
            queue=QueueConfig(sqlite=SqliteQueueConfig(path=str(Path(tmp) / "q.sqlite"))),
            detectors=detectors,
        )
        latency = _Latency()
        started: list[float] = []
        cpu_started: list[float] = []

        def ready(_: object) -> None:
            started.append(time.perf_counter())
            cpu_started.append(_cpu_seconds())

        opts = RunOptions(serve_metrics=False, observers=[latency], on_ready=ready)
        report = replay(config, str(traffic), None, False, opts)
        elapsed = time.perf_counter() - started[0]
        cpu = _cpu_seconds() - cpu_started[0]
    result: dict[str, Any] = {
        "scenario": name,
        "samples": report["samples"],
        "flagged": report["flagged"],
        "seconds": round(elapsed, 3),
        "samples_per_second": round(report["samples"] / elapsed, 1),
        # CPU seconds of the whole process (all threads) from ready to the end: on a shared machine
        # the wall-clock rate follows the neighbours' load, the work per sample much less so.
        "cpu_seconds": round(cpu, 3),
        "samples_per_cpu_second": round(report["samples"] / cpu, 1),
        "latency_per_sample": latency.summary(),
    }
    if name == "all":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        from agent.embedder import bundled_model_path

        model = SentenceTransformer(str(bundled_model_path()), device="cpu")
        model.max_seq_length = config.embedding_model.max_seq_length
        texts = _responses(traffic)
        t0 = time.perf_counter()
        model.encode(texts, show_progress_bar=False)  # the library's defaults: the baseline to beat
        raw = time.perf_counter() - t0
        result["raw_encode_per_second"] = round(len(texts) / raw, 1)
        result["ratio_to_raw_encode"] = round(result["samples_per_second"] / result["raw_encode_per_second"], 3)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--scenario", choices=["lexicon", "all"])
    p.add_argument("--traffic", type=Path)
    p.add_argument("--lexicon-samples", type=int, default=20_000)
    p.add_argument("--all-samples", type=int, default=1_500)
    p.add_argument("--out", type=Path, default=ROOT / "bench-output")
    args = p.parse_args()
    if args.scenario:
        print(json.dumps(scenario(args.scenario, args.traffic)))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for name, n in (("lexicon", args.lexicon_samples), ("all", args.all_samples)):
        traffic = args.out / f"traffic-{name}.jsonl"
        write(TrafficSpec(n=n, seed=11, biased_rate=0.05), traffic)
        proc = subprocess.run(
            [sys.executable, __file__, "--scenario", name, "--traffic", str(traffic)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    machine = {
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "processor": platform.processor() or platform.machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    out = {"machine": machine, "results": results}
    (args.out / "results.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    lex, full = results
    print(
        f"\nlexicon-only: {lex['samples_per_second']:.0f} samples/s (target >= 5000); "
        f"all detectors: {full['samples_per_second']:.1f} samples/s = {full['ratio_to_raw_encode']:.2f}x "
        f"the raw encode rate {full['raw_encode_per_second']:.1f}/s (target >= 0.8x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
