"""Tests for agent/sinks/sqlite_queue.py: the flag queue and dead letters in one SQLite file."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.errors import QueueSchemaError
from agent.sample import Sample
from agent.sinks.sqlite_queue import STATUSES, DeadLetter, FlagQueue, FlagRecord, WriteResult
from agent.sources.base import Record
from agent.version import __version__
from detectors.base import Evidence, Finding

VERSIONS = {"harm_lexicon": "1.2", "groups": "0.3"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "queue.sqlite"


@pytest.fixture
def queue(db: Path) -> Iterator[FlagQueue]:
    q = FlagQueue(db, config_hash="cfg0123456789abc", detector_versions=VERSIONS)
    try:
        yield q
    finally:
        q.close()


def _rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _flag(sample_id: str, response: str = "They are all lazy.", position: str = "file.jsonl:1") -> FlagRecord:
    sample = Sample(
        id=sample_id,
        ts=1_700_000_000.5,
        model="gpt-x",
        response=response,
        prompt="Describe them.",
        metadata={"tenant": "acme"},
    )
    record = Record(b'{"raw": true}', position, "file", 1_700_000_001.0)
    findings = [
        Finding(
            detector="harm_lexicon",
            sample_id=sample_id,
            score=0.8,
            flagged=True,
            category="generalisation",
            groups=("group_a",),
            evidence=(Evidence(kind="lexicon", text="all lazy", span=(9, 17), detail={"term": "lazy"}),),
        ),
        Finding(detector="groups", sample_id=sample_id, score=0.0, flagged=False, category="mention"),
    ]
    return FlagRecord(sample=sample, record=record, findings=findings, score=0.8, groups=["group_a"])


def _dead(position: str, payload: bytes, reason: str = "invalid_utf8") -> DeadLetter:
    return DeadLetter(Record(payload, position, "http", 1_700_000_002.0), reason, f"{reason}: details")


def test_journal_mode_is_wal(queue: FlagQueue, db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_missing_parent_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "queue.sqlite"
    q = FlagQueue(path)
    try:
        assert path.exists()
        assert q.depth() == dict.fromkeys(STATUSES, 0)
    finally:
        q.close()


def test_flag_row_has_every_column_populated(queue: FlagQueue, db: Path) -> None:
    before = time.time()
    result = queue.write([_flag("s1")])
    assert result == WriteResult(inserted=1, duplicates=0, dead_letters=0)
    rows = _rows(db, "SELECT * FROM flagged")
    assert len(rows) == 1
    row = rows[0]
    assert row["sample_id"] == "s1"
    assert row["status"] == "pending"
    assert row["model"] == "gpt-x"
    assert row["sample_ts"] == 1_700_000_000.5
    assert before <= row["flagged_at"] <= time.time()
    assert row["score"] == pytest.approx(0.8)
    assert json.loads(row["detectors"]) == ["harm_lexicon"]  # only detectors that flagged
    assert json.loads(row["categories"]) == ["generalisation"]
    assert json.loads(row["groups"]) == ["group_a"]
    sample = json.loads(row["sample"])
    assert sample["id"] == "s1"
    assert sample["response"] == "They are all lazy."
    assert sample["prompt"] == "Describe them."
    assert sample["metadata"] == {"tenant": "acme"}
    findings = json.loads(row["findings"])
    assert [f["detector"] for f in findings] == ["harm_lexicon", "groups"]
    assert findings[0]["evidence"] == [
        {"kind": "lexicon", "text": "all lazy", "field": "response", "span": [9, 17], "detail": {"term": "lazy"}}
    ]
    assert findings[0]["groups"] == ["group_a"]
    assert row["source"] == "file"
    assert row["position"] == "file.jsonl:1"
    assert row["config_hash"] == "cfg0123456789abc"
    assert json.loads(row["detector_versions"]) == VERSIONS
    assert row["agent_version"] == __version__
    assert row["fully_analysed"] == 1
    assert row["status_updated_at"] is None
    assert row["reviewer_note"] is None


def test_partially_analysed_flag_is_recorded(queue: FlagQueue, db: Path) -> None:
    flag = _flag("partial")
    queue.write([FlagRecord(flag.sample, flag.record, flag.findings, flag.score, flag.groups, fully_analysed=False)])
    assert _rows(db, "SELECT fully_analysed FROM flagged")[0][0] == 0


def test_same_sample_id_is_inserted_once(queue: FlagQueue, db: Path) -> None:
    first = queue.write([_flag("dup", response="first version")])
    assert first == WriteResult(inserted=1, duplicates=0, dead_letters=0)
    again = queue.write([_flag("dup", response="second version"), _flag("other")])
    assert again == WriteResult(inserted=1, duplicates=1, dead_letters=0)
    rows = _rows(db, "SELECT sample_id, sample FROM flagged ORDER BY sample_id")
    assert [r["sample_id"] for r in rows] == ["dup", "other"]
    assert json.loads(rows[0]["sample"])["response"] == "first version"  # the existing row is kept


def test_duplicate_within_one_batch_is_inserted_once(queue: FlagQueue, db: Path) -> None:
    result = queue.write([_flag("x"), _flag("x")])
    assert result.inserted == 1
    assert result.duplicates == 1
    assert len(_rows(db, "SELECT * FROM flagged")) == 1


def test_dead_letters_keep_raw_bytes_and_reason(queue: FlagQueue, db: Path) -> None:
    raw = b'{"response": "caf\xe9 \xff\xfe"}\x00tail'
    result = queue.write([], [_dead("http:1", raw), _dead("http:2", b"{not json", "invalid_json")])
    assert result == WriteResult(inserted=0, duplicates=0, dead_letters=2)
    rows = _rows(db, "SELECT * FROM dead_letters ORDER BY position")
    assert len(rows) == 2
    first = rows[0]
    assert first["payload"] == raw
    assert isinstance(first["payload"], bytes)
    assert first["reason"] == "invalid_utf8"
    assert first["message"] == "invalid_utf8: details"
    assert first["source"] == "http"
    assert first["position"] == "http:1"
    assert first["received_at"] == 1_700_000_002.0
    assert first["dead_at"] > 0
    assert len(first["payload_sha256"]) == 64
    assert rows[1]["reason"] == "invalid_json"
    assert rows[1]["payload"] == b"{not json"


def test_same_dead_letter_twice_is_stored_once(queue: FlagQueue, db: Path) -> None:
    letter = _dead("file.jsonl:7", b"\xff")
    assert queue.write([], [letter]).dead_letters == 1
    assert queue.write([], [letter]).dead_letters == 0
    # A different payload at the same position is a different dead letter.
    assert queue.write([], [_dead("file.jsonl:7", b"\xfe")]).dead_letters == 1
    assert len(_rows(db, "SELECT * FROM dead_letters")) == 2


def test_flags_and_dead_letters_in_one_write(queue: FlagQueue, db: Path) -> None:
    result = queue.write([_flag("a"), _flag("b")], [_dead("http:9", b"")])
    assert result == WriteResult(inserted=2, duplicates=0, dead_letters=1)
    assert len(_rows(db, "SELECT * FROM flagged")) == 2
    assert _rows(db, "SELECT payload FROM dead_letters")[0][0] == b""


def test_depth_counts_rows_per_status(queue: FlagQueue) -> None:
    assert queue.depth() == {"pending": 0, "accepted": 0, "rejected": 0, "harvested": 0}
    queue.write([_flag(f"s{i}") for i in range(5)])
    assert queue.depth() == {"pending": 5, "accepted": 0, "rejected": 0, "harvested": 0}
    queue.set_status(["s0", "s1"], "accepted")
    queue.set_status(["s2"], "rejected")
    assert queue.depth() == {"pending": 2, "accepted": 2, "rejected": 1, "harvested": 0}


def test_set_status_updates_rows(queue: FlagQueue, db: Path) -> None:
    queue.write([_flag("a"), _flag("b"), _flag("c")])
    before = time.time()
    assert queue.set_status(["a", "b", "missing"], "accepted", note="checked by bob") == 2
    rows = {r["sample_id"]: r for r in _rows(db, "SELECT * FROM flagged")}
    assert rows["a"]["status"] == "accepted"
    assert rows["a"]["reviewer_note"] == "checked by bob"
    assert rows["a"]["status_updated_at"] >= before
    assert rows["c"]["status"] == "pending"
    assert rows["c"]["status_updated_at"] is None
    # A later change without a note keeps the earlier note.
    assert queue.set_status(["a"], "harvested") == 1
    row = _rows(db, "SELECT status, reviewer_note FROM flagged WHERE sample_id='a'")[0]
    assert (row["status"], row["reviewer_note"]) == ("harvested", "checked by bob")


def test_set_status_rejects_unknown_status(queue: FlagQueue, db: Path) -> None:
    queue.write([_flag("a")])
    with pytest.raises(ValueError, match="status must be one of"):
        queue.set_status(["a"], "approved")
    assert _rows(db, "SELECT status FROM flagged")[0][0] == "pending"


def test_redactor_rewrites_the_stored_row(db: Path) -> None:
    seen: list[str] = []

    def redact(row: dict[str, Any]) -> dict[str, Any]:
        seen.append(row["sample_id"])
        sample = json.loads(row["sample"])
        sample["response"] = "[REDACTED]"
        sample["prompt"] = "[REDACTED]"
        return {**row, "sample": json.dumps(sample), "findings": "[]"}

    q = FlagQueue(db, redactor=redact)
    try:
        result = q.write([_flag("r1", response="secret personal text")])
    finally:
        q.close()
    assert result.inserted == 1
    assert seen == ["r1"]
    row = _rows(db, "SELECT sample, findings FROM flagged")[0]
    assert json.loads(row["sample"])["response"] == "[REDACTED]"
    assert "secret personal text" not in row["sample"]
    assert row["findings"] == "[]"


def test_data_survives_close_and_reopen(db: Path) -> None:
    q = FlagQueue(db, config_hash="h1")
    q.write([_flag("keep")], [_dead("http:1", b"\x80")])
    q.set_status(["keep"], "rejected")
    q.close()
    reopened = FlagQueue(db, config_hash="h2")
    try:
        assert reopened.depth()["rejected"] == 1
        # Still idempotent across the restart.
        assert reopened.write([_flag("keep")], [_dead("http:1", b"\x80")]) == WriteResult(0, 1, 0)
    finally:
        reopened.close()
    assert _rows(db, "SELECT config_hash FROM flagged")[0][0] == "h1"
    assert _rows(db, "SELECT payload FROM dead_letters")[0][0] == b"\x80"


def test_schema_version_mismatch_is_refused(db: Path) -> None:
    FlagQueue(db).close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    conn.close()
    with pytest.raises(QueueSchemaError, match="schema 99"):
        FlagQueue(db)
