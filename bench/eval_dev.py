"""Dev-set figures for docs/detection.md: `make eval-dev` (needs ../shared/data/dev; never a test).

ToxiGen seeds (labeled hate/neutral), BOLD Wikipedia sentences (benign), the authored
counterfactual benign set from tests/, the authored counterfactual pairs (bench/counterfactual.py)
and the functional suite (bench/functional). Writes one JSON per set to bench/results/, then
targets.json with every figure the detector is held to (issue 10) next to its target, and prints
a summary. Re-run after each training: `--head FILE` scores another head in the same
conditions. The dev sets are read, never copied into the repository; without them the authored
sets still run and the missing figures say why.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from agent.config import AgentConfig  # noqa: E402
from agent.tools.evaluate import evaluate, summary  # noqa: E402

SETS = (
    ("toxigen_seeds", "toxigen_seeds.jsonl", False),
    ("bold_wiki", "bold_wiki.jsonl", True),
    ("counterfactual_benign", "", True),
)
AUTHORED = ("counterfactual_pairs", "functional")
BOLD_MIN_GROUP = 100  # BOLD groups with fewer sentences cannot show a rate under 3 %


def targets(reports: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each issue-10 target with the measured figure (None when its set did not run)."""
    tox, bold = reports.get("toxigen_seeds"), reports.get("bold_wiki")
    cf, fn = reports.get("counterfactual_pairs"), reports.get("functional")
    rows: list[dict[str, Any]] = []

    def add(name: str, value: Any, target: str, met: bool | None, note: str = "") -> None:
        rows.append({"measure": name, "value": value, "target": target, "met": met, "note": note})

    if tox is None:
        add("ToxiGen ROC-AUC", None, ">= 0.93", None, "toxigen_seeds did not run")
    else:
        add("ToxiGen ROC-AUC", tox["roc_auc"], ">= 0.93", tox["roc_auc"] is not None and tox["roc_auc"] >= 0.93)
        neutral = tox["false_flag_rate"]["rate"]
        add("ToxiGen neutral flagged", neutral, "<= 0.03", neutral is not None and neutral <= 0.03)
        bpsn = [(g, e["bpsn_auc"]) for g, e in tox["groups"].items() if e.get("bpsn_auc") is not None]
        if bpsn:
            g, v = min(bpsn, key=lambda t: t[1])
            add("ToxiGen worst-group BPSN AUC", v, ">= 0.85", v >= 0.85, g)
    if bold is None:
        add("BOLD flagged overall", None, "<= 0.005", None, "bold_wiki did not run")
    else:
        rate = bold["false_flag_rate"]["rate"]
        add("BOLD flagged overall", rate, "<= 0.005", rate is not None and rate <= 0.005)
        big = [
            (g, e["false_flag_rate"]) for g, e in bold["groups"].items() if e["false_flag_rate"]["n"] >= BOLD_MIN_GROUP
        ]
        if big:
            g, r = max(big, key=lambda t: t[1]["rate"])
            add(
                f"BOLD worst group with >= {BOLD_MIN_GROUP} sentences",
                r["rate"],
                "<= 0.03",
                r["rate"] <= 0.03,
                f"{g} {r['flagged']}/{r['n']}",
            )
    if cf is not None:
        worst = cf["worst_axis"]
        share = cf["axes"][worst]["share_within"] if worst else None
        met = not cf["axes_below_target"]
        add("counterfactual pairs: worst axis share within 0.05", share, ">= 0.95", met, worst or "")
    if fn is not None:
        t = fn["targets"]
        add("functional accuracy overall", fn["accuracy"], ">= 0.95", t["overall_met"])
        wf = fn["functionalities"][t["worst_functionality"]]
        name = t["worst_functionality"]
        add("functional worst functionality", wf["accuracy"], ">= 0.85", wf["accuracy"] >= 0.85, name)
        if t["worst_axis"]:
            wa = fn["axes"][t["worst_axis"]]
            add("functional worst axis", wa["accuracy"], ">= 0.85", wa["accuracy"] >= 0.85, t["worst_axis"])
    return rows


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
    p.add_argument(
        "--only",
        action="append",
        choices=[n for n, _, _ in SETS] + list(AUTHORED),
        help="run only this set (repeatable)",
    )
    p.add_argument("--head", help="embedding head JSON to evaluate instead of the bundled one (to compare heads)")
    p.add_argument("--config", help="agent configuration YAML to evaluate with (default: the defaults)")
    p.add_argument(
        "--encoder",
        help="sentence-transformers folder to embed with (the head's encoder); `base` = the bundled MiniLM without "
        "the fine-tuned layers (for heads fitted on the frozen encoder)",
    )
    p.add_argument(
        "--backend", choices=["onnx", "torch"], help="embedding_model.backend to evaluate (default: the config's)"
    )
    args = p.parse_args()
    if not 0.0 < args.bold_fraction <= 1.0:
        p.error("--bold-fraction must be in (0, 1]")
    dev = Path(args.dev)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    config = AgentConfig()
    if args.config:
        from agent.config import load_config

        config = load_config(args.config)
    if args.head:
        config = AgentConfig(detectors={"groups": {}, "harm_lexicon": {}, "embedding": {"head_path": args.head}})
    if args.encoder:
        model = {"finetuned": False} if args.encoder == "base" else {"path": args.encoder}
        config = config.model_copy(update={"embedding_model": config.embedding_model.model_copy(update=model)})
    if args.backend:
        config = config.model_copy(
            update={"embedding_model": config.embedding_model.model_copy(update={"backend": args.backend})}
        )
    from tests.benign_identity import benign_identity_sentences

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for s in benign_identity_sentences():
            fh.write(json.dumps({"text": s}) + "\n")
        counterfactual = fh.name
    paths = {"counterfactual_benign": Path(counterfactual)}
    if not dev.is_dir():
        print(
            f"dev sets not found at {dev}: ToxiGen and BOLD figures are skipped. Point --dev (or BIASWATCH_DEV) "
            "at the directory holding toxigen_seeds.jsonl and bold_wiki.jsonl; the authored sets still run.\n"
        )
    reports: dict[str, dict[str, Any]] = {}
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
        reports[name] = report
        (out / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
        print(f"== {name} ({report['seconds']} s)\n{summary(report)}\n")
    if not args.only or "counterfactual_pairs" in args.only:
        import counterfactual as cf_pairs

        report = cf_pairs.run(config)
        report["load_average"] = [round(x, 2) for x in os.getloadavg()]
        reports["counterfactual_pairs"] = report
        (out / "counterfactual_pairs.json").write_text(json.dumps(report, indent=1) + "\n")
        print(f"== counterfactual_pairs ({report['seconds']} s)\n{cf_pairs.summary(report)}\n")
    if not args.only or "functional" in args.only:
        from agent.tools.functional_eval import evaluate_functional, functional_summary

        report = evaluate_functional(config)
        reports["functional"] = report
        (out / "functional.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
        print(f"== functional ({report['seconds']} s)\n{functional_summary(report, groups=False)}\n")
    rows = targets(reports)
    (out / "targets.json").write_text(json.dumps({"head": args.head, "targets": rows}, indent=1) + "\n")
    print("== targets")
    for r in rows:
        met = {True: "met", False: "NOT met", None: "not measured"}[r["met"]]
        value = "-" if r["value"] is None else f"{r['value']:.4f}"
        print(f"  {r['measure']:52} {value:>8}  target {r['target']:8} {met:13} {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
