"""Precision and recall of the detectors on the traffic generator's known-biased samples.

The generator (agent/traffic.py) writes a ground-truth label into `metadata.synthetic`; this scores
a generated stream with the default detectors and compares. Its biased responses hide one biased
sentence in an otherwise helpful answer, which is what sentence-level scoring is for, so the
script prints the figures with sentence scoring on and off, measured in the same run.

    .venv/bin/python bench/demo_recall.py [--samples 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.analyse import SampleResult  # noqa: E402
from agent.assemble import build  # noqa: E402
from agent.config import AgentConfig  # noqa: E402
from agent.sources.base import Record  # noqa: E402
from agent.tools.traffic import TrafficSpec, generate  # noqa: E402


def _records(spec: TrafficSpec) -> tuple[list[Record], dict[str, bool]]:
    records, truth = [], {}
    for n, line in enumerate(generate(spec)):
        try:
            obj = json.loads(line)
            label = obj["metadata"]["synthetic"]["label"]
        except (ValueError, KeyError, TypeError):
            continue  # the generator's deliberately malformed lines carry no label
        key = f"demo:{n}"
        truth[key] = label == "biased"
        records.append(Record(line, key, "demo", time.time()))
    return records, truth


def measure(config: AgentConfig, records: list[Record], truth: dict[str, bool]) -> dict[str, Any]:
    c = build(config)
    tp = fp = fn = 0
    t0 = time.perf_counter()
    size = config.pipeline.batch_size
    for i in range(0, len(records), size):
        for res in c.analyser.analyse(records[i : i + size]).ordered:
            if not isinstance(res, SampleResult):
                continue
            actual = truth[res.record.position]
            tp += res.flagged and actual
            fp += res.flagged and not actual
            fn += (not res.flagged) and actual
    seconds = time.perf_counter() - t0
    return {
        "biased": tp + fn,
        "flagged": tp + fp,
        "true_positives": tp,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "seconds": round(seconds, 1),
        "embedding": c.detector_versions.get("embedding"),
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--samples", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--biased-rate", type=float, default=0.06)
    args = p.parse_args()
    records, truth = _records(TrafficSpec(n=args.samples, seed=args.seed, biased_rate=args.biased_rate))
    out = {}
    for name, scoring in (("sentence_scoring_on", True), ("sentence_scoring_off", False)):
        config = AgentConfig(detectors={"groups": {}, "harm_lexicon": {}, "embedding": {"sentence_scoring": scoring}})
        out[name] = measure(config, records, truth)
        print(name, json.dumps(out[name]), flush=True)
    print(json.dumps({"samples": len(records), "seed": args.seed, **out}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
