"""`POST /admin/retraining-boundary` against a real `biaswatch run`, with a real HTTP client and files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from agent.drift.admin import PATH, _loopback
from agent.drift.baseline import Baseline
from tests.conftest import free_port, running_agent, wait_until

ADMIN = "adm1n-token"
INGEST = "ingest-token"


@dataclass
class Agent:
    http: str
    metrics: str
    baseline: Path


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[Agent]:
    http_port, metrics_port = free_port(), free_port()
    baseline = tmp_path / "baseline.npz"
    cfg = tmp_path / "agent.yaml"
    cfg.write_text(
        f"source: {{type: http, host: 127.0.0.1, port: {http_port}, auth_token: {INGEST}}}\n"
        f"metrics: {{host: 127.0.0.1, port: {metrics_port}}}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
        "pipeline: {batch_timeout_seconds: 0.05}\n"
        "drift: {enabled: true, window_size: 20, cadence_seconds: 3600,\n"
        f"        baseline: {{path: {baseline}, reference_size: 50, refresh: retraining, admin_token: {ADMIN}}}}}\n"
    )
    metrics = f"http://127.0.0.1:{metrics_port}"
    with running_agent(cfg, tmp_path / "agent.log", metrics, ready_timeout=120):
        yield Agent(f"http://127.0.0.1:{http_port}", metrics, baseline)


def _send(agent: Agent, start: int, n: int) -> None:
    body = "\n".join(
        json.dumps(
            {"id": f"s{i}", "model": "m", "prompt": "Tell me about my neighbours.", "response": f"They are kind {i}."}
        )
        for i in range(start, start + n)
    )
    headers = {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {INGEST}"}
    assert httpx.post(agent.http + "/v1/samples", content=body, headers=headers, timeout=60).status_code == 202


def _boundary(agent: Agent, token: str = ADMIN) -> httpx.Response:
    return httpx.post(agent.metrics + PATH, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_retraining_boundary_refreshes_the_baseline_and_refuses_a_second_one_meanwhile(agent: Agent) -> None:
    _send(agent, 0, 60)
    wait_until(agent.baseline.exists)
    assert Baseline.load(agent.baseline).revision == 1

    assert _boundary(agent, "wrong").status_code == 401
    assert Baseline.load(agent.baseline).revision == 1  # nothing changed

    r = _boundary(agent)
    assert r.status_code == 202, r.text
    assert r.json()["revision"] == 2 and r.json()["pending"] == ["m"]
    prev = agent.baseline.with_suffix(".prev.npz")
    assert Baseline.load(prev).revision == 1 and not agent.baseline.exists()

    busy = _boundary(agent)
    assert busy.status_code == 409 and busy.json()["pending"] == ["m"]

    _send(agent, 100, 50)  # the new reference: the next 50 samples
    wait_until(agent.baseline.exists)
    assert Baseline.load(agent.baseline).revision == 2
    assert Baseline.load(prev).revision == 1  # the pre-refresh baseline is still there

    assert _boundary(agent).status_code == 202  # idle again: a new boundary is accepted
    assert httpx.get(agent.metrics + PATH).status_code == 405


def test_only_loopback_hosts_count_as_local() -> None:
    assert _loopback("127.0.0.1") and _loopback("::1") and _loopback("localhost")
    assert not _loopback("0.0.0.0") and not _loopback("10.1.2.3") and not _loopback("agent.internal")
