"""What the review tool reads: pending flags matching the filters, one at a time, oldest first.

Resuming is a property of the data: decisions are stored as they are made, and a flag this reviewer
already labelled is not offered again, so a restarted session continues where the last one stopped.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Filters:
    cycle: str | None = None
    group: str | None = None
    detector: str | None = None
    min_score: float | None = None
    max_score: float | None = None


@dataclass(frozen=True)
class ReviewItem:
    sample_id: str
    cycle_id: str
    model: str
    score: float
    detectors: list[str]
    categories: list[str]
    groups: list[str]
    sample: dict[str, Any]
    findings: list[dict[str, Any]]
    redaction: dict[str, Any]

    @property
    def prompt(self) -> str:
        if "prompt" in self.sample:
            return str(self.sample["prompt"])
        return "\n".join(
            str(m.get("content", ""))
            for m in self.sample.get("messages") or []
            if m.get("role") != "assistant" and isinstance(m.get("content"), str)
        )

    @property
    def response(self) -> str:
        return str(self.sample.get("response", ""))

    def spans(self, field: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every evidence span over `field`, for highlighting."""
        out = []
        for f in self.findings:
            for e in f.get("evidence", []):
                if e.get("field") == field and e.get("span"):
                    s, t = e["span"]
                    out.append((int(s), int(t), str(e.get("kind", ""))))
        return out


def _where(filters: Filters, reviewer: str) -> tuple[str, list[Any]]:
    clauses = [
        "f.status='pending'",
        "NOT EXISTS (SELECT 1 FROM labels l WHERE l.sample_id=f.sample_id AND l.reviewer=?)",
    ]
    params: list[Any] = [reviewer]
    if filters.cycle is not None:
        clauses.append("f.cycle_id=?")
        params.append(filters.cycle)
    if filters.group is not None:
        clauses.append("EXISTS (SELECT 1 FROM json_each(f.groups) WHERE value=?)")
        params.append(filters.group)
    if filters.detector is not None:
        clauses.append("EXISTS (SELECT 1 FROM json_each(f.detectors) WHERE value=?)")
        params.append(filters.detector)
    if filters.min_score is not None:
        clauses.append("f.score>=?")
        params.append(filters.min_score)
    if filters.max_score is not None:
        clauses.append("f.score<=?")
        params.append(filters.max_score)
    return " AND ".join(clauses), params


def pending(conn: sqlite3.Connection, filters: Filters, reviewer: str) -> list[str]:
    where, params = _where(filters, reviewer)
    rows = conn.execute(f"SELECT f.sample_id FROM flagged f WHERE {where} ORDER BY f.flagged_at, f.sample_id", params)
    return [str(r[0]) for r in rows]


def load(conn: sqlite3.Connection, sample_id: str) -> ReviewItem:
    r = conn.execute(
        "SELECT sample_id, cycle_id, model, score, detectors, categories, groups, sample, findings, redaction "
        "FROM flagged WHERE sample_id=?",
        (sample_id,),
    ).fetchone()
    if r is None:
        raise KeyError(sample_id)
    return ReviewItem(
        sample_id=str(r[0]),
        cycle_id=str(r[1]),
        model=str(r[2]),
        score=float(r[3]),
        detectors=json.loads(r[4]),
        categories=json.loads(r[5]),
        groups=json.loads(r[6]),
        sample=json.loads(r[7]),
        findings=json.loads(r[8]),
        redaction=json.loads(r[9]),
    )
