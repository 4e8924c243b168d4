"""Encoder passes run side by side: one pass per text, each on one thread, as many at once as cores.

A pass over one short text is a chain of small operators; splitting each operator across threads
makes every thread wait for the others at every operator, and with spinning off (a sidecar must not
burn its node's cores while idle) each wait is a sleep and a wake-up. Running whole passes on one
thread each, several at once, keeps every core busy on a pass of its own with no waits inside it
(docs/performance.md measures it). Onnxruntime sessions accept concurrent runs and release the GIL
while running, so plain threads suffice.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def usable_cores(cpu_max: Path = CGROUP_CPU_MAX) -> int:
    """The cores this process may use: its CPU affinity, bounded by a cgroup v2 CPU quota if one is set.

    A container's CPU limit is a quota, not an affinity: a pod limited to 2 CPUs on a 64-core node
    sees 64 cores in its affinity, and 64 busy threads there would only be throttled.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        quota, period = cpu_max.read_text(encoding="ascii").split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota readable: the affinity is the bound
    return max(1, cores)


class Lanes:
    """Runs `work` over items on up to `lanes` threads (the caller's among them), longest first."""

    def __init__(self, lanes: int) -> None:
        if lanes < 1:
            raise ValueError("lanes must be at least 1")
        self.lanes = lanes
        # The caller runs one lane itself, so a single lane needs no thread at all.
        self._pool = ThreadPoolExecutor(lanes - 1, thread_name_prefix="encoder-lane") if lanes > 1 else None

    def run(self, items: Sequence[T], work: Callable[[T], None]) -> None:
        """Call `work` once per item; items are taken in order, so put the longest first: the
        last passes to start are then short, and no lane is left running alone at the end."""
        shared = iter(items)  # next() on a list iterator is atomic under the GIL: each item taken once

        def lane() -> None:
            for item in shared:
                work(item)

        pool = self._pool
        helpers = [] if pool is None else [pool.submit(lane) for _ in range(min(self.lanes, len(items)) - 1)]
        try:
            lane()
        finally:
            # Every helper is waited for, even when this lane failed, so no pass outlives the call.
            errors = [f.exception() for f in helpers]
        for exc in errors:
            if exc is not None:
                raise exc

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
