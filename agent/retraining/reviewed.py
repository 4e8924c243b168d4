"""Reviewed flags as training rows for the embedding detector's head (`train-detector --reviewed`).

An accepted flag is a biased example, a rejected one (a false positive) a benign example: the
detector learns from its own reviewed mistakes. Flags whose reviewers disagree are left out, as
are pending ones. The text is the stored (redacted) response the detector scored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from agent.retraining.store import connect


class ReviewedRow(NamedTuple):
    text: str
    label: int  # 1 biased (accepted), 0 benign (rejected)
    sample_id: str
    groups: tuple[str, ...]


def reviewed_rows(queue: str | Path) -> list[ReviewedRow]:
    """Unanimously labelled flags of the queue file, oldest first."""
    conn = connect(queue)
    try:
        rows = conn.execute(
            "SELECT f.sample_id, f.sample, f.groups, MIN(l.status), COUNT(DISTINCT l.status) FROM flagged f "
            "JOIN labels l USING (sample_id) GROUP BY f.sample_id ORDER BY f.flagged_at, f.sample_id"
        ).fetchall()
    finally:
        conn.close()
    out = []
    for sid, sample, groups, status, distinct in rows:
        if distinct != 1:
            continue
        text = str(json.loads(sample).get("response", ""))
        if text.strip():
            out.append(ReviewedRow(text, int(status == "accepted"), str(sid), tuple(json.loads(groups))))
    return out
