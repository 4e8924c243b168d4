"""The flag queue's SQLite schema and its migrations, keyed by `meta.schema_version`.

Version 1 is the first release (flags, dead letters, the publish outbox). Version 2 adds what the
retraining loop needs: the redaction summary on every row, retraining cycles, reviewer labels (several
per sample), harvest marks and a retention log. A migration runs in one IMMEDIATE transaction, so a
file is either wholly at the old version or wholly at the new one.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from agent.errors import QueueSchemaError

SCHEMA_VERSION = 2
STATUSES = ("pending", "accepted", "rejected", "harvested")
LABEL_STATUSES = ("accepted", "rejected")
FIRST_CYCLE = "cycle-0001"
_NOT_REDACTED = '{"enabled": false}'

_STATUS_CHECK = ", ".join(repr(s) for s in STATUSES)

# Version 1 as released, kept verbatim: a new file is created at 1 and migrated like an old one, so
# the migration path is exercised on every start.
SCHEMA_V1 = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS flagged (
    sample_id TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ({_STATUS_CHECK})),
    model TEXT NOT NULL,
    sample_ts REAL NOT NULL,
    flagged_at REAL NOT NULL,
    score REAL NOT NULL,
    detectors TEXT NOT NULL,
    categories TEXT NOT NULL,
    groups TEXT NOT NULL,
    sample TEXT NOT NULL,
    findings TEXT NOT NULL,
    source TEXT NOT NULL,
    position TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    detector_versions TEXT NOT NULL,
    agent_version TEXT NOT NULL,
    fully_analysed INTEGER NOT NULL DEFAULT 1,
    status_updated_at REAL,
    reviewer_note TEXT
);
CREATE INDEX IF NOT EXISTS flagged_status ON flagged (status);
CREATE INDEX IF NOT EXISTS flagged_at ON flagged (flagged_at);
CREATE TABLE IF NOT EXISTS dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    position TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    payload BLOB NOT NULL,
    payload_sha256 TEXT NOT NULL,
    received_at REAL NOT NULL,
    dead_at REAL NOT NULL,
    UNIQUE (source, position, payload_sha256)
);
CREATE INDEX IF NOT EXISTS dead_letters_reason ON dead_letters (reason);
CREATE TABLE IF NOT EXISTS published (
    sample_id TEXT NOT NULL,
    sink TEXT NOT NULL,
    published_at REAL NOT NULL,
    PRIMARY KEY (sample_id, sink)
) WITHOUT ROWID;
"""


def _script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() commits any open transaction first; statements one by one keep the migration atomic.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    now = time.time()
    _script(
        conn,
        f"""
        ALTER TABLE flagged ADD COLUMN redaction TEXT NOT NULL DEFAULT '{_NOT_REDACTED}';
        ALTER TABLE flagged ADD COLUMN cycle_id TEXT;
        ALTER TABLE flagged ADD COLUMN harvested_at REAL;
        ALTER TABLE flagged ADD COLUMN harvest_id TEXT;
        ALTER TABLE dead_letters ADD COLUMN redaction TEXT NOT NULL DEFAULT '{_NOT_REDACTED}';
        CREATE INDEX IF NOT EXISTS flagged_cycle ON flagged (cycle_id, status);
        CREATE INDEX IF NOT EXISTS dead_letters_dead_at ON dead_letters (dead_at);
        CREATE TABLE cycles (
            cycle_id TEXT PRIMARY KEY,
            opened_at REAL NOT NULL,
            closed_at REAL,
            closed_by TEXT,
            samples INTEGER
        );
        CREATE TABLE labels (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sample_id TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
            category TEXT,
            groups TEXT,
            corrected_response TEXT,
            note TEXT,
            labelled_at REAL NOT NULL,
            origin TEXT NOT NULL DEFAULT 'review',
            UNIQUE (sample_id, reviewer)
        );
        CREATE INDEX labels_sample ON labels (sample_id);
        CREATE TABLE retention_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ran_at REAL NOT NULL,
            pending_ttl INTEGER NOT NULL,
            pending_cap INTEGER NOT NULL,
            dead_letters INTEGER NOT NULL,
            published INTEGER NOT NULL
        );
        """,
    )
    # Rows from before cycles existed belong to the first cycle, which stays open.
    conn.execute("INSERT INTO cycles (cycle_id, opened_at) VALUES (?, ?)", (FIRST_CYCLE, now))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('open_cycle', ?)", (FIRST_CYCLE,))
    conn.execute("UPDATE flagged SET cycle_id=? WHERE cycle_id IS NULL", (FIRST_CYCLE,))
    # A v1 reviewer's decision becomes a label by an unnamed reviewer, so harvests and exports see it.
    conn.execute(
        "INSERT INTO labels (sample_id, reviewer, status, note, labelled_at, origin) "
        "SELECT sample_id, 'unknown', status, reviewer_note, COALESCE(status_updated_at, flagged_at), 'v1' "
        "FROM flagged WHERE status IN ('accepted', 'rejected')"
    )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2}


def current_version(conn: sqlite3.Connection) -> int | None:
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if not has_meta:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else None


def migrate(conn: sqlite3.Connection, path: str = "") -> list[int]:
    """Create or upgrade the schema to SCHEMA_VERSION; returns the versions migrated from."""
    done: list[int] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = current_version(conn)
        if version is None:
            _script(conn, SCHEMA_V1)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', '1')")
            version = 1
        if version > SCHEMA_VERSION:
            raise QueueSchemaError(
                f"{path}: queue schema {version} is newer than this agent's {SCHEMA_VERSION}; upgrade biaswatch"
            )
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            done.append(version)
            version += 1
            conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done
