"""Keep the agent's resident memory flat over long runs: bound glibc's malloc arenas and hand freed
heap back to the system between batches.

The embedding model allocates tensors whose shapes change with every batch (padding follows the
longest text). glibc serves them from per-thread arenas and keeps freed chunks for reuse; with
torch's worker threads and ever-different sizes that retained, fragmented heap grows with the run
while the live data does not. Fewer arenas and a periodic malloc_trim give it back. Python objects
and numpy buffers are unaffected; elsewhere than glibc (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import time

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # mallopt parameter number, from glibc's malloc.h
_libc: ctypes.CDLL | None = None


def _glibc() -> ctypes.CDLL | None:
    global _libc
    if _libc is None:
        name = ctypes.util.find_library("c")
        if name is None:
            return None
        lib = ctypes.CDLL(name)
        if not hasattr(lib, "malloc_trim") or not hasattr(lib, "mallopt"):
            return None
        _libc = lib
    return _libc


def bound_arenas(arenas: int = 2) -> bool:
    """Cap malloc arenas (as MALLOC_ARENA_MAX would); call before the model's threads start."""
    lib = _glibc()
    if lib is None:
        return False
    return bool(lib.mallopt(ctypes.c_int(_M_ARENA_MAX), ctypes.c_int(arenas)))


class Trimmer:
    """Calls malloc_trim(0) at most once per `interval` seconds; cheap enough to call every batch."""

    def __init__(self, interval: float = 5.0) -> None:
        self.interval = interval
        self._last = time.monotonic()
        self._lib = _glibc()

    def __call__(self, *_: object) -> None:
        if self._lib is None:
            return
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._lib.malloc_trim(ctypes.c_size_t(0))
