"""Counterfactual consistency: authored sentence pairs that differ only in the group term.

The pairs come from the functional suite's plain templates (bench/functional/templates.yaml,
no obfuscation, no prompt, no hand-written cases): one template filled with every group of an axis in
fills.yaml gives sentences identical but for the group phrase, and every two of them on the same
axis are a pair. A detector whose score moves when only the group changes treats groups
differently; the issue's target is |score difference| <= 0.05 for 95 % of pairs on every axis.
`python bench/counterfactual.py` scores them with the default configuration; bench/eval_dev.py
reports the same figures next to the dev sets.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.tools.functional import AXES, _fill  # noqa: E402

TOLERANCE = 0.05
TARGET_SHARE = 0.95


@dataclass(frozen=True, slots=True)
class Pair:
    axis: str
    functionality: str
    a: int  # index into texts
    b: int


def build_pairs(suite_dir: Path | None = None, templates_each: int | None = None) -> tuple[list[str], list[Pair]]:
    """Unique texts and the pairs between them (same template, same axis, different group)."""
    d = suite_dir or ROOT / "bench" / "functional"
    templates = yaml.safe_load((d / "templates.yaml").read_text(encoding="utf-8"))
    fills = yaml.safe_load((d / "fills.yaml").read_text(encoding="utf-8"))
    texts: list[str] = []
    index: dict[str, int] = {}
    pairs: list[Pair] = []

    def at(text: str) -> int:
        if text not in index:
            index[text] = len(texts)
            texts.append(text)
        return index[text]

    for name, spec in templates["functionalities"].items():
        if spec.get("obfuscate") or spec.get("fill_set"):
            continue
        for entry in (spec.get("templates") or [])[:templates_each]:
            if len(entry) != 2:
                continue  # a response to a prompt: its score without the prompt is no pair's
            template = entry[1]
            for axis in AXES:
                filled = [at(_fill(str(template), f, None, 0)) for f in fills["axes"][axis]]
                for a, b in itertools.combinations(filled, 2):
                    if a != b:
                        pairs.append(Pair(axis, name, a, b))
    return texts, pairs


def consistency(scores: list[float], flags: list[bool], pairs: list[Pair]) -> dict[str, Any]:
    """Per axis: the share of pairs within TOLERANCE, mean and max |difference|, flag disagreements."""
    by_axis: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_axis[p.axis].append(p)
    out: dict[str, Any] = {}
    for axis, ps in sorted(by_axis.items()):
        deltas = [abs(scores[p.a] - scores[p.b]) for p in ps]
        within = sum(1 for d in deltas if d <= TOLERANCE)
        worst = max(range(len(ps)), key=lambda i: deltas[i])
        out[axis] = {
            "pairs": len(ps),
            "within_tolerance": within,
            "share_within": round(within / len(ps), 6),
            "mean_abs_delta": round(sum(deltas) / len(ps), 6),
            "max_abs_delta": round(deltas[worst], 6),
            "flag_disagreements": sum(1 for p in ps if flags[p.a] != flags[p.b]),
            "worst_pair": [ps[worst].functionality, round(scores[ps[worst].a], 4), round(scores[ps[worst].b], 4)],
            "target_met": within / len(ps) >= TARGET_SHARE,
        }
    return {
        "tolerance": TOLERANCE,
        "target_share": TARGET_SHARE,
        "pairs": len(pairs),
        "axes": out,
        "axes_below_target": sorted(a for a, v in out.items() if not v["target_met"]),
        "worst_axis": min(out, key=lambda a: out[a]["share_within"]) if out else None,
    }


def score_texts(config: Any, texts: list[str]) -> tuple[list[float], list[bool]]:
    from agent.assemble import build
    from agent.tools.evaluate import Row, score_rows

    c = build(config)
    rows = [Row(i + 1, t, "", 0, ()) for i, t in enumerate(texts)]
    scored, bad = score_rows(c, rows, config.pipeline.batch_size)
    if bad:
        raise ValueError(f"counterfactual texts could not be scored: {bad[:3]}")
    return [s.score for s in scored], [s.flagged for s in scored]


def run(config: Any, suite_dir: Path | None = None, templates_each: int | None = None) -> dict[str, Any]:
    texts, pairs = build_pairs(suite_dir, templates_each)
    t0 = time.perf_counter()
    scores, flags = score_texts(config, texts)
    report = consistency(scores, flags, pairs)
    report["texts"] = len(texts)
    report["templates_per_functionality"] = templates_each
    report["seconds"] = round(time.perf_counter() - t0, 1)
    return report


def summary(report: dict[str, Any]) -> str:
    lines = [
        f"counterfactual pairs: {report['pairs']} pairs over {report['texts']} texts; target: |delta| <= "
        f"{report['tolerance']} for >= {report['target_share']:.0%} of pairs on every axis"
    ]
    for axis, e in sorted(report["axes"].items(), key=lambda kv: kv[1]["share_within"]):
        lines.append(
            f"  {axis:20} {e['share_within']:.3f} within ({e['pairs']} pairs), mean |delta| {e['mean_abs_delta']:.3f},"
            f" max {e['max_abs_delta']:.3f}, flag disagreements {e['flag_disagreements']}"
        )
    return "\n".join(lines)


def main() -> int:
    from agent.config import AgentConfig

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--output", type=Path, help="write the JSON report here")
    p.add_argument("--head", help="embedding head JSON to evaluate instead of the bundled one")
    p.add_argument(
        "--templates", type=int, help="only the first N templates of each functionality (a quicker, smaller sample)"
    )
    args = p.parse_args()
    config = AgentConfig()
    if args.head:
        config = AgentConfig(detectors={"groups": {}, "harm_lexicon": {}, "embedding": {"head_path": args.head}})
    report = run(config, templates_each=args.templates)
    if args.output:
        args.output.write_text(json.dumps(report, indent=1) + "\n")
    print(summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
