"""`biaswatch harvest`: reviewed flags of a cycle turned into fine-tuning data.

Selection (accepted; pending on request), exact and near-duplicate removal, a cap on each identity
group's share, counterfactual variants for the groups of the same axis, then the files: `samples.jsonl`
(every row with its label and provenance), `sft.jsonl` (chat `messages`, the reviewer's corrected
response as the assistant turn), `preferences.jsonl` (prompt/chosen/rejected), and `manifest.json`
(counts, balance before/after, provenance, redaction summary, sha256 of each file).

Everything is ordered by sample id and seeded, and no file holds the time of the run, so harvesting a
closed cycle again writes the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import sqlite3
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from agent.config import AgentConfig, HarvestConfig
from agent.errors import UsageError
from agent.retraining import cycles
from agent.retraining.counterfactual import Counterfactuals
from agent.retraining.store import connect, immediate
from agent.version import __version__
from detectors.taxonomy import Taxonomy

Embed = Callable[[list[str]], Any]
NONE_GROUP = "(none)"


@dataclass(frozen=True)
class Row:
    sample_id: str
    status: str  # accepted | pending | rejected (matched benign)
    prompt: str
    response: str
    corrected: str | None
    groups: tuple[str, ...]
    detectors: tuple[str, ...]
    category: str
    score: float
    augmented: bool = False
    source_id: str | None = None
    swap: tuple[str, str] | None = None
    redaction: dict[str, Any] = field(default_factory=dict)

    @property
    def row_id(self) -> str:
        return self.sample_id if not self.augmented else f"{self.source_id}~{self.swap[1] if self.swap else ''}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.row_id,
            "source_id": self.source_id,
            "augmented": self.augmented,
            "swap": list(self.swap) if self.swap else None,
            "status": self.status,
            "label": "benign" if self.status == "rejected" else "biased",
            "prompt": self.prompt,
            "response": self.response,
            "corrected_response": self.corrected,
            "groups": list(self.groups),
            "detectors": list(self.detectors),
            "category": self.category,
            "score": round(self.score, 6),
        }


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s<>]", " ", text)).strip()


def _select(conn: sqlite3.Connection, cycle: str, statuses: Sequence[str]) -> list[Row]:
    marks = [f"{cycle}:{s}" for s in statuses]
    rows = conn.execute(
        f"SELECT sample_id, status, sample, groups, detectors, categories, score, redaction, harvest_id FROM flagged "
        f"WHERE cycle_id=? AND (status IN ({', '.join('?' * len(statuses))}) "
        f"OR (status='harvested' AND harvest_id IN ({', '.join('?' * len(marks))}))) ORDER BY sample_id",
        [cycle, *statuses, *marks],
    ).fetchall()
    out = []
    for sid, status, sample, groups, detectors, categories, score, redaction, mark in rows:
        s = json.loads(sample)
        latest = conn.execute(
            "SELECT category, groups, corrected_response FROM labels WHERE sample_id=? "
            "ORDER BY labelled_at DESC, reviewer",
            (sid,),
        ).fetchall()
        category = next((r[0] for r in latest if r[0]), None) or (json.loads(categories) or ["other"])[0]
        relabelled = next((json.loads(r[1]) for r in latest if r[1]), None)
        corrected = next((r[2] for r in latest if r[2]), None)
        prompt = s.get("prompt")
        if prompt is None:
            prompt = "\n".join(
                str(m.get("content", "")) for m in s.get("messages") or [] if m.get("role") != "assistant"
            )
        # A row harvested before keeps the status it was harvested with, so a re-run selects it alike.
        harvested_as = str(mark).rsplit(":", 1)[1] if status == "harvested" else status
        out.append(
            Row(
                sample_id=sid,
                status=harvested_as,
                prompt=str(prompt),
                response=str(s.get("response", "")),
                corrected=corrected,
                groups=tuple(relabelled if relabelled is not None else json.loads(groups)),
                detectors=tuple(json.loads(detectors)),
                category=str(category),
                score=float(score),
                redaction=json.loads(redaction),
            )
        )
    return out


def dedup_exact(rows: list[Row]) -> tuple[list[Row], int]:
    seen: set[str] = set()
    kept = []
    for r in rows:
        key = normalise(r.prompt) + "\x00" + normalise(r.response)
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept, len(rows) - len(kept)


def _shingles(text: str) -> set[str]:
    words = normalise(text).split()
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def dedup_near(rows: list[Row], config: HarvestConfig, embed: Embed | None) -> tuple[list[Row], int, str]:
    """Greedy in sample-id order: a row goes when it is too close to one already kept."""
    texts = [f"{r.prompt}\n{r.response}" for r in rows]
    kept: list[int] = []
    if embed is not None and rows:
        vectors = np.asarray(embed(texts), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        for i in range(len(rows)):
            if not kept or float(np.max(vectors[kept] @ vectors[i])) < config.near_duplicate_cosine:
                kept.append(i)
        method = f"embedding cosine >= {config.near_duplicate_cosine}"
    else:
        sh = [_shingles(t) for t in texts]
        for i in range(len(rows)):
            if all(len(sh[i] & sh[j]) / max(1, len(sh[i] | sh[j])) < config.near_duplicate_jaccard for j in kept):
                kept.append(i)
        method = f"word-trigram Jaccard >= {config.near_duplicate_jaccard} (no embedding model configured)"
    return [rows[i] for i in kept], len(rows) - len(kept), method


def _primary(r: Row) -> str:
    return r.groups[0] if r.groups else NONE_GROUP


def group_counts(rows: Sequence[Row]) -> dict[str, int]:
    return dict(sorted(Counter(_primary(r) for r in rows).items()))


def balance(rows: list[Row], share: float) -> tuple[list[Row], int]:
    """Drop rows of the most over-represented group (lowest score first) until no group holds more
    than `share` of the rows, or more than an equal split when there are too few groups for `share`."""
    kept = list(rows)
    while kept:
        counts = Counter(_primary(r) for r in kept)
        cap = max(share, 1.0 / len(counts))
        top, n = max(sorted(counts.items()), key=lambda kv: kv[1])
        if n <= math.floor(cap * len(kept)) or n == 1:
            break
        victim = min((r for r in kept if _primary(r) == top), key=lambda r: (r.score, r.sample_id))
        kept.remove(victim)
    return kept, len(rows) - len(kept)


def augment(rows: list[Row], cf: Counterfactuals, per_sample: int, taxonomy: Taxonomy) -> list[Row]:
    """Counterfactual variants of each row's prompt (and responses) for the least-represented groups
    of the same axis, so augmentation also evens out the groups."""
    counts: Counter[str] = Counter(_primary(r) for r in rows)
    out: list[Row] = []
    for r in rows:
        source = next((g for g in r.groups if cf.mentions_of(r.prompt, g)), None)
        if source is None or per_sample == 0:
            continue
        axis = taxonomy.group_axis[source]
        targets = sorted(
            (g for g in taxonomy.axes[axis] if g != source and g in cf.terms), key=lambda g: (counts[g], g)
        )
        for target in targets[:per_sample]:
            prompt = cf.swap(r.prompt, source, target)
            if prompt == r.prompt:
                continue
            out.append(
                replace(
                    r,
                    prompt=prompt,
                    response=cf.swap(r.response, source, target),
                    corrected=cf.swap(r.corrected, source, target) if r.corrected else None,
                    groups=tuple(target if g == source else g for g in r.groups),
                    augmented=True,
                    source_id=r.sample_id,
                    swap=(source, target),
                )
            )
            counts[target] += 1
    return out


def _jsonl(rows: Sequence[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" for r in rows)


def _sft(rows: Sequence[Row]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        target = r.response if r.status == "rejected" else r.corrected
        if target:
            out.append(
                {
                    "id": r.row_id,
                    "messages": [{"role": "user", "content": r.prompt}, {"role": "assistant", "content": target}],
                    "metadata": {"source_id": r.source_id, "augmented": r.augmented, "groups": list(r.groups)},
                }
            )
    return out


def _preferences(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.row_id,
            "prompt": r.prompt,
            "chosen": r.corrected,
            "rejected": r.response,
            "metadata": {"source_id": r.source_id, "augmented": r.augmented, "groups": list(r.groups)},
        }
        for r in rows
        if r.corrected and r.status != "rejected"
    ]


@dataclass
class HarvestResult:
    out: Path
    manifest: dict[str, Any]


def harvest(
    config: AgentConfig,
    out: Path,
    *,
    cycle: str | None = None,
    include_pending: bool = False,
    embed: Embed | None = None,
    detector_versions: dict[str, str] | None = None,
    rows: list[Row] | None = None,
) -> HarvestResult:
    hc = config.retraining.harvest
    conn = connect(config.queue.sqlite.path, config.queue.sqlite.busy_timeout_ms)
    try:
        if rows is not None:
            # The flagged topic has no cycles: the harvest is named after it and covers all it holds.
            cycle = cycle or f"topic:{config.queue.kafka.topic}"
        cycle = cycle or cycles.open_cycle(conn)
        closed = cycles.is_closed(conn, cycle)
        if closed is None and rows is None:
            raise UsageError(f"no cycle {cycle!r} in {config.queue.sqlite.path}")
        statuses = ["accepted", "pending"] if include_pending else ["accepted"]
        selected = rows if rows is not None else _select(conn, cycle, statuses)
        benign_pool = [] if rows is not None or hc.matched_benign == 0 else _select(conn, cycle, ["rejected"])
        if detector_versions is None:
            detector_versions = _flag_versions(conn, [r.sample_id for r in selected])
        manifest, files, harvested_ids = _build(
            config, hc, cycle, closed, selected, benign_pool, embed, include_pending, detector_versions
        )
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
        (out / "manifest.json").write_bytes(
            (json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
        )
        if rows is None:
            _mark_harvested(conn, cycle, harvested_ids, selected)
    finally:
        conn.close()
    return HarvestResult(out, manifest)


def _flag_versions(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """The detector versions the harvested flags were raised with (several after an upgrade)."""
    seen: dict[str, set[str]] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        q = f"SELECT DISTINCT detector_versions FROM flagged WHERE sample_id IN ({', '.join('?' * len(chunk))})"
        for (raw,) in conn.execute(q, chunk):
            for name, version in json.loads(raw).items():
                seen.setdefault(name, set()).add(str(version))
    return {name: ", ".join(sorted(v)) for name, v in sorted(seen.items())}


def _mark_harvested(conn: sqlite3.Connection, cycle: str, ids: Sequence[str], selected: Sequence[Row]) -> None:
    status_of = {r.sample_id: r.status for r in selected}
    now = time.time()
    with immediate(conn):
        conn.executemany(
            "UPDATE flagged SET status='harvested', harvested_at=?, harvest_id=? "
            "WHERE sample_id=? AND status!='harvested'",
            [(now, f"{cycle}:{status_of[sid]}", sid) for sid in ids],
        )


def _build(
    config: AgentConfig,
    hc: HarvestConfig,
    cycle: str,
    closed: bool | None,
    selected: list[Row],
    benign_pool: list[Row],
    embed: Embed | None,
    include_pending: bool,
    detector_versions: dict[str, str] | None,
) -> tuple[dict[str, Any], dict[str, bytes], list[str]]:
    taxonomy = Taxonomy.default()
    data = yaml.safe_load((resources.files("detectors") / "data" / "identity_terms.yaml").read_text(encoding="utf-8"))
    cf = Counterfactuals(taxonomy, data)
    exact, n_exact = dedup_exact(selected)
    near, n_near, method = dedup_near(exact, hc, embed)
    before = group_counts(near)
    balanced, n_capped = balance(near, hc.max_group_share)
    variants = augment(balanced, cf, hc.counterfactuals_per_sample, taxonomy)
    rng = random.Random(f"{hc.seed}:{cycle}")
    benign: list[Row] = []
    if hc.matched_benign and benign_pool:
        wanted = {_primary(r) for r in balanced}
        for g in sorted(wanted):
            pool = [r for r in benign_pool if _primary(r) == g]
            rng.shuffle(pool)
            benign += sorted(pool[: hc.matched_benign], key=lambda r: r.sample_id)
    final = sorted(balanced + variants + benign, key=lambda r: (r.source_id or r.sample_id, r.augmented, r.row_id))
    after_originals = group_counts(balanced)
    files = {
        "samples.jsonl": _jsonl([r.to_dict() for r in final]),
        "sft.jsonl": _jsonl(_sft(final)),
        "preferences.jsonl": _jsonl(_preferences(final)),
    }
    redaction: Counter[str] = Counter()
    enabled: Counter[str] = Counter()
    for r in balanced + benign:
        enabled["on" if r.redaction.get("enabled") else "off"] += 1
        redaction.update(r.redaction.get("counts") or {})
    versions = dict(detector_versions or {})
    manifest = {
        "cycle": cycle,
        "source": "kafka" if cycle.startswith("topic:") else "queue",
        "cycle_closed": bool(closed),
        "selection": {
            "statuses": ["accepted", "pending"] if include_pending else ["accepted"],
            "selected": len(selected),
        },
        "deduplication": {"exact_removed": n_exact, "near_removed": n_near, "near_method": method},
        "balance": {
            "max_group_share": hc.max_group_share,
            "before": before,
            "after": after_originals,
            "removed": n_capped,
            "after_augmentation": group_counts(balanced + variants),
            "by_axis_after_augmentation": dict(
                sorted(Counter(taxonomy.group_axis.get(_primary(r), NONE_GROUP) for r in balanced + variants).items())
            ),
        },
        "augmentation": {"per_sample": hc.counterfactuals_per_sample, "variants": len(variants)},
        "matched_benign": len(benign),
        "counts": {
            "rows": len(final),
            "originals": len(balanced),
            "augmented": len(variants),
            "by_status": dict(sorted(Counter(r.status for r in final).items())),
            "by_detector": dict(sorted(Counter(d for r in final for d in r.detectors).items())),
            "by_group": group_counts(final),
            "sft": files["sft.jsonl"].count(b"\n"),
            "preferences": files["preferences.jsonl"].count(b"\n"),
        },
        "provenance": {
            "config_hash": config.digest(),
            "agent_version": __version__,
            "detector_versions": versions,
            "queue": Path(config.queue.sqlite.path).name,
        },
        "redaction": {"rows": dict(sorted(enabled.items())), "placeholders": dict(sorted(redaction.items()))},
        "formats": {"parquet": "not written: pyarrow is not a dependency (docs/retraining.md)"},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    harvested_ids = [r.sample_id for r in balanced]
    return manifest, files, harvested_ids
