"""Opening the flag queue's SQLite file for the retraining tools (cycles, retention, review, labels,
harvest): WAL, a busy timeout, autocommit with explicit IMMEDIATE transactions, schema migrated."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from agent.errors import BiaswatchError
from agent.sinks.queue_schema import migrate


def connect(path: str | Path, busy_timeout_ms: int = 5000, *, create: bool = False) -> sqlite3.Connection:
    p = Path(path)
    if not create and not p.exists():
        raise BiaswatchError(f"{p}: no flag queue here (queue.sqlite.path)")
    try:
        conn = sqlite3.connect(p, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        migrate(conn, str(p))
    except sqlite3.Error as exc:
        raise BiaswatchError(f"{p}: cannot open the flag queue: {exc}") from None
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the lock up front, so reads inside it see what it then writes over."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
