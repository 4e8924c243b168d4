"""CLI conventions every subcommand follows: --help with a description and the exit codes, argument
validation as one line with exit 2, Ctrl-C as 130 (a real SIGINT to a real process), known failures
as one line without a traceback, --version."""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import subprocess
from pathlib import Path

import httpx
import pytest

from agent import cli
from agent.version import __version__
from tests.conftest import BIASWATCH, ROOT, free_port, run_cli, wait_until


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    out = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out[f"{prefix}{name}"] = sub
                out.update(_subcommands(sub, f"{prefix}{name} "))
    return out


def _one_line_no_traceback(stderr: bytes) -> str:
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert "Traceback" not in stderr.decode()
    assert len(lines) == 1, lines
    return lines[0]


def test_version() -> None:
    proc = run_cli("--version", timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"biaswatch {__version__}"


def test_every_subcommand_has_a_description_and_the_exit_codes() -> None:
    subs = _subcommands(cli._parser())
    assert {"run", "score", "replay", "generate", "baseline build", "cycle close", "labels export"} <= set(subs)
    for name, sub in subs.items():
        text = sub.format_help()
        hint = f"`{name}`: lacks the description or exit codes agent.cli._Subcommands adds"
        assert sub.description, hint
        assert "exit codes:" in text and "130" in text, hint


def test_run_help_says_more_than_its_options() -> None:
    proc = run_cli("run", "--help", timeout=60)
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "--config" in out
    assert "SIGTERM" in out and "exit codes:" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["generate", "--biased-rate", "2", "--out", "-"], "--biased-rate: must be within [0, 1], got 2"),
        (["generate", "--samples", "0", "--out", "-"], "--samples: must be at least 1"),
        (["generate", "--invalid-rate", "lots", "--out", "-"], "--invalid-rate: not a number"),
        (["demo", "--port", "70000"], "--port: must be within [0, 65535]"),
        (["run"], "the following arguments are required: --config"),
        (["no-such-command"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv: list[str], says: str) -> None:
    proc = run_cli(*argv, timeout=60)
    assert proc.returncode == 2
    line = _one_line_no_traceback(proc.stderr)
    assert says in line
    assert proc.stdout == b""


def test_queue_schema_mismatch_is_one_line_exit_1(tmp_path: Path) -> None:
    queue = tmp_path / "queue.sqlite"
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        f"metrics: {{enabled: false}}\nqueue: {{sqlite: {{path: {queue}}}}}\ndetectors: {{harm_lexicon: {{}}}}\n"
    )
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a", "response": "hello"}) + "\n")
    report = tmp_path / "r.json"
    assert run_cli("replay", str(inp), "--config", str(cfg), "--report", str(report), timeout=120).returncode == 0
    with sqlite3.connect(queue) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    proc = run_cli("replay", str(inp), "--config", str(cfg), "--report", str(report), timeout=120)
    assert proc.returncode == 1
    stderr_lines = [line for line in proc.stderr.decode().splitlines() if "biaswatch:" in line]
    assert "Traceback" not in proc.stderr.decode()
    assert len(stderr_lines) == 1 and "queue schema 99" in stderr_lines[0]


@pytest.mark.embeddings
@pytest.mark.slow
def test_head_mismatch_is_one_line_exit_1(tmp_path: Path) -> None:
    head = tmp_path / "head.json"
    head.write_text(json.dumps({"format": "something-else"}))
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(f"detectors: {{embedding: {{head_path: {head}}}}}\n")
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a", "response": "hello"}) + "\n")
    proc = run_cli("score", str(inp), "--output", "-", "--config", str(cfg), timeout=300)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr.decode()
    errors = [line for line in proc.stderr.decode().splitlines() if line.startswith("biaswatch:")]
    assert len(errors) == 1 and "not a biaswatch embedding head" in errors[0]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_score_exits_130(tmp_path: Path, lexicon_config: Path) -> None:
    err = tmp_path / "stderr.txt"
    with err.open("wb") as stderr_file:
        proc = subprocess.Popen(
            [*BIASWATCH, "score", "-", "--output", "-", "--config", str(lexicon_config)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr_file,  # a file, not a pipe: nothing can block on a full pipe buffer
            # As from a terminal: a shell running pytest in the background leaves SIGINT ignored, the
            # child would inherit that, and Python installs no KeyboardInterrupt handler then.
            preexec_fn=_default_sigint,
        )
        try:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(json.dumps({"id": "a", "response": "hello"}).encode() + b"\n")
            proc.stdin.flush()
            # One result line out: the command is running and waiting on stdin, Python's handler in place.
            assert json.loads(proc.stdout.readline())["id"] == "a"
            proc.send_signal(signal.SIGINT)
            # stdin stays open: an EOF would end the command normally and hide what Ctrl-C does.
            proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    stderr = err.read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "biaswatch: interrupted" in stderr


def test_run_scrape_then_ctrl_c_drains_and_exits_130(tmp_path: Path) -> None:
    http_port, metrics_port = free_port(), free_port()
    cfg = tmp_path / "agent.yaml"
    cfg.write_text(
        f"source: {{type: http, host: 127.0.0.1, port: {http_port}}}\n"
        f"metrics: {{host: 127.0.0.1, port: {metrics_port}}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
        "pipeline: {batch_timeout_seconds: 0.1}\n"
    )
    metrics = f"http://127.0.0.1:{metrics_port}"
    log = tmp_path / "agent.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*BIASWATCH, "run", "--config", str(cfg)], cwd=ROOT, stdout=out, stderr=out)
        try:
            wait_until(lambda: httpx.get(metrics + "/readyz").status_code == 200, timeout=180)
            body = json.dumps({"id": "x", "response": "All immigrants are lazy criminals."}).encode()
            headers = {"Content-Type": "application/json"}
            r = httpx.post(f"http://127.0.0.1:{http_port}/v1/samples", content=body, headers=headers, timeout=60)
            assert r.status_code == 202, r.text
            text = httpx.get(metrics + "/metrics").text
            # `_created` samples are off; every exported family is in the generated reference.
            assert "_created" not in text
            exported = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")}
            doc = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
            assert "biaswatch_sampling_ratio" in exported
            assert sorted(name for name in exported if f"`{name}`" not in doc) == []
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=60) == 130
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
