"""The authored PII corpus through the real agent: nothing of it reaches the SQLite queue (flags and
dead letters), the Kafka flagged and dead-letter topics (values, keys, headers), the replay report or
the agent's log; every stored row records that redaction was on, and the metric counts per type."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import run_cli, wait_until
from tests.kafka_agent import KafkaAgent, kafka_config
from tests.kafka_fixtures import Broker
from tests.pii_corpus import CUSTOM_PATTERNS, TEMPLATES, Item, corpus, leaks

REDACTION = "redaction: " + json.dumps({"custom": CUSTOM_PATTERNS}) + "\n"


def records() -> tuple[list[bytes], list[Item], int, int]:
    """Valid flagged samples with PII in prompt, response and metadata; every 7th record is invalid."""
    out: list[bytes] = []
    items = [it for it, _ in corpus()]
    valid = invalid = 0
    for i, (_item, written) in enumerate(corpus()):
        if i % 7 == 3:
            # No response: dead-lettered with its payload (PII inside), and half of them not JSON at all.
            body = {"id": f"bad-{i}", "prompt": f"contact {written}"} if i % 2 else None
            out.append(json.dumps(body).encode() if body else f"not json, call {written}".encode())
            invalid += 1
            continue
        sample: dict[str, Any] = {
            "id": f"s-{i}",
            "ts": 1_760_000_000 + i,
            "model": "m1",
            "prompt": f"What do you think? My details: {written}",
            "response": TEMPLATES[i % len(TEMPLATES)].format(pii=written),
            "metadata": {"contact": written, "n": i},
        }
        out.append(json.dumps(sample, ensure_ascii=False).encode())
        valid += 1
    return out, items, valid, invalid


def _queue_text(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        lines = list(conn.iterdump())
        payloads = [
            bytes(r[0]).decode("utf-8", errors="replace") for r in conn.execute("SELECT payload FROM dead_letters")
        ]
    return "\n".join(lines + payloads)


def _assert_queue_clean(path: Path, items: list[Item], valid: int, invalid: int) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM flagged").fetchone()[0] == valid
        assert conn.execute("SELECT COUNT(*) FROM dead_letters").fetchone()[0] == invalid
        summaries = [json.loads(r[0]) for r in conn.execute("SELECT redaction FROM flagged")]
        assert all(s["enabled"] for s in summaries)
        assert sum(sum(s["counts"].values()) for s in summaries) >= 3 * valid  # prompt, response, metadata
        dl = [json.loads(r[0]) for r in conn.execute("SELECT redaction FROM dead_letters")]
        assert {d["enabled"] for d in dl} == ({True} if invalid else set())
        assert sum(sum(d["counts"].values()) for d in dl) >= invalid  # each payload held one item
    text = _queue_text(path)
    assert leaks(text, items) == []
    for kind in ("EMAIL", "PHONE", "CARD", "IBAN", "IP", "URL", "SECRET", "EMPLOYEE_ID"):
        assert f"<{kind}>" in text


def test_replay_stores_reports_and_logs_no_pii(tmp_path: Path) -> None:
    lines, items, valid, invalid = records()
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        "metrics: {enabled: false}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\nlog_level: DEBUG\n" + REDACTION
    )
    proc = run_cli(
        "-v", "replay", str(tmp_path / "in.jsonl"), "--config", str(cfg), "--report", str(tmp_path / "r.json")
    )
    assert proc.returncode == 0, proc.stderr.decode()
    _assert_queue_clean(tmp_path / "queue.sqlite", items, valid, invalid)
    report = (tmp_path / "r.json").read_text()
    assert json.loads(report)["flagged"] == valid
    assert leaks(report, items) == []
    assert leaks(proc.stdout.decode() + proc.stderr.decode(), items) == []


def test_turning_redaction_off_stores_the_text_and_says_so(tmp_path: Path) -> None:
    lines, items, _, _ = records()
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines[:20]) + b"\n")
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        "metrics: {enabled: false}\n"
        f"queue: {{sqlite: {{path: {tmp_path / 'queue.sqlite'}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\nredaction: {enabled: false}\n"
    )
    proc = run_cli("replay", str(tmp_path / "in.jsonl"), "--config", str(cfg), "--report", str(tmp_path / "r.json"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "redaction is off" in proc.stderr.decode()
    with sqlite3.connect(tmp_path / "queue.sqlite") as conn:
        summaries = {r[0] for r in conn.execute("SELECT redaction FROM flagged")}
        dead = {r[0] for r in conn.execute("SELECT redaction FROM dead_letters")}
    assert summaries == {'{"enabled": false}'} and dead == {'{"enabled": false}'}
    assert leaks(_queue_text(tmp_path / "queue.sqlite"), items) != []


def test_kafka_topics_queue_and_log_carry_no_pii(tmp_path: Path, broker: Broker) -> None:
    lines, items, valid, invalid = records()
    for topic in ("samples", "flagged", "dead"):
        broker.create_topic(topic, partitions=2)
    # Keys too: a gateway may key by user, and the dead-letter topic keeps the original key.
    broker.produce("samples", lines, key=lambda v: v[-40:])
    cfg = kafka_config(tmp_path, broker, extra=REDACTION)
    agent = KafkaAgent(cfg, tmp_path).start()
    try:
        wait_until(lambda: len(agent.flagged_ids()) == valid, timeout=120)
        wait_until(lambda: len(broker.read_all("dead")) == invalid, timeout=60)
        wait_until(lambda: len(broker.read_all("flagged")) >= valid, timeout=60)
        counted = agent.metric("biaswatch_redactions_total")
        assert counted >= 3 * valid
        assert agent.metric("biaswatch_redactions_total", type="IBAN") > 0
        assert agent.metric("biaswatch_redaction_enabled") == 1
    finally:
        assert agent.stop() == 0
    flagged = broker.read_all("flagged")
    dead = broker.read_all("dead")
    blobs = []
    for m in flagged + dead:
        blobs.append((m.key or b"").decode("utf-8", errors="replace"))
        blobs.append(m.value.decode("utf-8", errors="replace"))
        blobs.extend(f"{k}={v.decode('utf-8', errors='replace')}" for k, v in m.headers)
    text = "\n".join(blobs)
    assert leaks(text, items) == []
    assert all(json.loads(m.value)["redaction"]["enabled"] for m in flagged)
    assert {dict(m.headers)["biaswatch-redaction"] for m in dead} == {b"on"}
    _assert_queue_clean(agent.queue, items, valid, 0)
    assert leaks(agent.log(), items) == []
