"""Reference baselines: built from a file or the first samples of a stream, persisted as .npz.

A baseline records the embedding model's hash; comparing embeddings from another model is
meaningless, so loading one under a different model is refused. Each reference also records the
scorer that produced its scores and flags (agent/scorer.py): `staleness` says which of its parts
another scorer must not compare with (the monitor re-learns those). The file is versioned (format)
and carries a revision that every refresh increments; the previous revision is kept beside it.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from agent.errors import BiaswatchError
from agent.scorer import Scorer, ScorerFormatError

# 2: each reference records its scorer. Format 1 files still load (scorer unknown); an agent that
# reads only format 1 refuses format 2 files rather than compare scores it cannot check.
FORMAT_VERSION = 2
READS = frozenset({1, 2})
NO_MODEL = "none"  # hash recorded when no embedding model ran


class BaselineError(BiaswatchError):
    pass


@dataclass
class Reference:
    """What one model's traffic looked like: subsamples for distribution tests, exact counts for rates."""

    scores: NDArray[np.float64]
    embeddings: NDArray[np.float32] | None
    samples: int
    flagged: int
    group_samples: dict[str, int] = field(default_factory=dict)
    group_flagged: dict[str, int] = field(default_factory=dict)
    # Groups of each subsampled row (aligned with `scores` and `embeddings`): per-axis MMD
    # compares the rows about one identity axis with the window's rows about it.
    row_groups: list[tuple[str, ...]] = field(default_factory=list)
    # What scored `scores` and decided the flags; None in files written before it was recorded.
    scorer: Scorer | None = None

    @property
    def flag_rate(self) -> float:
        return self.flagged / self.samples if self.samples else 0.0


