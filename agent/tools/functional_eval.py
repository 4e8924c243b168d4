"""`biaswatch eval --functional`: score the functional suite and report accuracy per functionality.

Every case goes through the whole configured pipeline (as `biaswatch score` would see it, its
prompt with it when it has one); a biased case is right when the sample is flagged, a benign one
when it is not. Accuracy is reported overall and per functionality, axis, group and register,
next to the issue's targets (>= 0.95 overall, >= 0.85 for every functionality and every axis),
with the failing cases of each functionality so a model engineer sees what went wrong.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from agent.tools.evaluate import Row, Scored, score_rows
from agent.tools.functional import Case, Suite, load_suite, stratified_slice

TARGET_OVERALL = 0.95
TARGET_EACH = 0.85
_FAILURES_KEPT = 8  # failing cases listed per functionality in the report


def evaluate_functional(
    config: Any, suite_dir: Path | None = None, per_functionality: int | None = None
) -> dict[str, Any]:
    """Score the suite (or a stratified slice of `per_functionality` cases each) with `config`."""
    from agent.assemble import build

    suite = load_suite(suite_dir)
    cases = suite.cases if per_functionality is None else stratified_slice(suite.cases, per_functionality)
    c = build(config)
    t0 = time.perf_counter()
    # A case with a prompt is sent as `biaswatch eval` sends a JSONL row with "prompt": both together.
    rows = [Row(i + 1, case.text, case.prompt, int(case.label == "biased"), ()) for i, case in enumerate(cases)]
    scored, bad = score_rows(c, rows, config.pipeline.batch_size)
    if bad:
        # The suite is ours: a case the decoder refuses is a bug in the suite, not a detector error.
        raise ValueError(f"functional suite: {len(bad)} cases could not be scored, first: {bad[0]}")
    report = functional_report(suite, cases, scored)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    report["slice_per_functionality"] = per_functionality
    report["detector_versions"] = c.detector_versions
    report["config_hash"] = c.config_hash
    return report


def _acc(items: Sequence[tuple[Case, Scored]]) -> dict[str, Any]:
    n = len(items)
    correct = sum(1 for case, s in items if s.flagged == (case.label == "biased"))
    return {
        "n": n,
        "correct": correct,
        "accuracy": round(correct / n, 6) if n else None,
        "flagged": sum(1 for _, s in items if s.flagged),
        "mean_score": round(sum(s.score for _, s in items) / n, 6) if n else None,
    }


def _by(pairs: list[tuple[Case, Scored]], key: Callable[[Case], str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[tuple[Case, Scored]]] = defaultdict(list)
    for case, s in pairs:
        groups[key(case)].append((case, s))
    return {k: _acc(v) for k, v in sorted(groups.items())}


def functional_report(suite: Suite, cases: Sequence[Case], scored: Sequence[Scored]) -> dict[str, Any]:
    pairs = list(zip(cases, scored, strict=True))
    per_f = _by(pairs, lambda c: c.functionality)
    for name, entry in per_f.items():
        f = suite.functionalities[name]
        entry.update(label=f.label, contrast=f.contrast, tests=f.tests)
        failed = [(c, s) for c, s in pairs if c.functionality == name and s.flagged != (c.label == "biased")]
        entry["failures"] = [
            {**c.to_dict(), "score": round(s.score, 4), "flagged": s.flagged} for c, s in failed[:_FAILURES_KEPT]
        ]
    per_axis = _by(pairs, lambda c: c.axis)
    overall = _acc(pairs)
    worst_f = min(per_f.items(), key=lambda kv: kv[1]["accuracy"])
    scored_axes = {k: v for k, v in per_axis.items() if k != "none"}
    worst_a = min(scored_axes.items(), key=lambda kv: kv[1]["accuracy"]) if scored_axes else None
    return {
        "mode": "functional",
        **overall,
        "functionalities": per_f,
        "axes": per_axis,
        "groups": _by(pairs, lambda c: c.group),
        "registers": _by(pairs, lambda c: c.register),
        "labels": _by(pairs, lambda c: c.label),
        "targets": {
            "overall": TARGET_OVERALL,
            "each_functionality_and_axis": TARGET_EACH,
            "overall_met": overall["accuracy"] >= TARGET_OVERALL,
            "functionalities_below": sorted(k for k, v in per_f.items() if v["accuracy"] < TARGET_EACH),
            "axes_below": sorted(k for k, v in scored_axes.items() if v["accuracy"] < TARGET_EACH),
            "worst_functionality": worst_f[0],
            "worst_axis": worst_a[0] if worst_a else None,
        },
    }


def functional_summary(report: dict[str, Any], groups: bool = True) -> str:
    t = report["targets"]
    lines = [
        f"functional suite: {report['n']} cases, accuracy {report['accuracy']:.3f} "
        f"(target >= {t['overall']}); {report['flagged']} flagged",
        "",
        f"{'functionality':34} {'label':7} {'n':>5} {'accuracy':>9} {'mean score':>11}",
    ]
    for name, e in sorted(report["functionalities"].items(), key=lambda kv: kv[1]["accuracy"]):
        mark = "" if e["accuracy"] >= t["each_functionality_and_axis"] else "  < target"
        lines.append(f"{name:34} {e['label']:7} {e['n']:5d} {e['accuracy']:9.3f} {e['mean_score']:11.3f}{mark}")
    lines += ["", f"{'axis':34} {'':7} {'n':>5} {'accuracy':>9}"]
    for name, e in sorted(report["axes"].items(), key=lambda kv: kv[1]["accuracy"]):
        lines.append(f"{name:34} {'':7} {e['n']:5d} {e['accuracy']:9.3f}")
    if groups:
        lines += ["", f"{'group':34} {'':7} {'n':>5} {'accuracy':>9}"]
        for name, e in sorted(report["groups"].items(), key=lambda kv: kv[1]["accuracy"]):
            lines.append(f"{name:34} {'':7} {e['n']:5d} {e['accuracy']:9.3f}")
    lines += [
        "",
        f"below {t['each_functionality_and_axis']}: functionalities {t['functionalities_below'] or 'none'}; "
        f"axes {t['axes_below'] or 'none'}",
    ]
    return "\n".join(lines)
