"""Reviewer labels on flagged samples: one row per (sample, reviewer) in the `labels` table, the
sample's status resolved from them, and agreement between reviewers (Cohen's kappa).

A sample's status follows its labels only while they agree; when reviewers disagree the status stays
where it was and the sample is reported as a conflict, so a second opinion never silently overwrites
the first.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from agent.retraining.store import immediate
from agent.sinks.queue_schema import LABEL_STATUSES


@dataclass(frozen=True)
class Label:
    sample_id: str
    reviewer: str
    status: str
    category: str | None = None
    groups: tuple[str, ...] | None = None
    corrected_response: str | None = None
    note: str | None = None
    labelled_at: float = field(default_factory=time.time)
    origin: str = "review"

    def __post_init__(self) -> None:
        if self.status not in LABEL_STATUSES:
            raise ValueError(f"status must be one of {', '.join(LABEL_STATUSES)}, got {self.status!r}")
        if not self.reviewer.strip():
            raise ValueError("a label needs a reviewer id")

    def to_dict(self) -> dict[str, Any]:
        return {
            "sample_id": self.sample_id,
            "reviewer": self.reviewer,
            "status": self.status,
            "category": self.category,
            "groups": list(self.groups) if self.groups is not None else None,
            "corrected_response": self.corrected_response,
            "note": self.note,
            "labelled_at": self.labelled_at,
            "origin": self.origin,
        }


@dataclass
class Conflict:
    sample_id: str
    labels: dict[str, str]  # reviewer -> status
    stored_status: str


def _row_label(r: sqlite3.Row) -> Label:
    return Label(
        sample_id=r["sample_id"],
        reviewer=r["reviewer"],
        status=r["status"],
        category=r["category"],
        groups=tuple(json.loads(r["groups"])) if r["groups"] is not None else None,
        corrected_response=r["corrected_response"],
        note=r["note"],
        labelled_at=float(r["labelled_at"]),
        origin=r["origin"],
    )


def labels_for(conn: sqlite3.Connection, sample_ids: Sequence[str] | None = None) -> list[Label]:
    if sample_ids is None:
        rows = conn.execute("SELECT * FROM labels ORDER BY sample_id, reviewer").fetchall()
    else:
        rows = []
        ids = list(sample_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows += conn.execute(
                f"SELECT * FROM labels WHERE sample_id IN ({', '.join('?' * len(chunk))}) ORDER BY sample_id, reviewer",
                chunk,
            ).fetchall()
    return [_row_label(r) for r in rows]


def _upsert(conn: sqlite3.Connection, label: Label) -> None:
    conn.execute(
        "INSERT INTO labels (sample_id, reviewer, status, category, groups, corrected_response, note, labelled_at, "
        "origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sample_id, reviewer) DO UPDATE SET "
        "status=excluded.status, category=excluded.category, groups=excluded.groups, "
        "corrected_response=excluded.corrected_response, note=excluded.note, labelled_at=excluded.labelled_at, "
        "origin=excluded.origin",
        (
            label.sample_id,
            label.reviewer,
            label.status,
            label.category,
            json.dumps(list(label.groups)) if label.groups is not None else None,
            label.corrected_response,
            label.note,
            label.labelled_at,
            label.origin,
        ),
    )


def _resolve(conn: sqlite3.Connection, sample_id: str, now: float) -> Conflict | None:
    statuses = {
        str(r[0]): str(r[1])
        for r in conn.execute("SELECT reviewer, status FROM labels WHERE sample_id=?", (sample_id,)).fetchall()
    }
    row = conn.execute("SELECT status FROM flagged WHERE sample_id=?", (sample_id,)).fetchone()
    stored = str(row[0])
    if len(set(statuses.values())) > 1:
        return Conflict(sample_id, statuses, stored)
    if statuses and stored != "harvested":
        (status,) = set(statuses.values())
        notes = conn.execute(
            "SELECT note FROM labels WHERE sample_id=? AND note IS NOT NULL ORDER BY labelled_at DESC LIMIT 1",
            (sample_id,),
        ).fetchone()
        conn.execute(
            "UPDATE flagged SET status=?, status_updated_at=?, reviewer_note=COALESCE(?, reviewer_note) "
            "WHERE sample_id=?",
            (status, now, notes[0] if notes else None, sample_id),
        )
    return None


def record(conn: sqlite3.Connection, labels: Iterable[Label]) -> list[Conflict]:
    """Store labels (a reviewer's newer label replaces their older one) and resolve each sample's status."""
    now = time.time()
    conflicts: list[Conflict] = []
    with immediate(conn):
        touched: list[str] = []
        for label in labels:
            if conn.execute("SELECT 1 FROM flagged WHERE sample_id=?", (label.sample_id,)).fetchone() is None:
                raise KeyError(label.sample_id)
            _upsert(conn, label)
            touched.append(label.sample_id)
        for sid in dict.fromkeys(touched):
            c = _resolve(conn, sid, now)
            if c is not None:
                conflicts.append(c)
    return conflicts


def conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    rows = conn.execute(
        "SELECT l.sample_id, l.reviewer, l.status, f.status FROM labels l JOIN flagged f USING (sample_id) "
        "WHERE l.sample_id IN (SELECT sample_id FROM labels GROUP BY sample_id HAVING COUNT(DISTINCT status) > 1) "
        "ORDER BY l.sample_id, l.reviewer"
    ).fetchall()
    out: dict[str, Conflict] = {}
    for sid, reviewer, status, stored in rows:
        out.setdefault(sid, Conflict(sid, {}, stored)).labels[reviewer] = status
    return list(out.values())


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa over paired decisions; None with no pairs, 1.0 when both always agree on one class."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    expected = sum(left[c] * right[c] for c in set(left) | set(right)) / (n * n)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def agreement(conn: sqlite3.Connection) -> dict[str, Any]:
    """Kappa for every pair of reviewers who labelled the same samples, and a sample-weighted mean."""
    by_sample: dict[str, dict[str, str]] = {}
    for sid, reviewer, status in conn.execute("SELECT sample_id, reviewer, status FROM labels"):
        by_sample.setdefault(sid, {})[reviewer] = status
    multi = {s: r for s, r in by_sample.items() if len(r) > 1}
    reviewers = sorted({rv for r in multi.values() for rv in r})
    pairs_out = []
    weighted = 0.0
    total = 0
    for a, b in combinations(reviewers, 2):
        pairs = [(r[a], r[b]) for r in multi.values() if a in r and b in r]
        k = cohen_kappa(pairs)
        if k is None:
            continue
        pairs_out.append({"reviewers": [a, b], "samples": len(pairs), "kappa": round(k, 4)})
        weighted += k * len(pairs)
        total += len(pairs)
    return {
        "samples_with_several_labels": len(multi),
        "pairs": pairs_out,
        "mean_kappa": round(weighted / total, 4) if total else None,
    }
