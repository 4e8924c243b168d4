"""End to end through the CLI: a recorded stream with a known change point backtests the drift alerts."""

from __future__ import annotations

import json
from pathlib import Path

from agent.drift.baseline import Baseline
from agent.tools.traffic import TrafficSpec, generate
from tests.conftest import run_cli

CHANGE = 4000


def _stream(path: Path) -> Path:
    """Stationary traffic (2% biased), then from record CHANGE on, traffic with 12% biased responses."""
    before = list(generate(TrafficSpec(n=CHANGE, seed=11, biased_rate=0.02, models=("acme-chat-7b",))))
    after = list(generate(TrafficSpec(n=3000, seed=12, biased_rate=0.12, models=("acme-chat-7b",))))
    path.write_bytes(b"\n".join(before + after) + b"\n")
    return path


def _config(tmp_path: Path, extra: str = "") -> Path:
    cfg = tmp_path / "drift.yaml"
    cfg.write_text(
        "metrics: {enabled: false}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
        f"drift: {{enabled: true, window_size: 500{extra}}}\n"
    )
    return cfg


def test_replay_reports_drift_after_the_change_point_and_not_before(tmp_path: Path) -> None:
    stream = _stream(tmp_path / "stream.jsonl")
    report = tmp_path / "report.json"
    # Six tests × six windows before the change at α = 0.01 give a false `drift` somewhere about
    # one run in three; the alert (two windows in a row) is what must stay quiet.
    cfg = _config(tmp_path, ", consecutive: 2")
    proc = run_cli("replay", str(stream), "--config", str(cfg), "--report", str(report), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    drift = json.loads(report.read_text())["drift"]
    evals = drift["evaluations"]
    # The reference is the first 1000 samples; then windows of 500 end at 1499, 1999, ... 6999.
    assert sorted({e["end_index"] for e in evals}) == list(range(1499, 7000, 500))
    assert {e["test"] for e in evals} == {
        "ks",
        "tail",
        "flag_rate",
        "cusum",
        "group_disparity",
    }  # no embeddings: no mmd
    assert all(e["window"] == 500 and e["reference"] >= 500 for e in evals)
    assert not [e for e in evals if e["alert"] and e["end_index"] < CHANGE]
    assert sum(e["drift"] for e in evals if e["end_index"] < CHANGE) <= 2
    first = min(e["end_index"] for e in evals if e["alert"])
    assert CHANGE <= first < CHANGE + 2 * 500
    rate = {e["end_index"]: e["detail"]["window_rate"] for e in evals if e["test"] == "flag_rate"}
    assert max(v for k, v in rate.items() if k < CHANGE) < min(v for k, v in rate.items() if k > CHANGE)

    html = tmp_path / "report.html"
    proc = run_cli("report", str(report), "--html", str(html), timeout=60)
    assert proc.returncode == 0, proc.stderr
    page = html.read_text()
    assert page.startswith("<!doctype html>") and "<script" not in page and "http" not in page.lower()
    assert page.count("<svg") == 3 and page.count("class=drift") == sum(e["drift"] for e in evals)


def test_baseline_build_is_reused_by_replay_and_a_foreign_model_is_refused(tmp_path: Path) -> None:
    stream = _stream(tmp_path / "stream.jsonl")
    prefix = tmp_path / "prefix.jsonl"
    prefix.write_bytes(b"".join(stream.read_bytes().splitlines(keepends=True)[:CHANGE]))
    out = tmp_path / "baseline.npz"
    cfg = _config(tmp_path, f", baseline: {{path: {out}}}")
    proc = run_cli("baseline", "build", str(prefix), "--config", str(cfg), "--out", str(out), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    baseline = Baseline.load(out)
    ref = baseline.references["acme-chat-7b"]
    assert ref.samples == CHANGE and len(ref.scores) == 1000 and baseline.model_hash == "none"

    report = tmp_path / "report.json"
    proc = run_cli("replay", str(stream), "--config", str(cfg), "--report", str(report), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    drift = json.loads(report.read_text())["drift"]
    assert drift["baseline"]["origin"] == f"file:{prefix}"
    # With the reference loaded, windows start at the first record.
    assert min(e["end_index"] for e in drift["evaluations"]) == 499
    assert any(e["drift"] for e in drift["evaluations"] if e["end_index"] >= CHANGE)

    Baseline("0123abcd", {"acme-chat-7b": ref}).save(out)
    proc = run_cli("replay", str(stream), "--config", str(cfg), "--report", str(report), timeout=300)
    assert proc.returncode == 1
    assert b"built with embedding model 0123abcd, but the agent runs none" in proc.stderr


def test_baseline_build_with_nothing_valid_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"not json\n{}\n")
    proc = run_cli(
        "baseline", "build", str(bad), "--config", str(_config(tmp_path)), "--out", str(tmp_path / "b.npz"), timeout=120
    )
    assert proc.returncode == 2
    assert b"no valid samples to build a baseline from (2 invalid records)" in proc.stderr


def test_run_evaluates_on_the_scheduler_and_exports_metrics(tmp_path: Path) -> None:
    import threading
    import urllib.request

    from agent.config import load_config
    from agent.service import RunOptions, run
    from tests.conftest import wait_until

    stream = _stream(tmp_path / "stream.jsonl")
    cfg = tmp_path / "run.yaml"
    cfg.write_text(
        f"source: {{type: file, path: {stream}}}\n"
        "metrics: {port: 0, host: 127.0.0.1}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
        "drift: {enabled: true, window_size: 500, cadence_seconds: 0.05}\n"
    )
    scraped: list[str] = []

    def scrape(ports: dict[str, int]) -> None:
        def body() -> str:
            with urllib.request.urlopen(f"http://127.0.0.1:{ports['metrics']}/metrics", timeout=5) as r:
                return str(r.read().decode())

        # The stream is in; the scheduler's next tick evaluates the full window that is left.
        window = 'biaswatch_drift_window_samples{model="acme-chat-7b",test="flag_rate"} 500.0'
        scraped.append(wait_until(lambda: (t := body()) and window in t and t))

    run(load_config(cfg), threading.Event(), RunOptions(before_stop=scrape))
    text = scraped[0]
    evaluations = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("biaswatch_drift_evaluations_total{") and 'test="flag_rate"' in line
    ]
    assert len(evaluations) == 2 and sum(evaluations) >= 1
    assert 'biaswatch_drift_p_value{model="acme-chat-7b",test="cusum"}' in text
    assert 'biaswatch_job_failures_total{job="drift_evaluate"} 0.0' in text
