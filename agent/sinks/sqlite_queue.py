"""The flag queue in SQLite (WAL): one row per flagged sample, idempotent on sample id.

Every flag passes through `FlagQueue.write`, the single place where a redactor can rewrite rows.
Dead letters live in the same file so one transaction makes a whole batch durable.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from agent.decode import safe_text

# Re-exported: the queue's callers imported these from here before sinks had a shared contract.
from agent.sinks.base import DeadLetter as DeadLetter
from agent.sinks.base import FlagRecord as FlagRecord
from agent.sinks.base import WriteResult as WriteResult

# Re-exported: the schema moved to its own module when migrations arrived.
from agent.sinks.queue_schema import SCHEMA_VERSION as SCHEMA_VERSION
from agent.sinks.queue_schema import STATUSES as STATUSES
from agent.sinks.queue_schema import migrate
from agent.version import __version__

_NOT_REDACTED = json.dumps({"enabled": False})
# The cycle is read inside the INSERT itself, so a row lands in the cycle that is open when it commits,
# however a concurrent `cycle close` interleaves (agent/retraining/cycles.py).
_OPEN_CYCLE = "(SELECT value FROM meta WHERE key='open_cycle')"


Redactor = Callable[[dict[str, Any]], dict[str, Any]]


class FlagQueue:
    name = "sqlite"
    # A reviewer's tool holding the lock, an I/O hiccup: retried; anything else is a bug to surface.
    transient: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)

    def __init__(
        self,
        path: str | Path,
        *,
        config_hash: str = "",
        detector_versions: dict[str, str] | None = None,
        synchronous: str = "FULL",
        busy_timeout_ms: int = 5000,
        redactor: Redactor | None = None,
    ) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.config_hash = config_hash
        self.detector_versions = json.dumps(detector_versions or {}, sort_keys=True)
        self.redactor = redactor
        self._busy_timeout_ms = busy_timeout_ms
        self._conn = self._connect()
        self._conn.execute(f"PRAGMA synchronous={synchronous}")
        self._conn.isolation_level = None
        try:
            self.migrated_from = migrate(self._conn, str(self.path))
        except BaseException:
            self._conn.close()
            raise
        self._conn.isolation_level = "DEFERRED"
        # The scrape thread reads queue depth on its own connection; WAL lets it run beside writes.
        self._read_lock = threading.Lock()
        self._read_conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=self._busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")
        conn.isolation_level = "DEFERRED"
        return conn

    def _row(self, flag: FlagRecord, now: float) -> dict[str, Any]:
        flagged_by = sorted({f.detector for f in flag.findings if f.flagged})
        categories = sorted({f.category for f in flag.findings if f.flagged})
        return {
            "sample_id": flag.sample.id,
            "model": flag.sample.model,
            "sample_ts": flag.sample.ts,
            "flagged_at": now,
            "score": flag.score,
            "detectors": json.dumps(flagged_by),
            "categories": json.dumps(categories),
            "groups": json.dumps(list(flag.groups)),
            "sample": json.dumps(flag.sample.to_dict(), ensure_ascii=False),
            "findings": json.dumps([f.to_dict() for f in flag.findings], ensure_ascii=False),
            "source": flag.record.source,
            "position": flag.record.position,
            "config_hash": self.config_hash,
            "detector_versions": self.detector_versions,
            "agent_version": __version__,
            "fully_analysed": int(flag.fully_analysed),
            "redaction": json.dumps(dict(flag.redaction), sort_keys=True) if flag.redaction else _NOT_REDACTED,
        }

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        """Store a batch in one transaction; on return it is durable. Existing sample ids are kept as they are."""
        now = time.time()
        rows = [self._row(f, now) for f in flags]
        if self.redactor is not None:
            rows = [self.redactor(r) for r in rows]
        inserted = 0
        dl_inserted = 0
        with self._conn:
            if rows:
                cols = list(rows[0])
                sql = (
                    f"INSERT INTO flagged ({', '.join(cols)}, cycle_id) "
                    f"VALUES ({', '.join(':' + c for c in cols)}, {_OPEN_CYCLE}) "
                    "ON CONFLICT (sample_id) DO NOTHING"
                )
                before = self._conn.total_changes
                self._conn.executemany(sql, rows)
                inserted = self._conn.total_changes - before
            if dead_letters:
                before = self._conn.total_changes
                self._conn.executemany(
                    "INSERT INTO dead_letters (source, position, reason, message, payload, payload_sha256, "
                    "received_at, dead_at, redaction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (
                            d.record.source,
                            d.record.position,
                            d.reason,
                            safe_text(d.message),
                            d.record.payload,
                            hashlib.sha256(d.record.payload).hexdigest(),
                            d.record.received_at,
                            now,
                            json.dumps(dict(d.redaction), sort_keys=True) if d.redaction else _NOT_REDACTED,
                        )
                        for d in dead_letters
                    ],
                )
                dl_inserted = self._conn.total_changes - before
        return WriteResult(inserted, len(rows) - inserted, dl_inserted)

    def published(self, sink: str, sample_ids: Sequence[str]) -> set[str]:
        """Which of these flags `sink` has already acknowledged (see agent/sinks/outbox.py)."""
        if not sample_ids:
            return set()
        found: set[str] = set()
        ids = list(sample_ids)
        for i in range(0, len(ids), 500):  # SQLite's bound-parameter limit
            chunk = ids[i : i + 500]
            rows = self._conn.execute(
                f"SELECT sample_id FROM published WHERE sink=? AND sample_id IN ({', '.join('?' * len(chunk))})",
                [sink, *chunk],
            )
            found.update(str(r[0]) for r in rows)
        return found

    def mark_published(self, sink: str, sample_ids: Sequence[str]) -> None:
        now = time.time()
        with self._conn:
            self._conn.executemany(
                "INSERT INTO published (sample_id, sink, published_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(sid, sink, now) for sid in sample_ids],
            )

    def depth(self) -> dict[str, int]:
        """Rows per status, for the queue-depth gauge."""
        with self._read_lock:
            if self._read_conn is None:
                self._read_conn = self._connect()
            rows = self._read_conn.execute("SELECT status, COUNT(*) FROM flagged GROUP BY status").fetchall()
        counts = dict.fromkeys(STATUSES, 0)
        counts.update({str(s): int(n) for s, n in rows})
        return counts

    def set_status(self, sample_ids: Sequence[str], status: str, note: str | None = None) -> int:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
        with self._conn:
            cur = self._conn.executemany(
                "UPDATE flagged SET status=?, status_updated_at=?, reviewer_note=COALESCE(?, reviewer_note) "
                "WHERE sample_id=?",
                [(status, time.time(), note, sid) for sid in sample_ids],
            )
        return cur.rowcount

    def close(self) -> None:
        self._conn.close()
        with self._read_lock:
            if self._read_conn is not None:
                self._read_conn.close()
                self._read_conn = None
