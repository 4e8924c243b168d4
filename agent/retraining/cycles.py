"""Retraining cycles: every queued flag belongs to the cycle open when it was written; closing a cycle
opens the next one in the same transaction, so no concurrent write can fall between the two."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from agent.retraining.store import immediate


@dataclass(frozen=True)
class Cycle:
    cycle_id: str
    opened_at: float
    closed_at: float | None
    closed_by: str | None
    samples: int


def next_id(cycle_id: str) -> str:
    prefix, _, number = cycle_id.rpartition("-")
    return f"{prefix}-{int(number) + 1:04d}"


def open_cycle(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key='open_cycle'").fetchone()
    return str(row[0])


def close(conn: sqlite3.Connection, closed_by: str) -> tuple[Cycle, str]:
    """Close the open cycle; returns it (with its sample count) and the id of the cycle now open."""
    now = time.time()
    with immediate(conn):
        current = open_cycle(conn)
        samples = int(conn.execute("SELECT COUNT(*) FROM flagged WHERE cycle_id=?", (current,)).fetchone()[0])
        conn.execute(
            "UPDATE cycles SET closed_at=?, closed_by=?, samples=? WHERE cycle_id=?", (now, closed_by, samples, current)
        )
        new = next_id(current)
        conn.execute("INSERT INTO cycles (cycle_id, opened_at) VALUES (?, ?)", (new, now))
        conn.execute("UPDATE meta SET value=? WHERE key='open_cycle'", (new,))
        opened = float(conn.execute("SELECT opened_at FROM cycles WHERE cycle_id=?", (current,)).fetchone()[0])
    return Cycle(current, opened, now, closed_by, samples), new


def list_cycles(conn: sqlite3.Connection) -> list[Cycle]:
    rows = conn.execute(
        "SELECT c.cycle_id, c.opened_at, c.closed_at, c.closed_by, "
        "COALESCE(c.samples, (SELECT COUNT(*) FROM flagged f WHERE f.cycle_id=c.cycle_id)) "
        "FROM cycles c ORDER BY c.cycle_id"
    ).fetchall()
    return [Cycle(str(r[0]), float(r[1]), r[2], r[3], int(r[4])) for r in rows]


def is_closed(conn: sqlite3.Connection, cycle_id: str) -> bool | None:
    row = conn.execute("SELECT closed_at FROM cycles WHERE cycle_id=?", (cycle_id,)).fetchone()
    if row is None:
        return None
    return row[0] is not None
