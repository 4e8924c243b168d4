"""Bounded per-key windows of embeddings, detector scores, flags and groups: memory is flat."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray


class Ring:
    """Fixed-capacity ring buffer over a numpy array; `last(n)` returns rows oldest first."""

    def __init__(self, capacity: int, shape: tuple[int, ...] = (), dtype: type = np.float64) -> None:
        self.capacity = capacity
        self._data: NDArray[np.generic] = np.zeros((capacity, *shape), dtype=dtype)
        self._next = 0
        self.size = 0

    def extend(self, rows: NDArray[np.generic]) -> None:
        rows = rows[-self.capacity :]
        n = len(rows)
        first = min(n, self.capacity - self._next)
        self._data[self._next : self._next + first] = rows[:first]
        self._data[: n - first] = rows[first:]
        self._next = (self._next + n) % self.capacity
        self.size = min(self.size + n, self.capacity)

    def last(self, n: int) -> NDArray[np.generic]:
        n = min(n, self.size)
        idx = (np.arange(self._next - n, self._next)) % self.capacity
        return self._data[idx]

    def clear(self) -> None:
        self._next = self.size = 0


class Window:
    """The most recent `capacity` samples of one model (or of all models when pooled)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.scores = Ring(capacity)
        self.flags = Ring(capacity, dtype=np.bool_)
        self.groups: deque[tuple[str, ...]] = deque(maxlen=capacity)
        self.embeddings: Ring | None = None  # created on the first batch that carries embeddings
        self.fresh = 0  # samples added since the last evaluation
        self.end_index = -1  # record index of the newest sample

    def add(
        self,
        scores: Sequence[float],
        flags: Sequence[bool],
        groups: Sequence[tuple[str, ...]],
        embeddings: NDArray[np.float32] | None,
        end_index: int,
    ) -> None:
        self.scores.extend(np.asarray(scores, dtype=np.float64))
        self.flags.extend(np.asarray(flags, dtype=np.bool_))
        self.groups.extend(groups)
        if embeddings is not None and len(embeddings):
            if self.embeddings is None:
                self.embeddings = Ring(self.capacity, (embeddings.shape[1],), np.float32)
            self.embeddings.extend(embeddings)
        self.fresh += len(scores)
        self.end_index = end_index

    def snapshot(self) -> WindowData:
        emb = self.embeddings.last(self.capacity) if self.embeddings is not None else None
        return WindowData(
            scores=np.asarray(self.scores.last(self.capacity), dtype=np.float64),
            flags=np.asarray(self.flags.last(self.capacity), dtype=np.bool_),
            groups=list(self.groups),
            embeddings=None if emb is None else np.asarray(emb, dtype=np.float32),
            end_index=self.end_index,
        )

    def clear(self) -> None:
        self.scores.clear()
        self.flags.clear()
        self.groups.clear()
        if self.embeddings is not None:
            self.embeddings.clear()
        self.fresh = 0


class WindowData:
    """A copy of a window taken under the monitor's lock, so tests run without holding it."""

    __slots__ = ("embeddings", "end_index", "flags", "groups", "scores")

    def __init__(
        self,
        scores: NDArray[np.float64],
        flags: NDArray[np.bool_],
        groups: list[tuple[str, ...]],
        embeddings: NDArray[np.float32] | None,
        end_index: int,
    ) -> None:
        self.scores = scores
        self.flags = flags
        self.groups = groups
        self.embeddings = embeddings
        self.end_index = end_index

    def group_counts(self) -> tuple[Counter[str], Counter[str]]:
        """Samples and flagged samples per group in this window."""
        seen: Counter[str] = Counter()
        flagged: Counter[str] = Counter()
        for gs, f in zip(self.groups, self.flags.tolist(), strict=True):
            seen.update(gs)
            if f:
                flagged.update(gs)
        return seen, flagged
