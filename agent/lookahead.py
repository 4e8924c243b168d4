"""Two-stage work over a stream, the first stage of the next item running while the second of this one does.

`score` spends most of a batch in the encoder, which releases the GIL and runs on every core, and
the rest in the detectors, which are Python on one core. One after the other, a core idles while
the detectors run; with the next batch's decoding and encoding in a background thread at that time,
both stay busy. Results come back in input order, one item ahead at most (one more batch held),
and an error in either stage is raised in the caller's thread, where it would have been raised
without the look-ahead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")
V = TypeVar("V")


def staged(
    items: Iterable[T | None], first: Callable[[T], U], second: Callable[[U], V]
) -> Generator[tuple[T, V], None, None]:
    """(item, second(first(item))) for each item, in order; `first` runs in one background thread.

    `first` of the next item runs while `second` of this one does, so the two must be safe to run at
    once; `first` calls run one at a time, in order, as do `second` calls. A None among the items
    means nothing arrived in time (a slow pipe): the pending item is finished then rather than held
    back until the next one comes. Items are read in the caller's thread, never in the background,
    so stopping early waits only for a `first` already running (it is never left running).
    """
    pool = ThreadPoolExecutor(1, thread_name_prefix="lookahead")
    pending: tuple[T, Future[U]] | None = None
    try:
        for item in items:
            submitted = None if item is None else (item, pool.submit(first, item))
            if pending is not None:
                done, future = pending
                pending = None
                yield done, second(future.result())
            pending = submitted
        if pending is not None:
            done, future = pending
            pending = None
            yield done, second(future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# How long a thread waiting for the GIL lets the holder run before asking for it (Python's default
# is 5 ms). An encoder lane needs the GIL for a fraction of a millisecond between passes of a few
# milliseconds each; while the detectors' Python holds it, the default made each lane wait up to
# one more pass's time for that sliver.
SWITCH_INTERVAL = 0.0005


@contextmanager
def short_switch_interval(seconds: float = SWITCH_INTERVAL) -> Iterator[None]:
    """Python's thread switch interval set to `seconds` inside the block (it is process-wide)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, seconds))
    try:
        yield
    finally:
        sys.setswitchinterval(before)
