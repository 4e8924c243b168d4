"""Lexicon-only dev-set figures (groups + harm_lexicon, no embedding) for docs/detection.md.

ToxiGen seeds: ROC-AUC of the harm lexicon alone. BOLD Wikipedia sentences: how many benign
sentences the lexicon flags, and in how many it finds a group mention. Never a test and never a
tuning loop: the dev sets are read for measurement only.
    .venv/bin/python bench/eval_lexicon.py [--dev DIR] [--fraction 0.25]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import AgentConfig  # noqa: E402
from agent.tools.evaluate import evaluate  # noqa: E402


def _subset(path: Path, fraction: float, tmp: Path) -> Path:
    if fraction >= 1.0:
        return path
    lines = path.read_text(encoding="utf-8").splitlines()
    random.Random(7).shuffle(lines)
    out = tmp / path.name
    out.write_text("\n".join(lines[: max(1, int(len(lines) * fraction))]) + "\n", encoding="utf-8")
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--dev", default=os.environ.get("BIASWATCH_DEV", str(ROOT.parent / "shared" / "data" / "dev")))
    p.add_argument("--fraction", type=float, default=1.0, help="seeded share of BOLD to score (ToxiGen is whole)")
    args = p.parse_args()
    dev = Path(args.dev)
    config = AgentConfig(detectors={"groups": {}, "harm_lexicon": {}})
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        tox = evaluate(config, str(dev / "toxigen_seeds.jsonl"))
        out["toxigen"] = {
            "n": tox["n"],
            "roc_auc": tox["roc_auc"],
            "flagged": tox["flagged"],
            "recall": tox["recall"],
            "precision": tox["precision"],
        }
        bold_path = _subset(dev / "bold_wiki.jsonl", args.fraction, Path(tmp))
        bold = evaluate(config, str(bold_path), benign=True)
        rates = [(g, e["false_flag_rate"]["rate"] or 0.0) for g, e in bold["groups"].items()]
        out["bold"] = {
            "n": bold["n"],
            "flagged": bold["flagged"],
            "flag_rate": bold["false_flag_rate"]["rate"],
            "worst_groups": sorted(rates, key=lambda t: -t[1])[:3],
        }
        out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
