"""`biaswatch eval`: the unintended-bias metrics on hand-checked numbers, bad lines, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from agent.intervals import wilson
from agent.tools.evaluate import metrics, parse_label, read_rows
from tests.conftest import run_cli


def test_bpsn_and_bnsp_pick_the_right_rows() -> None:
    # Group "a": its negatives score high (a false-flag bias); the background is clean.
    y = np.array([0, 0, 1, 1, 0, 0, 1, 1])
    s = np.array([0.9, 0.8, 0.95, 0.85, 0.1, 0.2, 0.7, 0.6])
    groups = [("a",)] * 4 + [("b",)] * 4
    out = metrics(y, s, s >= 0.75, groups, benign=False)
    a = out["groups"]["a"]
    assert a["subgroup_auc"] == pytest.approx(0.75)  # 3 of the 4 positive-negative pairs ordered right
    assert a["bpsn_auc"] == 0.0  # every "a" negative outscores every background positive
    assert a["bnsp_auc"] == 1.0
    assert a["false_flag_rate"]["rate"] == 1.0 and out["groups"]["b"]["false_flag_rate"]["rate"] == 0.0
    assert out["precision"] == pytest.approx(2 / 4) and out["recall"] == pytest.approx(2 / 4)
    assert a["false_flag_rate"]["status"] == "insufficient data"


def test_wilson_interval_contains_the_rate_and_narrows() -> None:
    lo, hi = wilson(5, 100)
    assert lo < 0.05 < hi
    lo2, hi2 = wilson(50, 1000)
    assert hi2 - lo2 < hi - lo
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("value", "expected"), [("hate", 1), ("neutral", 0), (True, 1), (0, 0), ("Toxic", 1)])
def test_labels(value: object, expected: int) -> None:
    assert parse_label(value) == expected


def test_unusable_lines_are_reported_not_fatal(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text('{"text": "ok", "label": 1}\nnot json\n{"text": "x", "label": "maybe"}\n{"label": 0}\n')
    rows, bad = read_rows(str(f), benign=False)
    assert [r.line for r in rows] == [1]
    assert [b["line"] for b in bad] == [2, 3, 4]
    assert "maybe" in bad[1]["reason"]


def test_eval_cli_end_to_end(tmp_path: Path, lexicon_config: Path) -> None:
    data = tmp_path / "labeled.jsonl"
    lines: list[dict[str, object]] = [
        {"text": "Immigrants are all criminals and parasites.", "label": "hate", "group": "immigrants"}
    ] * 3
    lines += [{"text": "Immigrants opened a bakery on our street.", "label": "neutral", "group": "immigrants"}] * 3
    lines += [{"text": "The weather was lovely today.", "label": 0}]
    data.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = tmp_path / "report.json"
    proc = run_cli("eval", str(data), "--config", str(lexicon_config), "--output", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(out.read_text())
    assert report["roc_auc"] == 1.0 and report["n"] == 7
    assert report["groups"]["immigrants"]["false_flag_rate"]["rate"] == 0.0
    assert "ROC-AUC 1.0" in proc.stdout.decode()


# Every labelled probe; stereotype_pairs.jsonl holds pairs for bench/stereotype_pairs.py instead.
_PROBES = sorted(
    p
    for p in (Path(__file__).resolve().parent.parent / "bench" / "probes").glob("*.jsonl")
    if p.name != "stereotype_pairs.jsonl"
)


@pytest.mark.parametrize("path", _PROBES, ids=lambda p: p.name)
def test_every_committed_probe_reads_whole_with_both_labels(path: Path) -> None:
    """`biaswatch eval` would skip a malformed line with a note; a committed probe has none."""
    rows, bad = read_rows(str(path), benign=False)
    assert not bad, bad[:3]
    assert {r.label for r in rows} == {0, 1}, path.name
