"""Dev-set figures for docs/detection.md: `make eval-dev` (needs ../shared/data/dev; never a test).

ToxiGen seeds (labeled hate/neutral), BOLD Wikipedia sentences (benign), and the authored
counterfactual benign set from tests/. Writes one JSON per set to bench/results/ and prints a
summary. The dev sets are read, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import AgentConfig  # noqa: E402
from agent.evaluate import evaluate, summary  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--dev", default=os.environ.get("BIASWATCH_DEV", str(ROOT.parent / "shared" / "data" / "dev")))
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = p.parse_args()
    dev = Path(args.dev)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    config = AgentConfig()
    from tests.benign_identity import benign_identity_sentences

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for s in benign_identity_sentences():
            fh.write(json.dumps({"text": s}) + "\n")
        counterfactual = fh.name
    sets = [
        ("toxigen_seeds", dev / "toxigen_seeds.jsonl", False),
        ("bold_wiki", dev / "bold_wiki.jsonl", True),
        ("counterfactual_benign", Path(counterfactual), True),
    ]
    for name, path, benign in sets:
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        t0 = time.perf_counter()
        report = evaluate(config, str(path), benign=benign)
        report["seconds"] = round(time.perf_counter() - t0, 1)
        (out / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
        print(f"== {name} ({report['seconds']} s)\n{summary(report)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
