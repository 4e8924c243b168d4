"""An in-memory source for unit tests and benchmarks; it honours the same contract as the real ones."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from agent.sources.base import Record


class MemorySource:
    name = "memory"

    def __init__(self, payloads: Iterable[bytes]) -> None:
        now = time.time()
        self._records = [Record(p, f"memory:{i}", self.name, now) for i, p in enumerate(payloads, 1)]
        self._next = 0
        self.committed: list[str] = []

    def poll(self, max_records: int, timeout: float) -> list[Record]:
        out = self._records[self._next : self._next + max_records]
        self._next += len(out)
        return out

    def commit(self, records: Sequence[Record]) -> None:
        self.committed.extend(r.position for r in records)

    @property
    def exhausted(self) -> bool:
        return self._next >= len(self._records)

    def stop(self) -> None:
        self._next = len(self._records)

    def close(self) -> None:
        pass
