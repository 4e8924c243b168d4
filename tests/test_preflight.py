"""Start-up failures read as one line and an exit code (2: configuration, 1: environment), found by
`check-config` before `run` would trip on them; a sink failing for long logs once per interval."""

from __future__ import annotations

import logging
import socket
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from agent.analyse import Analyser
from agent.config import FieldMapping, LimitsConfig, PipelineConfig
from agent.decode import Decoder
from agent.metrics.pipeline import Metrics, ModelLabels
from agent.pipeline import Pipeline
from agent.sinks.sqlite_queue import DeadLetter, FlagQueue, FlagRecord, WriteResult
from agent.sources.memory import MemorySource
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy
from tests.conftest import free_port, run_cli

LEXICON = "detectors: {groups: {}, harm_lexicon: {}}\n"


def _config(tmp_path: Path, body: str) -> Path:
    cfg = tmp_path / "agent.yaml"
    cfg.write_text(body)
    return cfg


def _both(cfg: Path) -> list[tuple[int, str]]:
    """(exit code, stderr) of check-config and of run on the same file."""
    out = []
    for command in ("check-config", "run"):
        args = [command, str(cfg)] if command == "check-config" else [command, "--config", str(cfg)]
        proc = run_cli(*args, timeout=120)
        err = proc.stderr.decode(errors="replace")
        assert "Traceback" not in err, err
        out.append((proc.returncode, err))
    return out


def _one_problem(err: str, needle: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.startswith("biaswatch:")]
    assert len(lines) == 1 and needle in lines[0], err


def test_missing_head_file_is_a_configuration_error(tmp_path: Path) -> None:
    cfg = _config(
        tmp_path,
        f"source: {{type: file, path: {tmp_path / 'in.jsonl'}}}\nmetrics: {{enabled: false}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n"
        f"detectors: {{embedding: {{head_path: {tmp_path / 'nope.json'}}}}}\n",
    )
    (tmp_path / "in.jsonl").write_text("")
    for code, err in _both(cfg):
        assert code == 2
        _one_problem(err, "head_path")


def test_bad_model_path_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("")
    cfg = _config(
        tmp_path,
        f"source: {{type: file, path: {tmp_path / 'in.jsonl'}}}\nmetrics: {{enabled: false}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n"
        f"embedding_model: {{path: {tmp_path}}}\n",
    )
    for code, err in _both(cfg):
        assert code == 2
        _one_problem(err, "is not a sentence-transformers model folder")


def test_port_in_use_is_an_environment_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cfg = _config(
            tmp_path,
            f"source: {{type: http, host: 127.0.0.1, port: {port}}}\n"
            f"metrics: {{host: 127.0.0.1, port: {free_port()}}}\n"
            f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n" + LEXICON,
        )
        for code, err in _both(cfg):
            assert code == 1
            _one_problem(err, f"source.port: cannot listen on 127.0.0.1:{port}")


def test_unresolvable_host_is_a_configuration_error(tmp_path: Path) -> None:
    cfg = _config(
        tmp_path,
        "source: {type: http, host: no-such-host.invalid, port: 0}\n"
        f"metrics: {{enabled: false}}\nqueue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n" + LEXICON,
    )
    for code, err in _both(cfg):
        assert code == 2
        _one_problem(err, "source.host: cannot resolve 'no-such-host.invalid'")


def test_unwritable_queue_path_is_an_environment_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    (tmp_path / "in.jsonl").write_text("")
    cfg = _config(
        tmp_path,
        f"source: {{type: file, path: {tmp_path / 'in.jsonl'}}}\nmetrics: {{enabled: false}}\n"
        f"queue: {{sqlite: {{path: {blocker / 'q.sqlite'}}}}}\n" + LEXICON,
    )
    for code, err in _both(cfg):
        assert code == 1
        _one_problem(err, "queue.sqlite.path")


def test_a_good_config_still_passes(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("")
    cfg = _config(
        tmp_path,
        f"source: {{type: file, path: {tmp_path / 'in.jsonl'}}}\n"
        f"metrics: {{host: 127.0.0.1, port: {free_port()}}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'new' / 'q.sqlite'}}}}}\n" + LEXICON,
    )
    proc = run_cli("check-config", str(cfg), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert b": ok (config hash" in proc.stdout


class Locked(FlagQueue):
    def __init__(self, path: Path, failures: int) -> None:
        super().__init__(path)
        self.failures = failures

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        if self.failures > 0:
            self.failures -= 1
            raise sqlite3.OperationalError("database or disk is full")
        return super().write(flags, dead_letters)


def test_a_sink_failing_repeatedly_logs_once_per_interval_and_counts_every_attempt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    taxonomy = Taxonomy.default()
    registry = CollectorRegistry()
    metrics = Metrics(
        registry,
        detectors=["harm_lexicon"],
        categories=["other"],
        group_axis=taxonomy.group_axis,
        sources=["memory"],
        models=ModelLabels([], 5),
        config_hash="t",
        detector_versions={},
    )
    analyser = Analyser(Decoder(FieldMapping(), LimitsConfig()), taxonomy, [HarmLexiconDetector(taxonomy)])
    pipe = Pipeline(analyser, PipelineConfig(), queue=Locked(tmp_path / "q.sqlite", 4), metrics=metrics)
    caplog.set_level(logging.WARNING, logger="agent.pipeline")
    pipe.run(MemorySource([b'{"id": "x", "response": "All immigrants are lazy criminals."}']), threading.Event())
    warnings = [r for r in caplog.records if r.name == "agent.pipeline"]
    assert len(warnings) == 1 and "disk is full" in warnings[0].getMessage()
    assert registry.get_sample_value("biaswatch_sink_errors_total", {"sink": "sqlite"}) == 4
    with sqlite3.connect(tmp_path / "q.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM flagged").fetchone()[0] == 1


def test_a_runtime_only_install_with_an_exported_encoder_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The image carries the exported encoder and not the source model: that is a complete install.
    import agent.embedder
    from agent.config import load_config
    from agent.encoder import manifest as mf
    from agent.errors import BiaswatchError
    from agent.preflight import check

    def not_installed() -> Path:
        raise BiaswatchError("the source embedding model is not installed")

    monkeypatch.setattr(agent.embedder, "bundled_model_path", not_installed)
    encoder = tmp_path / "encoder"
    encoder.mkdir()
    cfg = _config(
        tmp_path,
        f"source: {{type: file, path: {tmp_path / 'in.jsonl'}}}\nmetrics: {{enabled: false}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}}}\n"
        f"embedding_model: {{backend: onnx, onnx_path: {encoder}}}\n",
    )
    (tmp_path / "in.jsonl").write_text("")
    config = load_config(cfg)
    missing = check(config, write_queue=False)
    assert [p.message for p in missing] == ["the source embedding model is not installed"]
    mf.write(encoder, {"format": mf.FORMAT, "format_version": mf.FORMAT_VERSION, "dimension": 384})
    assert check(config, write_queue=False) == []
