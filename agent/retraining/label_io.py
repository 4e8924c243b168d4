"""`biaswatch labels export/import`: flags and their labels as JSONL or CSV for annotation tools
(Label Studio, Argilla), and decisions read back with validation and conflict reporting.

Export writes one record per flag (JSONL: its labels as a list) or one row per flag and label (CSV).
Import takes the same shapes (extra columns are ignored); it validates every row first and writes
nothing when one is invalid. A label that contradicts another reviewer's is stored beside it and
reported, the flag's status left as it was; a reviewer's label that would change their own earlier
decision is refused unless `--overwrite`.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from agent.errors import UsageError
from agent.retraining.labels import Conflict, Label, labels_for, record

# What annotation tools write for a decision, mapped to ours.
STATUS_ALIASES = {
    "accepted": "accepted",
    "accept": "accepted",
    "biased": "accepted",
    "yes": "accepted",
    "true": "accepted",
    "1": "accepted",
    "rejected": "rejected",
    "reject": "rejected",
    "false_positive": "rejected",
    "benign": "rejected",
    "no": "rejected",
    "false": "rejected",
    "0": "rejected",
}
CSV_COLUMNS = [
    "sample_id",
    "cycle_id",
    "status",
    "score",
    "groups",
    "categories",
    "detectors",
    "prompt",
    "response",
    "reviewer",
    "label",
    "category",
    "label_groups",
    "corrected_response",
    "note",
]


def _flags(conn: sqlite3.Connection, status: str | None, cycle: str | None) -> Iterator[sqlite3.Row]:
    clauses, params = [], []
    if status is not None:
        clauses.append("status=?")
        params.append(status)
    if cycle is not None:
        clauses.append("cycle_id=?")
        params.append(cycle)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    yield from conn.execute(
        "SELECT sample_id, cycle_id, status, score, groups, categories, detectors, sample FROM flagged"
        f"{where} ORDER BY flagged_at, sample_id",
        params,
    )


def _prompt(sample: dict[str, Any]) -> str:
    if "prompt" in sample:
        return str(sample["prompt"])
    return "\n".join(str(m.get("content", "")) for m in sample.get("messages") or [] if m.get("role") != "assistant")


def export(
    conn: sqlite3.Connection, out: IO[str], fmt: str, status: str | None = None, cycle: str | None = None
) -> int:
    rows = list(_flags(conn, status, cycle))
    by_sample: dict[str, list[Label]] = {}
    for lab in labels_for(conn, [r["sample_id"] for r in rows]):
        by_sample.setdefault(lab.sample_id, []).append(lab)
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for r in rows:
        sample = json.loads(r["sample"])
        base = {
            "sample_id": r["sample_id"],
            "cycle_id": r["cycle_id"],
            "status": r["status"],
            "score": round(float(r["score"]), 6),
            "groups": json.loads(r["groups"]),
            "categories": json.loads(r["categories"]),
            "detectors": json.loads(r["detectors"]),
            "prompt": _prompt(sample),
            "response": str(sample.get("response", "")),
        }
        labs = by_sample.get(r["sample_id"], [])
        if writer is None:
            entry = {**base, "labels": [_label_dict(lab) for lab in labs]}
            out.write(json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n")
            continue
        flat = {**base, **{k: ";".join(base[k]) for k in ("groups", "categories", "detectors")}}
        choices: list[Label | None] = list(labs) or [None]
        for choice in choices:
            writer.writerow({**flat, **_label_columns(choice)})
    return len(rows)


def _label_dict(lab: Label) -> dict[str, Any]:
    d = lab.to_dict()
    d.pop("sample_id")
    d["label"] = d.pop("status")
    return d


def _label_columns(lab: Label | None) -> dict[str, str]:
    if lab is None:
        return dict.fromkeys(["reviewer", "label", "category", "label_groups", "corrected_response", "note"], "")
    return {
        "reviewer": lab.reviewer,
        "label": lab.status,
        "category": lab.category or "",
        "label_groups": ";".join(lab.groups or ()),
        "corrected_response": lab.corrected_response or "",
        "note": lab.note or "",
    }


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    unchanged: int = 0
    skipped_unlabelled: int = 0
    errors: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # own earlier decisions that would change

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "imported": self.imported,
            "unchanged": self.unchanged,
            "skipped_unlabelled": self.skipped_unlabelled,
            "errors": self.errors,
            "conflicts": [
                {"sample_id": c.sample_id, "labels": c.labels, "status": c.stored_status} for c in self.conflicts
            ],
            "refused": self.refused,
        }


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for JSONL (labels expanded) or CSV."""
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        if path.suffix.lower() == ".csv":
            for i, row in enumerate(csv.DictReader(fh), start=2):
                yield i, dict(row)
            return
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield i, {"__error__": f"not JSON ({exc.msg})"}
                continue
            if not isinstance(obj, dict):
                yield i, {"__error__": "not a JSON object"}
                continue
            labs = obj.get("labels")
            if isinstance(labs, list):
                for lab in labs:
                    yield (
                        i,
                        {
                            "sample_id": obj.get("sample_id"),
                            **(lab if isinstance(lab, dict) else {"__error__": "label is not an object"}),
                        },
                    )
            else:
                yield i, obj


