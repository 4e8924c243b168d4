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
from agent.tools.evaluate import evaluate, summary  # noqa: E402

SETS = (
    ("toxigen_seeds", "toxigen_seeds.jsonl", False),
    ("bold_wiki", "bold_wiki.jsonl", True),
    ("counterfactual_benign", "", True),
)


def _every_kth(path: Path, k: int) -> Path:
    """A temporary file with lines 0, k, 2k ... (the file is grouped, so every group keeps its share)."""
    with path.open(encoding="utf-8") as src, tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as dst:
        for n, line in enumerate(src):
            if n % k == 0:
                dst.write(line)
        return Path(dst.name)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--dev", default=os.environ.get("BIASWATCH_DEV", str(ROOT.parent / "shared" / "data" / "dev")))
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    p.add_argument(
        "--bold-fraction",
        type=float,
        default=1.0,
        help="score every k-th BOLD line only (k = round(1/fraction)): every group keeps its share; for iterating",
    )
    p.add_argument("--only", action="append", choices=[n for n, _, _ in SETS], help="run only this set (repeatable)")
    p.add_argument("--head", help="embedding head JSON to evaluate instead of the bundled one (to compare heads)")
    args = p.parse_args()
    if not 0.0 < args.bold_fraction <= 1.0:
        p.error("--bold-fraction must be in (0, 1]")
    dev = Path(args.dev)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    config = AgentConfig()
    if args.head:
        config = AgentConfig(detectors={"groups": {}, "harm_lexicon": {}, "embedding": {"head_path": args.head}})
    from tests.benign_identity import benign_identity_sentences

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for s in benign_identity_sentences():
            fh.write(json.dumps({"text": s}) + "\n")
        counterfactual = fh.name
    paths = {"counterfactual_benign": Path(counterfactual)}
    for name, file, benign in SETS:
        if args.only and name not in args.only:
            continue
        path = paths.get(name, dev / file)
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        if name == "bold_wiki" and args.bold_fraction < 1.0:
            path = _every_kth(path, round(1 / args.bold_fraction))
        t0 = time.perf_counter()
        report = evaluate(config, str(path), benign=benign)
        report["seconds"] = round(time.perf_counter() - t0, 1)
        report["load_average"] = [round(x, 2) for x in os.getloadavg()]
        if name == "bold_wiki":
            report["bold_fraction"] = args.bold_fraction
        (out / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
        print(f"== {name} ({report['seconds']} s)\n{summary(report)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
