"""Queue retention: pending flags past their TTL or beyond the size cap (oldest first), dead letters by
age, and the publish outbox entries of evicted rows. Reviewed flags (accepted, rejected, harvested)
and their labels are never evicted: they are what the next fine-tune learns from."""

from __future__ import annotations

import sqlite3
import time

from agent.config import RetentionConfig
from agent.retraining.store import immediate

DAY = 86400.0


def apply(conn: sqlite3.Connection, config: RetentionConfig, now: float | None = None) -> dict[str, int]:
    """Evict in one transaction; returns counts per kind (also appended to `retention_log`)."""
    now = time.time() if now is None else now
    counts = {"pending_ttl": 0, "pending_cap": 0, "dead_letters": 0, "published": 0}
    with immediate(conn):
        if config.pending_ttl_days is not None:
            cur = conn.execute(
                "DELETE FROM flagged WHERE status='pending' AND flagged_at < ?", (now - config.pending_ttl_days * DAY,)
            )
            counts["pending_ttl"] = cur.rowcount
        if config.max_rows is not None:
            total = int(conn.execute("SELECT COUNT(*) FROM flagged").fetchone()[0])
            excess = total - config.max_rows
            if excess > 0:
                cur = conn.execute(
                    "DELETE FROM flagged WHERE sample_id IN (SELECT sample_id FROM flagged WHERE status='pending' "
                    "ORDER BY flagged_at, sample_id LIMIT ?)",
                    (excess,),
                )
                counts["pending_cap"] = cur.rowcount
        if config.dead_letter_ttl_days is not None:
            cur = conn.execute("DELETE FROM dead_letters WHERE dead_at < ?", (now - config.dead_letter_ttl_days * DAY,))
            counts["dead_letters"] = cur.rowcount
        # Outbox entries of rows that no longer exist: a redelivery of an evicted sample is then
        # published again, as it is written to the queue again.
        cur = conn.execute("DELETE FROM published WHERE sample_id NOT IN (SELECT sample_id FROM flagged)")
        counts["published"] = cur.rowcount
        conn.execute(
            "INSERT INTO retention_log (ran_at, pending_ttl, pending_cap, dead_letters, published) "
            "VALUES (?, ?, ?, ?, ?)",
            (now, counts["pending_ttl"], counts["pending_cap"], counts["dead_letters"], counts["published"]),
        )
    return counts