def _groups(value: Any) -> tuple[str, ...] | None:
    if value in (None, ""):
        return None
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return tuple(g.strip() for g in str(value).replace(",", ";").split(";") if g.strip())


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def parse(path: Path, default_reviewer: str | None, known: set[str]) -> tuple[list[Label], ImportReport]:
    report = ImportReport()
    out: list[Label] = []
    origin = f"import:{path.name}"
    for line, row in _rows(path):
        report.read += 1
        if "__error__" in row:
            report.errors.append(f"line {line}: {row['__error__']}")
            continue
        sid = row.get("sample_id")
        raw = row.get("label", row.get("status_label"))
        if raw in (None, ""):
            report.skipped_unlabelled += 1
            continue
        status = STATUS_ALIASES.get(str(raw).strip().lower())
        reviewer = _text(row.get("reviewer")) or default_reviewer
        if not sid or str(sid) not in known:
            report.errors.append(f"line {line}: unknown sample id {sid!r}")
        elif status is None:
            report.errors.append(f"line {line}: label {raw!r} is not one of {', '.join(sorted(set(STATUS_ALIASES)))}")
        elif not reviewer:
            report.errors.append(f"line {line}: no reviewer (a `reviewer` column or --reviewer)")
        else:
            when = row.get("labelled_at")
            out.append(
                Label(
                    sample_id=str(sid),
                    reviewer=reviewer,
                    status=status,
                    category=_text(row.get("category")),
                    groups=_groups(row.get("label_groups", row.get("groups_label"))),
                    corrected_response=_text(row.get("corrected_response")),
                    note=_text(row.get("note")),
                    labelled_at=float(when) if when not in (None, "") else time.time(),
                    origin=origin,
                )
            )
    return out, report


def import_labels(
    conn: sqlite3.Connection, path: Path, default_reviewer: str | None, *, overwrite: bool = False
) -> ImportReport:
    known = {str(r[0]) for r in conn.execute("SELECT sample_id FROM flagged")}
    parsed, report = parse(path, default_reviewer, known)
    if report.errors:
        return report  # all or nothing: fix the file, then import again
    existing = {(lab.sample_id, lab.reviewer): lab for lab in labels_for(conn, [p.sample_id for p in parsed])}
    todo = []
    for lab in parsed:
        prior = existing.get((lab.sample_id, lab.reviewer))
        if prior is not None and _same(prior, lab):
            report.unchanged += 1
        elif prior is not None and prior.status != lab.status and not overwrite:
            report.refused.append(f"{lab.sample_id}: {lab.reviewer} said {prior.status}, the file says {lab.status}")
        else:
            todo.append(lab)
    report.conflicts = record(conn, todo)
    report.imported = len(todo)
    return report


def _same(a: Label, b: Label) -> bool:
    keys = ("status", "category", "groups", "corrected_response", "note")
    return all(getattr(a, k) == getattr(b, k) for k in keys)
