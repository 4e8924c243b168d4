"""Retraining cycles, retention and the queue schema migration, on real SQLite files."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from agent.config import AgentConfig, RetentionConfig
from agent.errors import QueueSchemaError
from agent.metrics.retraining import RetrainingMetrics
from agent.retraining import cycles, retention
from agent.retraining.scheduler import RetrainingJobs
from agent.retraining.store import connect
from agent.sinks.queue_schema import SCHEMA_VERSION
from agent.sinks.sqlite_queue import FlagQueue
from tests.conftest import run_cli, wait_until
from tests.test_sqlite_queue import _flag

FIXTURE = Path(__file__).parent / "fixtures" / "queue-v1-release-0.1.0.sqlite"


def test_a_queue_from_the_first_release_migrates_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    shutil.copy(FIXTURE, path)
    q = FlagQueue(path)
    assert q.migrated_from == [1]
    q.write([_flag("new-1")])
    q.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        rows = dict(conn.execute("SELECT sample_id, status FROM flagged").fetchall())
        assert rows == {
            "s0": "accepted",
            "s1": "accepted",
            "s2": "rejected",
            "s3": "pending",
            "s4": "pending",
            "s5": "pending",
            "new-1": "pending",
        }
        assert {r[0] for r in conn.execute("SELECT cycle_id FROM flagged")} == {"cycle-0001"}
        # Old rows were stored before redaction existed: they say so.
        old = conn.execute("SELECT redaction FROM flagged WHERE sample_id='s0'").fetchone()[0]
        assert json.loads(old) == {"enabled": False}
        # v1 decisions became labels, so exports and harvests see them.
        labels = conn.execute("SELECT sample_id, reviewer, status, note FROM labels ORDER BY sample_id").fetchall()
        assert labels == [
            ("s0", "unknown", "accepted", "ok"),
            ("s1", "unknown", "accepted", "ok"),
            ("s2", "unknown", "rejected", "fp"),
        ]
        assert conn.execute("SELECT COUNT(*) FROM published").fetchone()[0] == 3
        assert conn.execute("SELECT COUNT(*) FROM dead_letters").fetchone()[0] == 1
    # Opening again migrates nothing.
    again = FlagQueue(path)
    assert again.migrated_from == []
    again.close()


def test_a_queue_from_a_newer_agent_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    FlagQueue(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(QueueSchemaError, match="newer than this agent"):
        FlagQueue(path)


def _writer(path: str, prefix: str, stop: Any) -> None:
    q = FlagQueue(path, busy_timeout_ms=30_000)
    b = 0
    while not stop.is_set() or b < 10:
        q.write([_flag(f"{prefix}-{b}-{i}") for i in range(5)])
        b += 1
    q.close()


def _count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM flagged").fetchone()[0])


def _grows(conn: sqlite3.Connection, by: int) -> Callable[[], bool]:
    start = _count(conn)
    return lambda: _count(conn) > start + by


def test_closing_is_atomic_under_concurrent_writers(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    FlagQueue(path).close()
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(str(path), f"w{i}", stop)) for i in range(3)]
    for p in procs:
        p.start()
    conn = connect(path, 30_000)
    closed = []
    try:
        for _ in range(4):
            # Close while the writers are mid-stream: wait for new rows rather than for time.
            wait_until(_grows(conn, 20), timeout=60)
            closed.append(cycles.close(conn, "test")[0])
        # Writes after the last close land in the open cycle.
        wait_until(_grows(conn, 20), timeout=60)
        stop.set()
        for p in procs:
            p.join(timeout=120)
            assert p.exitcode == 0
        total = conn.execute("SELECT COUNT(*) FROM flagged").fetchone()[0]
        # Nothing lost: each writer's batches are all there, 0..n-1, five rows each.
        for w in range(3):
            ids = [r[0] for r in conn.execute("SELECT sample_id FROM flagged WHERE sample_id LIKE ?", (f"w{w}-%",))]
            batches = {int(i.split("-")[1]) for i in ids}
            assert batches == set(range(len(batches))) and len(ids) == 5 * len(batches)
        per_cycle = dict(conn.execute("SELECT cycle_id, COUNT(*) FROM flagged GROUP BY cycle_id").fetchall())
        # A closed cycle's count, recorded in the closing transaction, never grows afterwards: no write
        # landed in a cycle after it closed.
        for c in closed:
            assert per_cycle.get(c.cycle_id, 0) == c.samples
        assert [c.cycle_id for c in closed] == ["cycle-0001", "cycle-0002", "cycle-0003", "cycle-0004"]
        assert sum(per_cycle.values()) == total and set(per_cycle) <= {f"cycle-000{i}" for i in range(1, 6)}
        listed = cycles.list_cycles(conn)
        assert [c.closed_by for c in listed] == ["test"] * 4 + [None]
        assert cycles.open_cycle(conn) == "cycle-0005"
    finally:
        conn.close()


def test_retention_evicts_old_and_excess_pending_only(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    q = FlagQueue(path)
    q.write([_flag(f"s{i:02d}") for i in range(10)])
    q.mark_published("kafka:flagged", [f"s{i:02d}" for i in range(10)])
    q.close()
    conn = connect(path)
    day = 86400.0
    now = 2_000_000_000.0
    # s00..s03 are 100 days old, the rest 1..6 days, oldest first.
    for i in range(10):
        age = 100 * day if i < 4 else (10 - i) * day
        conn.execute("UPDATE flagged SET flagged_at=? WHERE sample_id=?", (now - age, f"s{i:02d}"))
    conn.execute("UPDATE flagged SET status='accepted' WHERE sample_id IN ('s00', 's04')")
    conn.execute("UPDATE flagged SET status='rejected' WHERE sample_id='s05'")
    conn.execute(
        "INSERT INTO dead_letters (source, position, reason, message, payload, payload_sha256, received_at, dead_at) "
        "VALUES ('f', '1', 'r', 'm', x'00', 'a', 0, ?), ('f', '2', 'r', 'm', x'00', 'b', 0, ?)",
        (now - 40 * day, now - day),
    )
    counts = retention.apply(conn, RetentionConfig(pending_ttl_days=30, max_rows=5, dead_letter_ttl_days=30), now=now)
    left = [r[0] for r in conn.execute("SELECT sample_id FROM flagged ORDER BY sample_id")]
    # TTL: s01-s03 (pending, old); s00 is reviewed and stays. Cap 5 of 7 left: the two oldest pending go.
    assert counts == {"pending_ttl": 3, "pending_cap": 2, "dead_letters": 1, "published": 5}
    assert left == ["s00", "s04", "s05", "s08", "s09"]
    assert conn.execute("SELECT COUNT(*) FROM published").fetchone()[0] == 5
    assert conn.execute("SELECT COUNT(*) FROM dead_letters").fetchone()[0] == 1
    log = conn.execute("SELECT pending_ttl, pending_cap, dead_letters, published FROM retention_log").fetchall()
    assert [tuple(r) for r in log] == [(3, 2, 1, 5)]
    # Reviewed rows are never evicted, even when they alone exceed the cap.
    counts = retention.apply(
        conn, RetentionConfig(pending_ttl_days=None, max_rows=1, dead_letter_ttl_days=None), now=now
    )
    assert counts["pending_cap"] == 2
    assert [r[0] for r in conn.execute("SELECT sample_id FROM flagged ORDER BY sample_id")] == ["s00", "s04", "s05"]
    conn.close()


def test_the_agent_jobs_close_cycles_and_count_evictions(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    q = FlagQueue(path)
    q.write([_flag("a"), _flag("b")])
    q.close()
    config = AgentConfig.model_validate(
        {
            "queue": {"sqlite": {"path": str(path)}},
            "retraining": {"cycle": {"close_cron": "0 3 * * 1"}, "retention": {"max_rows": 1}},
        }
    )
    registry = CollectorRegistry()
    jobs = RetrainingJobs(config, RetrainingMetrics(registry, ("EMAIL",), True))
    assert jobs.close_cycle() == "cycle-0002"
    assert jobs.apply_retention()["pending_cap"] == 1
    assert registry.get_sample_value("biaswatch_cycle_closes_total") == 1
    assert registry.get_sample_value("biaswatch_queue_evictions_total", {"kind": "pending_cap"}) == 1
    # The cron trigger is registered on the scheduler with its next Monday 03:00 fire time.
    jobs.start()
    try:
        triggers = [str(j.trigger) for j in jobs._scheduler.get_jobs()]
        assert any("day_of_week='1'" in t and "hour='3'" in t for t in triggers), triggers
    finally:
        jobs.stop()


def test_cycle_close_and_list_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite"
    q = FlagQueue(path)
    q.write([_flag("a")])
    q.close()
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"queue: {{sqlite: {{path: {path}}}}}\n")
    out = run_cli("cycle", "close", "--config", str(cfg))
    assert out.returncode == 0, out.stderr.decode()
    assert "closed cycle-0001 (1 samples); cycle-0002 is open" in out.stdout.decode()
    listed = run_cli("cycle", "list", "--config", str(cfg), "--json")
    rows = json.loads(listed.stdout)
    assert [(r["cycle_id"], r["closed_by"], r["samples"]) for r in rows] == [
        ("cycle-0001", "cli", 1),
        ("cycle-0002", None, 0),
    ]
    missing = run_cli("cycle", "close", "--config", str(cfg.with_name("none.yaml")))
    assert missing.returncode == 2
