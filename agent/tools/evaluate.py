"""`biaswatch eval`: score a labeled (or all-benign) JSONL file and report bias-aware metrics.

Labeled mode: ROC-AUC, PR-AUC, precision/recall at the configured thresholds, and per group the
false-flag rate on negatives plus the unintended-bias AUCs (subgroup, BPSN, BNSP; Borkan et al.
2019). Benign mode: every line is benign; the flag rate overall and per group.
A line's groups are its `group` field when present, else the groups the taxonomy finds in it.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from agent.drift.stats import roc_auc as roc_auc  # the one AUC; bench/heldout.py imports it from here
from agent.errors import UsageError
from agent.intervals import wilson

_POSITIVE = {"1", "true", "yes", "hate", "hateful", "biased", "toxic", "harmful", "offensive"}
_NEGATIVE = {"0", "false", "no", "neutral", "benign", "normal", "non-toxic", "not_hate", "none"}
MIN_GROUP = 10  # fewer rows than this in a group: its rates are reported as insufficient data


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    text: str
    prompt: str
    label: int
    groups: tuple[str, ...]  # from the file; empty means "use the taxonomy's"


def parse_label(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float) and value in (0, 1):
        return int(value)
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _POSITIVE:
            return 1
        if v in _NEGATIVE:
            return 0
    raise ValueError(f"label {value!r} is not one of 0/1, true/false, {sorted(_POSITIVE | _NEGATIVE)}")


def read_rows(path: str, benign: bool) -> tuple[list[Row], list[dict[str, Any]]]:
    """Rows plus the lines that could not be used, each with its line number and reason."""
    rows: list[Row] = []
    bad: list[dict[str, Any]] = []
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, errors reported per line
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
                if not isinstance(obj, dict):
                    raise ValueError("a line must be a JSON object")
                text = obj.get("response", obj.get("text"))
                if not isinstance(text, str):
                    raise ValueError('needs a string "text" or "response" field')
                label = 0 if benign and "label" not in obj else parse_label(obj.get("label"))
                group = obj.get("group")
                groups = tuple(str(g) for g in group) if isinstance(group, list) else (str(group),) if group else ()
                prompt = obj.get("prompt") if isinstance(obj.get("prompt"), str) else ""
                rows.append(Row(n, text, str(prompt), label, groups))
            except (json.JSONDecodeError, ValueError, UnicodeDecodeError) as exc:
                bad.append({"line": n, "reason": str(exc)})
    return rows, bad


def pr_auc(y: np.ndarray, s: np.ndarray) -> float | None:
    if len(set(y.tolist())) < 2:
        return None
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, s))


def _rate(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    out: dict[str, Any] = {"n": n, "flagged": k, "rate": round(k / n, 6) if n else None}
    out["ci95"] = [round(lo, 6), round(hi, 6)]
    if n < MIN_GROUP:
        out["status"] = "insufficient data"
    return out


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 6)


def metrics(
    y: np.ndarray, score: np.ndarray, flagged: np.ndarray, groups: Sequence[tuple[str, ...]], benign: bool
) -> dict[str, Any]:
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, gs in enumerate(groups):
        for g in gs or ("(none)",):
            by_group[g].append(i)
    out: dict[str, Any] = {"n": len(y), "positives": int(y.sum()), "flagged": int(flagged.sum())}
    neg = y == 0
    out["false_flag_rate"] = _rate(int(flagged[neg].sum()), int(neg.sum()))
    if not benign:
        tp = int((flagged & (y == 1)).sum())
        out["roc_auc"] = _r(roc_auc(y, score))
        out["pr_auc"] = _r(pr_auc(y, score))
        out["precision"] = _r(tp / int(flagged.sum()) if flagged.any() else None)
        out["recall"] = _r(tp / int(y.sum()) if y.any() else None)
    per_group: dict[str, Any] = {}
    for g, idx_list in sorted(by_group.items()):
        idx = np.array(idx_list)
        in_g = np.zeros(len(y), dtype=bool)
        in_g[idx] = True
        g_neg = in_g & neg
        entry: dict[str, Any] = {"false_flag_rate": _rate(int(flagged[g_neg].sum()), int(g_neg.sum()))}
        if not benign:
            bg = ~in_g
            entry["n"] = int(in_g.sum())
            entry["subgroup_auc"] = _r(roc_auc(y[in_g], score[in_g]))
            bpsn = (in_g & neg) | (bg & (y == 1))  # group negatives vs background positives
            bnsp = (in_g & (y == 1)) | (bg & neg)  # group positives vs background negatives
            entry["bpsn_auc"] = _r(roc_auc(y[bpsn], score[bpsn]))
            entry["bnsp_auc"] = _r(roc_auc(y[bnsp], score[bnsp]))
        per_group[g] = entry
    out["groups"] = per_group
    return out


def _batches(rows: list[Row], size: int) -> Iterator[list[Row]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _payload(r: Row) -> bytes:
    return json.dumps({"id": f"line-{r.line}", "prompt": r.prompt, "response": r.text}).encode()


@dataclass(frozen=True, slots=True)
class Scored:
    """One row through the whole pipeline: what `biaswatch score` would say about it."""

    score: float
    flagged: bool
    groups: tuple[str, ...]
    by_detector: dict[str, float]


def score_rows(c: Any, rows: Sequence[Row], batch_size: int) -> tuple[list[Scored], list[dict[str, Any]]]:
    """Score rows with the built components `c` (agent.assemble.build); unusable rows are listed apart."""
    from agent.analyse import InvalidResult
    from agent.sources.base import Record

    out: list[Scored] = []
    bad: list[dict[str, Any]] = []
    for chunk in _batches(list(rows), batch_size):
        records = [Record(_payload(r), f"eval:{r.line}", "eval", time.time()) for r in chunk]
        for r, res in zip(chunk, c.analyser.analyse(records).ordered, strict=True):
            if isinstance(res, InvalidResult):
                bad.append({"line": r.line, "reason": res.score_line()["error"]["message"]})
                continue
            per = {
                d.name: max((f.score for f in res.findings if f.detector == d.name), default=0.0)
                for d in c.detectors
                if d.name != "groups"
            }
            out.append(Scored(res.score, res.flagged, r.groups or tuple(res.groups), per))
    return out, bad


def evaluate(config: Any, path: str, benign: bool = False) -> dict[str, Any]:
    """Score every row with the configured detectors and compute the report."""
    from agent.assemble import build

    rows, bad = read_rows(path, benign)
    if not rows:
        raise UsageError(f"{path}: no usable lines ({len(bad)} unusable)")
    c = build(config)
    scored, more_bad = score_rows(c, rows, config.pipeline.batch_size)
    bad += more_bad
    scores = [x.score for x in scored]
    flags = [x.flagged for x in scored]
    groups = [x.groups for x in scored]
    per_detector: dict[str, list[float]] = defaultdict(list)
    for x in scored:
        for name, v in x.by_detector.items():
            per_detector[name].append(v)
    kept = {b["line"] for b in bad}
    y = np.array([r.label for r in rows if r.line not in kept])
    s = np.array(scores)
    report = metrics(y, s, np.array(flags, dtype=bool), groups, benign)
    report["mode"] = "benign" if benign else "labeled"
    report["input"] = str(Path(path))
    report["unusable_lines"] = bad
    report["detector_versions"] = c.detector_versions
    report["config_hash"] = c.config_hash
    if not benign:
        report["roc_auc_by_detector"] = {n: _r(roc_auc(y, np.array(v))) for n, v in per_detector.items()}
    return report


def summary(report: dict[str, Any]) -> str:
    lines = [f"{report['n']} rows ({report['mode']}), {report['flagged']} flagged"]
    if report["mode"] == "labeled":
        lines.append(
            f"ROC-AUC {report['roc_auc']}  PR-AUC {report['pr_auc']}  "
            f"precision {report['precision']}  recall {report['recall']}"
        )
    ffr = report["false_flag_rate"]
    lines.append(f"false-flag rate on negatives {ffr['rate']} (95% CI {ffr['ci95'][0]}-{ffr['ci95'][1]})")
    groups = report["groups"]
    worst = sorted(
        ((g, e["false_flag_rate"]) for g, e in groups.items() if e["false_flag_rate"]["rate"] is not None),
        key=lambda t: (-t[1]["rate"], -t[1]["n"]),
    )[:5]
    # With n and the Wilson interval: 2 of 29 is 6.9% but could as well be 2% or 22%.
    lines.append(
        "highest per-group false-flag rates: "
        + ", ".join(
            f"{g} {r['rate']:.3f} ({r['flagged']}/{r['n']}, 95% CI {r['ci95'][0]:.3f}-{r['ci95'][1]:.3f})"
            for g, r in worst
        )
    )
    if report["mode"] == "labeled":
        bpsn = [(g, e["bpsn_auc"]) for g, e in groups.items() if e.get("bpsn_auc") is not None]
        if bpsn:
            g, v = min(bpsn, key=lambda t: t[1])
            lines.append(f"worst BPSN AUC: {g} {v}")
    if report["unusable_lines"]:
        lines.append(f"{len(report['unusable_lines'])} unusable lines (listed in the JSON report)")
    return "\n".join(lines)
