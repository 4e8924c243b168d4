"""Shared fixtures: free ports, a deadline poller, the CLI as a subprocess, the embedding model once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIASWATCH = [sys.executable, "-m", "agent.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], Any], timeout: float = 30.0, interval: float = 0.05) -> Any:
    """Poll `predicate` until it returns something truthy; fail the test at the deadline."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception as exc:  # e.g. connection refused while a server starts
            last_error = exc
            value = None
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s (last error: {last_error!r})")


@contextmanager
def running_agent(
    config: Path, log: Path, metrics_url: str, env: dict[str, str] | None = None, ready_timeout: float = 180
) -> Iterator[subprocess.Popen[bytes]]:
    """`biaswatch run --config CONFIG` as a subprocess, yielded once /readyz answers 200, killed after."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*BIASWATCH, "run", "--config", str(config)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            # The metrics server answers first (startup probe); ready once the detectors are loaded.
            wait_until(lambda: httpx.get(metrics_url + "/livez").status_code == 200, timeout=60)
            wait_until(lambda: httpx.get(metrics_url + "/readyz").status_code == 200, timeout=ready_timeout)
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def run_cli(
    *args: str, stdin: bytes | None = None, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.run(
        [*BIASWATCH, *args], input=stdin, capture_output=True, timeout=timeout, cwd=ROOT, env=env, check=False
    )


@pytest.fixture(scope="session")
def embedder() -> Any:
    from agent.config import EmbeddingModelConfig
    from agent.embedder import Embedder

    return Embedder(EmbeddingModelConfig())


@pytest.fixture(scope="session")
def torch_embedder() -> Any:
    """The sentence-transformers encoder the head is trained on (`train-detector` uses it)."""
    from agent.config import EmbeddingModelConfig
    from agent.embedder import Embedder

    return Embedder(EmbeddingModelConfig(backend="torch", threads=1))


@pytest.fixture(scope="session")
def taxonomy() -> Any:
    from detectors.taxonomy import Taxonomy

    return Taxonomy.default()


@pytest.fixture(scope="session")
def shipped(taxonomy: Any) -> Any:
    """The harm lexicon as bundled, on the shared taxonomy (the grammar tests read it, never change it)."""
    from detectors.harm import HarmLexiconDetector

    return HarmLexiconDetector(taxonomy)


@pytest.fixture
def lexicon_config(tmp_path: Path) -> Iterator[Path]:
    """A config with the lexicon detectors only: fast, no model load."""
    cfg = tmp_path / "lexicon.yaml"
    cfg.write_text(
        "metrics: {enabled: false}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
    )
    yield cfg


# The Kafka broker fixture lives beside its helpers; importing it here makes it visible to every test.
from tests.kafka_fixtures import broker, module_broker  # noqa: E402, F401


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks follow the fixtures a test uses, so a new test is marked without anyone remembering to."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "broker" in names or "module_broker" in names:
            item.add_marker(pytest.mark.kafka)
        if "embedder" in names:
            item.add_marker(pytest.mark.embeddings)


_LOG_NOISE = ("kafka.net.", "kafka.cluster:", "No node available")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On failure, attach the tail of every log the test's processes wrote (agent, broker).

    CI keeps only pytest's output; without this, a failed subprocess test says "condition not met"
    and nothing about why. kafka-python's per-connection lines are left out: during an outage they
    are hundreds of lines saying the same thing.
    """
    report = yield
    tmp = getattr(item, "funcargs", {}).get("tmp_path")
    if report.failed and isinstance(tmp, Path):
        for log in sorted(tmp.rglob("*.log")):
            lines = [ln for ln in log.read_text(errors="replace").splitlines() if not any(n in ln for n in _LOG_NOISE)]
            report.sections.append((f"{log.relative_to(tmp)} (last 60 lines)", "\n".join(lines[-60:])))
    return report
