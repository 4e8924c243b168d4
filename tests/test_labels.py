"""Label export/import round trips (JSONL and CSV) on a real queue: validation, conflicts between
reviewers reported and never silently overwritten, Cohen's kappa, and reviewed rows for training."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from agent.retraining import labels
from agent.retraining.labels import Label, cohen_kappa
from agent.retraining.reviewed import reviewed_rows
from agent.retraining.store import connect
from agent.sinks.sqlite_queue import FlagQueue
from tests.conftest import run_cli
from tests.test_sqlite_queue import _flag


@pytest.fixture
def queue(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "q.sqlite"
    q = FlagQueue(path)
    q.write([_flag(f"s{i}", response=f"They are all lazy, number {i}.") for i in range(6)])
    q.close()
    conn = connect(path)
    labels.record(
        conn,
        [
            Label("s0", "ana", "accepted", note="clear"),
            Label("s1", "ana", "rejected"),
            Label("s2", "ana", "accepted"),
            Label("s3", "ana", "accepted"),
        ],
    )
    conn.close()
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"queue: {{sqlite: {{path: {path}}}}}\n")
    return path, cfg


def _status(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT sample_id, status FROM flagged").fetchall())


def test_kappa_matches_hand_computed_values() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "a"), ("r", "r")]) == 1.0
    # 3 agree of 4; marginals a:3/4 and a:2/4 -> pe = (3*2 + 1*2)/16 = 0.5, kappa = (0.75-0.5)/0.5
    assert cohen_kappa([("a", "a"), ("a", "a"), ("a", "r"), ("r", "r")]) == pytest.approx(0.5)


def test_csv_round_trip_reports_conflicts_and_kappa(queue: tuple[Path, Path], tmp_path: Path) -> None:
    path, cfg = queue
    out = tmp_path / "flags.csv"
    res = run_cli("labels", "export", "--config", str(cfg), "--out", str(out))
    assert res.returncode == 0, res.stderr.decode()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["sample_id"] for r in rows] == ["s0", "s1", "s2", "s3", "s4", "s5"]
    assert rows[0]["label"] == "accepted" and rows[0]["reviewer"] == "ana" and rows[4]["label"] == ""
    # A second reviewer labels everything in an annotation tool: agrees on s0, s1, s2, not on s3.
    decisions = {"s0": "biased", "s1": "false_positive", "s2": "accept", "s3": "reject", "s4": "accept", "s5": "reject"}
    for r in rows:
        r["reviewer"], r["label"] = "ben", decisions[r["sample_id"]]
    labelled = tmp_path / "ben.csv"
    with labelled.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    res = run_cli("labels", "import", str(labelled), "--config", str(cfg))
    report = json.loads(res.stdout)
    assert res.returncode == 3  # imported, with a conflict to resolve
    assert report["imported"] == 6 and report["errors"] == []
    assert report["conflicts"] == [
        {"sample_id": "s3", "labels": {"ana": "accepted", "ben": "rejected"}, "status": "accepted"}
    ]
    # 4 paired decisions, 3 agree: ana a,r,a,a vs ben a,r,a,r -> pe = (3*2+1*2)/16 = 0.5, kappa 0.5.
    assert report["agreement"]["pairs"] == [{"reviewers": ["ana", "ben"], "samples": 4, "kappa": 0.5}]
    assert _status(path) == {
        "s0": "accepted",
        "s1": "rejected",
        "s2": "accepted",
        "s3": "accepted",
        "s4": "accepted",
        "s5": "rejected",
    }
    # The same file again changes nothing.
    again = json.loads(run_cli("labels", "import", str(labelled), "--config", str(cfg)).stdout)
    assert again["imported"] == 0 and again["unchanged"] == 6


def test_jsonl_import_validates_before_writing_and_refuses_silent_overwrites(
    queue: tuple[Path, Path], tmp_path: Path
) -> None:
    path, cfg = queue
    out = tmp_path / "flags.jsonl"
    assert run_cli("labels", "export", "--config", str(cfg), "--out", str(out), "--status", "pending").returncode == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["sample_id"] for e in exported] == ["s4", "s5"] and exported[0]["labels"] == []
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"sample_id": "s4", "label": "accepted", "reviewer": "cy"})
        + "\n"
        + json.dumps({"sample_id": "nope", "label": "accepted", "reviewer": "cy"})
        + "\n"
        + json.dumps({"sample_id": "s5", "label": "maybe", "reviewer": "cy"})
        + "\n"
        + "{not json\n"
    )
    res = run_cli("labels", "import", str(bad), "--config", str(cfg))
    report = json.loads(res.stdout)
    assert res.returncode == 2 and report["imported"] == 0
    assert len(report["errors"]) == 3 and "unknown sample id 'nope'" in report["errors"][0]
    assert _status(path)["s4"] == "pending"  # nothing written
    # ana changing her own decision on s0 needs --overwrite.
    change = tmp_path / "change.jsonl"
    change.write_text(json.dumps({"sample_id": "s0", "label": "rejected"}) + "\n")
    res = run_cli("labels", "import", str(change), "--config", str(cfg), "--reviewer", "ana")
    assert res.returncode == 3 and "ana said accepted" in json.loads(res.stdout)["refused"][0]
    assert _status(path)["s0"] == "accepted"
    res = run_cli("labels", "import", str(change), "--config", str(cfg), "--reviewer", "ana", "--overwrite")
    assert res.returncode == 0 and _status(path)["s0"] == "rejected"


def test_reviewed_flags_become_training_rows_without_conflicts(queue: tuple[Path, Path]) -> None:
    path, _ = queue
    conn = connect(path)
    labels.record(conn, [Label("s3", "ben", "rejected")])  # now a conflict: left out
    conn.close()
    rows = reviewed_rows(path)
    assert [(r.sample_id, r.label) for r in rows] == [("s0", 1), ("s1", 0), ("s2", 1)]
    assert rows[0].text == "They are all lazy, number 0."


def test_train_detector_hook_hands_reviewed_rows_to_a_trainer_that_takes_them(queue: tuple[Path, Path]) -> None:
    from agent.errors import UsageError
    from agent.retraining.train_hook import reviewed_kwargs

    path, _ = queue

    def trainer(output: str | None, seed: int, reviewed: list[tuple[str, int]] | None = None) -> None: ...

    def old_trainer(output: str | None, seed: int) -> None: ...

    rows = reviewed_kwargs(str(path), trainer)["reviewed"]
    assert rows[:2] == [("They are all lazy, number 0.", 1), ("They are all lazy, number 1.", 0)]
    with pytest.raises(UsageError, match="does not take reviewed rows"):
        reviewed_kwargs(str(path), old_trainer)
    empty = path.with_name("empty.sqlite")
    FlagQueue(empty).close()
    with pytest.raises(UsageError, match="no reviewed flags"):
        reviewed_kwargs(str(empty), trainer)
