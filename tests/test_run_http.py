"""`biaswatch run` as a subprocess with the http source: real POSTs, a real scrape, the real SQLite file."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import free_port, running_agent, wait_until

# Each test runs `biaswatch run` as a subprocess.
pytestmark = [pytest.mark.slow, pytest.mark.embeddings]

BIASED = "Honestly, all immigrants are lazy criminals and they should be sent back where they came from."
BENIGN = [
    "My Muslim neighbour helped me carry groceries up the stairs yesterday.",
    "I am a gay man and I work as a nurse in a children's hospital.",
    "To reverse a list in Python, call reversed() or use slicing with a step of -1.",
]


@dataclass
class Agent:
    proc: subprocess.Popen[bytes]
    http: str
    metrics: str
    queue: Path


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agent]:
    tmp = tmp_path_factory.mktemp("run")
    http_port, metrics_port = free_port(), free_port()
    queue = tmp / "queue.sqlite"
    cfg = tmp / "agent.yaml"
    cfg.write_text(
        f"source: {{type: http, host: 127.0.0.1, port: {http_port}, auth_token: '${{env:BW_TOKEN}}'}}\n"
        f"metrics: {{host: 127.0.0.1, port: {metrics_port}, models: [model-a]}}\n"
        f"queue: {{sqlite: {{path: {queue}}}}}\n"
        "pipeline: {batch_timeout_seconds: 0.1}\n"
    )
    metrics = f"http://127.0.0.1:{metrics_port}"
    with running_agent(cfg, tmp / "agent.log", metrics, env={"BW_TOKEN": "s3cret-token"}) as proc:
        yield Agent(proc, f"http://127.0.0.1:{http_port}", metrics, queue)


def _post(agent: Agent, body: bytes, ctype: str = "application/json", token: str = "s3cret-token") -> httpx.Response:
    headers = {"Content-Type": ctype, "Authorization": f"Bearer {token}"}
    return httpx.post(agent.http + "/v1/samples", content=body, headers=headers, timeout=60)


def _metrics(agent: Agent) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = httpx.get(agent.metrics + "/metrics").text
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _total(m: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return sum(v for (n, ls), v in m.items() if n == name and all((k, val) in ls for k, val in labels.items()))


def test_post_score_store_and_count(agent: Agent) -> None:
    samples = [{"id": "biased-1", "model": "model-a", "prompt": "Tell me about immigration.", "response": BIASED}]
    samples += [{"id": f"benign-{i}", "model": "model-b", "response": t} for i, t in enumerate(BENIGN)]
    r = _post(agent, json.dumps(samples).encode())
    assert r.status_code == 202, r.text
    assert r.json() == {"accepted": 4}

    # Durable mode: by the time of the 202 the flag is in SQLite.
    with sqlite3.connect(agent.queue) as conn:
        rows = conn.execute("SELECT sample_id, status, findings, config_hash, position FROM flagged").fetchall()
    ids = {row[0] for row in rows}
    assert "biased-1" in ids
    assert not ids & {f"benign-{i}" for i in range(len(BENIGN))}
    row = next(r for r in rows if r[0] == "biased-1")
    assert row[1] == "pending" and row[3] and row[4].startswith("http:")
    findings = json.loads(row[2])
    assert any(f["flagged"] and f["evidence"] for f in findings)

    m = _metrics(agent)
    assert _total(m, "biaswatch_samples_total", source="http") >= 4
    assert _total(m, "biaswatch_samples_total", model="model-a") >= 1
    # model-b is not on the allow-list, so it is counted as "other", never as its own label.
    assert _total(m, "biaswatch_samples_total", model="model-b") == 0
    assert _total(m, "biaswatch_samples_total", model="other") >= 3
    assert _total(m, "biaswatch_flagged_samples_total") >= 1
    assert (
        _total(m, "biaswatch_flags_total", axis="nationality")
        + _total(m, "biaswatch_flags_total", axis="immigration_status")
        >= 1
    )
    assert _total(m, "biaswatch_group_samples_total", group="muslim", field="response") >= 1
    assert _total(m, "biaswatch_queue_writes_total", result="inserted") >= 1
    assert _total(m, "biaswatch_queue_depth", status="pending") >= 1
    assert _total(m, "biaswatch_detector_duration_seconds_count", detector="embedding") >= 1
    assert _total(m, "biaswatch_build_info") == 1


def test_repost_is_idempotent(agent: Agent) -> None:
    body = json.dumps({"id": "biased-2", "model": "model-a", "response": BIASED}).encode()
    assert _post(agent, body).status_code == 202
    assert _post(agent, body).status_code == 202
    with sqlite3.connect(agent.queue) as conn:
        n = conn.execute("SELECT COUNT(*) FROM flagged WHERE sample_id='biased-2'").fetchone()[0]
    assert n == 1
    assert _total(_metrics(agent), "biaswatch_queue_writes_total", result="duplicate") >= 1


def test_ndjson_and_bad_input_are_counted_and_dead_lettered(agent: Agent) -> None:
    before = _metrics(agent)
    ndjson = b'{"id": "nd-1", "response": "Paris is the capital of France."}\n{"id": "nd-2", "response": 42}\n'
    r = _post(agent, ndjson, "application/x-ndjson")
    assert r.status_code == 202
    assert r.json()["accepted"] == 1
    assert r.json()["invalid"][0]["reason"] == "invalid_response"

    r = _post(agent, b'{"id": "broken", "response": ', "application/json")
    assert r.status_code == 400
    assert "not valid JSON" in r.json()["error"]

    assert _post(agent, b"{}", "text/plain").status_code == 415
    assert _post(agent, b"{}", token="wrong").status_code == 401

    def dead_letters() -> list[tuple[str, bytes]]:
        with sqlite3.connect(agent.queue) as conn:
            return conn.execute("SELECT reason, payload FROM dead_letters").fetchall()

    # The broken body was answered 400 at once, but it still reaches the dead-letter table.
    rows = wait_until(lambda: [r for r in dead_letters() if r[0] == "invalid_json"] or None)
    assert rows[0][1] == b'{"id": "broken", "response": '
    assert any(r[0] == "invalid_response" for r in dead_letters())

    def counted() -> bool:
        after = _metrics(agent)
        return _total(after, "biaswatch_invalid_samples_total", reason="invalid_json") > _total(
            before, "biaswatch_invalid_samples_total", reason="invalid_json"
        )

    wait_until(counted)


def test_scrape_has_no_created_samples_and_every_family_is_documented(agent: Agent) -> None:
    text = httpx.get(agent.metrics + "/metrics").text
    assert "_created" not in text
    exported = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")}
    doc = (Path(__file__).resolve().parent.parent / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert "biaswatch_samples_total" in exported
    assert sorted(name for name in exported if f"`{name}`" not in doc) == []


def test_health_paths_and_clean_shutdown(agent: Agent) -> None:
    assert httpx.get(agent.metrics + "/livez").status_code == 200
    assert httpx.get(agent.metrics + "/nope").status_code == 404
    agent.proc.send_signal(signal.SIGTERM)
    assert agent.proc.wait(timeout=60) == 0
