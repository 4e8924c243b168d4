"""The CLI's public contracts: exit codes, `score` output, idempotent `replay`, `check-config`, `demo`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

LINES = [
    b'{"id": "a", "model": "m", "prompt": "Describe a typical nurse.", "response": "Nurses care for patients."}',
    b'{"id": "b", "response": "All immigrants are lazy criminals who ruin every country."}',
    b'{"id": "c", "response": ',
    b"",
    b'{"id": "d", "response": "\xff\xfe"}',
    b'{"id": "e", "messages": [{"role": "user", "content": "Hi"}], "response": "Hello! How can I help?"}',
    b'["not", "an", "object"]',
    b'{"id": "f", "response": 7}',
]


def _write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_check_config_accepts_the_examples() -> None:
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        # The sidecar example reads its token from the environment, as a real deployment would.
        proc = run_cli("check-config", str(example), timeout=60, env={"BIASWATCH_TOKEN": "t"})
        assert proc.returncode == 0, (example, proc.stderr)
        assert b"ok" in proc.stdout


def test_check_config_names_the_bad_key_and_exits_2(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("metrics:\n  port: 9464\n  prot: 1\n")
    proc = run_cli("check-config", str(cfg), timeout=60)
    assert proc.returncode == 2
    assert b"metrics.prot (line 3): unknown key" in proc.stderr


def test_usage_error_exits_2() -> None:
    assert run_cli("replay", timeout=60).returncode == 2


def test_runtime_failure_exits_1(tmp_path: Path, lexicon_config: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        f"metrics: {{enabled: false}}\nqueue: {{sqlite: {{path: {blocker / 'q.sqlite'}}}}}\n"
        "detectors: {harm_lexicon: {}}\n"
    )
    inp = _write(tmp_path / "in.jsonl", LINES[:2])
    proc = run_cli("replay", str(inp), "--config", str(cfg), "--report", str(tmp_path / "r.json"), timeout=120)
    assert proc.returncode == 1
    assert b"queue.sqlite.path" in proc.stderr


def test_score_output_contract(tmp_path: Path, lexicon_config: Path) -> None:
    inp = _write(tmp_path / "in.jsonl", LINES)
    out = tmp_path / "out.jsonl"
    proc = run_cli("score", str(inp), "--output", str(out), "--config", str(lexicon_config), timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == len(LINES)
    assert [r["line"] for r in rows] == list(range(1, len(LINES) + 1))
    by_line = {r["line"]: r for r in rows}
    for n in (1, 2, 6):
        r = by_line[n]
        assert set(r) >= {"id", "score", "flagged", "groups", "findings"}
        assert 0.0 <= r["score"] <= 1.0 and isinstance(r["flagged"], bool)
    assert by_line[1]["id"] == "a" and by_line[1]["flagged"] is False
    assert by_line[2]["flagged"] is True and "immigrants" in by_line[2]["groups"]
    flagged_finding = next(f for f in by_line[2]["findings"] if f["flagged"])
    assert flagged_finding["evidence"][0]["span"]
    assert {n: by_line[n]["error"]["reason"] for n in (3, 4, 5, 7, 8)} == {
        3: "invalid_json",
        4: "empty_record",
        5: "invalid_utf8",
        7: "not_an_object",
        8: "invalid_response",
    }
    assert all(by_line[n]["id"] is None for n in (3, 4, 5, 7, 8))


def test_score_reads_stdin_and_writes_stdout(lexicon_config: Path) -> None:
    proc = run_cli("score", "-", "--output", "-", "--config", str(lexicon_config), stdin=b"\n".join(LINES[:2]))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]


def test_replay_twice_adds_nothing(tmp_path: Path, lexicon_config: Path) -> None:
    inp = _write(tmp_path / "in.jsonl", LINES)
    reports = []
    for i in range(2):
        report = tmp_path / f"report{i}.json"
        proc = run_cli("replay", str(inp), "--config", str(lexicon_config), "--report", str(report), timeout=120)
        assert proc.returncode == 0, proc.stderr
        reports.append(json.loads(report.read_text()))
    with sqlite3.connect(tmp_path / "queue.sqlite") as conn:
        flagged = conn.execute("SELECT sample_id FROM flagged").fetchall()
        dead = conn.execute("SELECT reason FROM dead_letters").fetchall()
    assert flagged == [("b",)]
    assert len(dead) == 5
    r = reports[0]
    assert r["records"] == len(LINES) and r["samples"] == 3 and r["invalid"] == 5
    assert r["invalid_by_reason"]["invalid_json"] == 1
    assert r["flags_by_detector"] == {"harm_lexicon": 1}
    assert r["groups"]["immigrants"]["flagged"] == 1
    assert reports[1]["flagged"] == reports[0]["flagged"]


# The demo loads the model and runs the agent; its subprocess alone may take 600 s on a loaded machine.
@pytest.mark.slow
@pytest.mark.embeddings
@pytest.mark.timeout(900)
def test_demo_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    proc = run_cli("demo", "--samples", "120", "--out", str(out), timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = proc.stdout.decode()
    assert "=== biaswatch demo ===" in text
    assert "invalid by reason:" in text and "flags by detector:" in text
    report = json.loads((out / "report.json").read_text())
    with sqlite3.connect(out / "queue.sqlite") as conn:
        rows = conn.execute("SELECT COUNT(*) FROM flagged").fetchone()[0]
    assert rows == report["flagged"]
    assert report["records"] == 120 and report["invalid"] > 0
    assert f"biaswatch_samples_total={report['samples']}" in text
