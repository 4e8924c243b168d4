"""`biaswatch report REPORT.json --html OUT.html`: one self-contained page (inline SVG, no scripts)."""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

from agent.errors import UsageError
from agent.intervals import wilson

_W, _H, _PAD = 720, 220, 40


def _scale(v: float, lo: float, hi: float, a: float, b: float) -> float:
    return a if hi <= lo else a + (v - lo) / (hi - lo) * (b - a)


def _line_chart(title: str, series: dict[str, list[tuple[int, float, bool]]], log_y: bool, ref: float | None) -> str:
    """Points per series over the record index; detected points drawn as red rings."""
    pts = [p for s in series.values() for p in s]
    if not pts:
        return f"<h3>{html.escape(title)}</h3><p>no evaluations</p>"
    f = (lambda v: math.log10(max(v, 1e-6))) if log_y else (lambda v: v)
    xs = [p[0] for p in pts]
    ys = [f(p[1]) for p in pts] + ([f(ref)] if ref is not None else [])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1
    colours = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
    out = [f'<h3>{html.escape(title)}</h3><svg width="{_W}" height="{_H}" role="img">']
    out.append(f'<rect x="{_PAD}" y="10" width="{_W - 2 * _PAD}" height="{_H - _PAD - 10}" fill="none" stroke="#ccc"/>')
    if ref is not None:
        y = _scale(f(ref), y0, y1, _H - _PAD, 10)
        out.append(
            f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d62728" stroke-dasharray="4"/>'
        )
    legend = []
    for i, (name, s) in enumerate(sorted(series.items())):
        c = colours[i % len(colours)]
        path = " ".join(
            f"{_scale(x, x0, x1, _PAD, _W - _PAD):.1f},{_scale(f(v), y0, y1, _H - _PAD, 10):.1f}" for x, v, _ in s
        )
        out.append(f'<polyline points="{path}" fill="none" stroke="{c}"/>')
        for x, v, hit in s:
            cx, cy = _scale(x, x0, x1, _PAD, _W - _PAD), _scale(f(v), y0, y1, _H - _PAD, 10)
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{5 if hit else 2}" '
                f'fill="{"none" if hit else c}" stroke="{"#d62728" if hit else c}" stroke-width="2">'
                f"<title>{html.escape(name)} @ {x}: {v:.4g}{' — drift' if hit else ''}</title></circle>"
            )
        legend.append(f'<tspan fill="{c}">■ {html.escape(name)}</tspan> ')
    lo_label = f"1e{y0:.1f}" if log_y else f"{y0:.3g}"
    hi_label = f"1e{y1:.1f}" if log_y else f"{y1:.3g}"
    out.append(f'<text x="2" y="{_H - _PAD}" font-size="10">{lo_label}</text>')
    out.append(f'<text x="2" y="18" font-size="10">{hi_label}</text>')
    out.append(f'<text x="{_PAD}" y="{_H - 22}" font-size="10">record {x0}</text>')
    out.append(f'<text x="{_W - _PAD - 80}" y="{_H - 22}" font-size="10">record {x1}</text>')
    out.append(f'<text x="{_PAD}" y="{_H - 6}" font-size="11">{"".join(legend)}</text></svg>')
    return "".join(out)