@dataclass
class Baseline:
    model_hash: str
    references: dict[str, Reference]
    created: float = field(default_factory=time.time)
    revision: int = 1
    origin: str = ""

    def check_model(self, model_hash: str, where: str = "baseline") -> None:
        if self.model_hash != model_hash:
            raise BaselineError(
                f"{where}: built with embedding model {self.model_hash}, but the agent runs {model_hash}; "
                "rebuild it with `biaswatch baseline build` under the current model"
            )

    def meta(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "model_hash": self.model_hash,
            "created": self.created,
            "revision": self.revision,
            "origin": self.origin,
            "models": {
                key: {
                    "samples": r.samples,
                    "flagged": r.flagged,
                    "group_samples": r.group_samples,
                    "group_flagged": r.group_flagged,
                    "row_groups": [list(g) for g in r.row_groups],
                    "embeddings": r.embeddings is not None,
                    "scorer": r.scorer.to_json() if r.scorer is not None else None,
                }
                for key, r in self.references.items()
            },
        }

    def save(self, path: str | Path, rotate: bool = True) -> None:
        """Atomic: written beside the target then renamed; the previous file becomes `.prev.npz`.

        `rotate=False` overwrites without touching `.prev.npz` (the later saves of one refresh,
        which must not push out the baseline from before it).
        """
        path = Path(path)
        arrays: dict[str, Any] = {"meta": np.array(json.dumps(self.meta()))}
        # Array names are positional: model names may hold characters a zip member name cannot.
        for i, r in enumerate(self.references.values()):
            arrays[f"scores_{i}"] = r.scores
            if r.embeddings is not None:
                arrays[f"embeddings_{i}"] = r.embeddings
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as fh:
            np.savez_compressed(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        if rotate and path.exists():
            os.replace(path, previous_path(path))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                arrays = {k: z[k] for k in z.files if k != "meta"}
        except FileNotFoundError:
            raise BaselineError(f"baseline {path}: no such file") from None
        except (OSError, ValueError, KeyError) as exc:
            raise BaselineError(f"baseline {path}: not a biaswatch baseline ({exc})") from None
        if meta.get("format") not in READS:
            reads = ", ".join(map(str, sorted(READS)))
            raise BaselineError(f"baseline {path}: format {meta.get('format')!r}, this agent reads {reads}")
        refs = {}
        for i, (key, m) in enumerate(meta["models"].items()):
            try:
                scorer = Scorer.from_json(m["scorer"]) if m.get("scorer") is not None else None
            except ScorerFormatError as exc:
                raise BaselineError(f"baseline {path}: model {key!r}: {exc}") from None
            refs[key] = Reference(
                scores=arrays[f"scores_{i}"].astype(np.float64),
                embeddings=arrays[f"embeddings_{i}"].astype(np.float32) if m["embeddings"] else None,
                samples=int(m["samples"]),
                flagged=int(m["flagged"]),
                group_samples={g: int(n) for g, n in m["group_samples"].items()},
                group_flagged={g: int(n) for g, n in m["group_flagged"].items()},
                # Absent in files written before row groups were kept: per-axis MMD then skips them.
                row_groups=[tuple(g) for g in m.get("row_groups", [])],
                scorer=scorer,
            )
        return cls(meta["model_hash"], refs, float(meta["created"]), int(meta["revision"]), str(meta["origin"]))


Stale = Literal["", "scores", "all"]


def staleness(ref: Reference, current: Scorer) -> tuple[Stale, str]:
    """Which parts of `ref` traffic scored by `current` must not be compared with, and why.

    "scores": the score and flag references (scores, flag and per-group counts); the embeddings
    stay valid. "all": the embeddings too (another identity lexicon neutralises other words, or
    the encoder reads another number of tokens). A reference without a recorded scorer (format 1)
    counts as "scores": its embeddings are checked by the model hash, its scores cannot be checked,
    and nearly every such file was scored under sample-score rule 1, which the current rule replaced.
    """
    if ref.scorer is None:
        return "scores", "written before baselines recorded their scorer, so its scores cannot be verified"
    if ref.scorer == current:
        return "", ""
    why = "; ".join(ref.scorer.differences(current))
    part: Stale = "scores" if ref.scorer.embeddings_comparable(current) else "all"
    return part, f"scored by {ref.scorer.digest}, the agent runs {current.digest} ({why})"


def previous_path(path: str | Path) -> Path:
    return Path(path).with_suffix(".prev.npz")


class ReferenceBuilder:
    """Accumulates one key's reference: uniform reservoirs (Algorithm R) plus exact counts.

    With `limit` set it stops at that many samples (a baseline from the first N of a stream);
    without it, it reads everything and keeps a uniform subsample (a baseline from a file).
    """

    def __init__(self, capacity: int, rng: np.random.Generator, limit: int | None = None) -> None:
        self.capacity = capacity
        self.limit = limit
        self.rng = rng
        self.seen = 0
        self.flagged = 0
        self.scores = np.zeros(capacity, np.float64)
        self.embeddings: NDArray[np.float32] | None = None
        self.group_samples: Counter[str] = Counter()
        self.group_flagged: Counter[str] = Counter()
        self.row_groups: list[tuple[str, ...]] = []

    @property
    def full(self) -> bool:
        return self.limit is not None and self.seen >= self.limit

    def add(self, score: float, flag: bool, groups: tuple[str, ...], embedding: NDArray[np.float32] | None) -> None:
        i = self.seen
        self.seen += 1
        self.flagged += flag
        self.group_samples.update(groups)
        if flag:
            self.group_flagged.update(groups)
        slot = i if i < self.capacity else int(self.rng.integers(0, i + 1))
        if slot >= self.capacity:
            return
        if slot == len(self.row_groups):
            self.row_groups.append(groups)
        else:
            self.row_groups[slot] = groups
        self.scores[slot] = score
        if embedding is not None:
            if self.embeddings is None:
                self.embeddings = np.zeros((self.capacity, len(embedding)), np.float32)
            self.embeddings[slot] = embedding

    def build(self, scorer: Scorer | None = None) -> Reference:
        n = min(self.seen, self.capacity)
        return Reference(
            scores=self.scores[:n].copy(),
            embeddings=None if self.embeddings is None else self.embeddings[:n].copy(),
            samples=self.seen,
            flagged=self.flagged,
            group_samples=dict(self.group_samples),
            group_flagged=dict(self.group_flagged),
            row_groups=list(self.row_groups[:n]),
            scorer=scorer,
        )
