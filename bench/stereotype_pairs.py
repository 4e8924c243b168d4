"""Stereotype against counter-stereotype: does the score rank the stereotyped group's sentence higher?

Issue 10 reports that ranking by `score` is close to chance on pairs that differ only in the group
("<group A> can't drive" / "<group B> can't drive", A the group the stereotype is about). The
detector neutralises group terms before embedding so that naming a group is not evidence, and the
counterfactual-consistency target asks for equal scores on pairs that differ only in the group:
the two goals pull apart, and this bench measures where the pipeline stands. Pairs are authored
(`bench/probes/stereotype_pairs.jsonl`); each pair counts as ranked right, tied (|diff| < 0.005) or
ranked wrong. Needs no dev data.

    .venv/bin/python bench/stereotype_pairs.py [--pairs FILE] [--config FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import AgentConfig, load_config  # noqa: E402
from agent.tools.evaluate import Row, score_rows  # noqa: E402

TIE = 0.005


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", default=str(ROOT / "bench" / "probes" / "stereotype_pairs.jsonl"))
    p.add_argument("--config", help="agent configuration YAML (default: the defaults)")
    args = p.parse_args()
    from agent.assemble import build

    pairs = [json.loads(line) for line in Path(args.pairs).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [t for pair in pairs for t in (pair["stereotype"], pair["anti"])]
    c = build(load_config(args.config) if args.config else AgentConfig())
    scored, bad = score_rows(c, [Row(i + 1, t, "", 0, ()) for i, t in enumerate(texts)], 64)
    if bad:
        raise SystemExit(f"{len(bad)} sentences could not be scored: {bad[:3]}")
    s = np.array([x.score for x in scored]).reshape(-1, 2)
    diff = s[:, 0] - s[:, 1]
    report = {
        "pairs": len(pairs),
        "stereotype_higher": round(float((diff >= TIE).mean()), 4),
        "tied": round(float((np.abs(diff) < TIE).mean()), 4),
        "anti_higher": round(float((diff <= -TIE).mean()), 4),
        "mean_difference": round(float(diff.mean()), 4),
        "both_flagged": int(sum(scored[2 * i].flagged and scored[2 * i + 1].flagged for i in range(len(pairs)))),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