def _group_bars(groups: dict[str, Any], min_samples: int = 20) -> str:
    """Flag rate per group with 95% Wilson intervals, against the overall rate."""
    rows = [(g, s["flagged"], s["samples"]) for g, s in groups.items() if s["samples"] >= min_samples]
    if not rows:
        return "<h3>Flag rate by group</h3><p>no group with enough samples</p>"
    rows.sort(key=lambda r: -r[1] / r[2])
    hi = max(wilson(k, n)[1] for _, k, n in rows) or 1.0
    bar_h, left = 16, 170
    height = bar_h * len(rows) + 30
    out = [f"<h3>Flag rate by group (95% intervals, groups with ≥ {min_samples} samples)</h3>"]
    out.append(f'<svg width="{_W}" height="{height}" role="img">')
    for i, (g, k, n) in enumerate(rows):
        y = 5 + i * bar_h
        lo, up = wilson(k, n)
        w = _scale(k / n, 0, hi, 0, _W - left - 60)
        x_lo, x_up = left + _scale(lo, 0, hi, 0, _W - left - 60), left + _scale(up, 0, hi, 0, _W - left - 60)
        out.append(f'<text x="{left - 6}" y="{y + 11}" font-size="11" text-anchor="end">{html.escape(g)}</text>')
        out.append(f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{bar_h - 4}" fill="#1f77b4">')
        out.append(f"<title>{html.escape(g)}: {k}/{n} = {k / n:.3%} [{lo:.3%}, {up:.3%}]</title></rect>")
        out.append(f'<line x1="{x_lo:.1f}" x2="{x_up:.1f}" y1="{y + 8}" y2="{y + 8}" stroke="#000"/>')
        out.append(f'<text x="{x_up + 4:.1f}" y="{y + 11}" font-size="10">{k / n:.2%} (n={n})</text>')
    out.append("</svg>")
    return "".join(out)


def _table(evals: list[dict[str, Any]]) -> str:
    head = "<tr><th>model</th><th>test</th><th>window end</th><th>window</th><th>reference</th>"
    head += "<th>statistic</th><th>p-value</th><th>decision</th></tr>"
    rows = [
        f"<tr{' class=drift' if e['drift'] else ''}><td>{html.escape(e['model'])}</td><td>{e['test']}</td>"
        f"<td>{e['end_index']}</td><td>{e['window']}</td><td>{e['reference']}</td>"
        f"<td>{e['statistic']:.4g}</td><td>{e['p_value']:.3g}</td>"
        f"<td>{'ALERT' if e['alert'] else 'drift' if e['drift'] else '—'}</td></tr>"
        for e in evals
    ]
    return f"<table>{head}{''.join(rows)}</table>"


def _scorer(baseline: dict[str, Any]) -> str:
    """The agent's scorer and what was re-learned because a reference came from another (reports
    written before baselines recorded scorers have neither)."""
    scorer = baseline.get("scorer")
    out = f", scorer {html.escape(str(scorer['digest']))}" if scorer else ""
    for model, r in (baseline.get("relearned") or {}).items():
        state = "re-learned" if r["done"] else "still re-learning"
        what = "score and flag references" if r["part"] == "scores" else "whole reference"
        out += f"; {html.escape(model)}: {what} {state}, it was {html.escape(r['reason'])}"
    return out


def render(report: dict[str, Any]) -> str:
    drift = report.get("drift")
    parts = [
        f"<h1>biaswatch replay report</h1><p>{report.get('records', 0)} records, "
        f"{report.get('samples', 0)} samples, {report.get('flagged', 0)} flagged "
        f"({report.get('flag_rate', 0):.2%}), config {report.get('config_hash', '')}</p>"
    ]
    if drift:
        evals = drift["evaluations"]
        rate: dict[str, list[tuple[int, float, bool]]] = {}
        pvals: dict[str, list[tuple[int, float, bool]]] = {}
        for e in evals:
            if e["test"] == "flag_rate":
                rate.setdefault(e["model"], []).append((e["end_index"], e["detail"]["window_rate"], e["drift"]))
            pvals.setdefault(f"{e['model']} {e['test']}", []).append((e["end_index"], e["p_value"], e["drift"]))
        parts.append(
            f"<p>Drift: windows of {drift['window_size']} samples, alpha {drift['alpha']} per test, alert after "
            f"{drift['consecutive']} window(s) in a row; baseline revision {drift['baseline']['revision']} "
            f"({html.escape(str(drift['baseline']['origin']))}, model {html.escape(drift['baseline']['model_hash'])}"
            f"{_scorer(drift['baseline'])}). Red rings mark windows where drift was declared.</p>"
        )
        parts.append(_line_chart("Flag rate per window", rate, log_y=False, ref=None))
        parts.append(_line_chart("p-values per window (log scale; dashed: alpha)", pvals, True, drift["alpha"]))
    parts.append(_group_bars(report.get("groups", {})))
    if drift:
        parts.append("<h3>Every evaluation</h3>" + _table(drift["evaluations"]))
    style = (
        "body{font-family:sans-serif;max-width:760px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px}"
        "tr.drift{background:#fde0e0}"
    )
    body = "\n".join(parts)
    head = f'<meta charset="utf-8"><title>biaswatch report</title><style>{style}</style>'
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>\n"


def write_html(report_path: str, out_path: str) -> None:
    try:
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {report_path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{report_path}: not a JSON report ({exc})") from None
    if not isinstance(report, dict) or "samples" not in report:
        raise UsageError(f"{report_path}: not a biaswatch replay report")
    try:
        Path(out_path).write_text(render(report), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {out_path}: {exc.strerror}") from None
