"""Keep the agent's resident memory flat over long runs: bound glibc's malloc arenas, serve large
buffers from mmap, and hand freed heap back to the system between batches.

The embedding model allocates tensors whose shapes change with every batch (padding follows the
longest text). glibc serves them from per-thread arenas and keeps freed chunks for reuse; with
torch's worker threads and ever-different sizes that retained, fragmented heap grows with the run
while the live data does not. Fewer arenas and a periodic malloc_trim give it back. glibc also
raises its mmap threshold each time a large mmapped block is freed (up to 32 MiB), after which the
encoder's multi-megabyte activations come from the heap and stay there; a fixed threshold keeps them
on mmap, returned to the system as soon as a pass frees them. Python objects
and numpy buffers are unaffected; elsewhere than glibc (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import time

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # mallopt parameter numbers, from glibc's malloc.h
_M_MMAP_THRESHOLD = -3
# glibc's own ceiling for the mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX); mallopt refuses more.
MMAP_THRESHOLD_MAX = 32 * 1024 * 1024
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


def fix_mmap_threshold(threshold: int) -> bool:
    """Serve allocations of `threshold` bytes or more from mmap (as MALLOC_MMAP_THRESHOLD_ would).

    Setting it also turns off glibc's dynamic raising of the threshold, which is the point.
    """
    if not 0 < threshold <= MMAP_THRESHOLD_MAX:
        raise ValueError(f"mmap threshold must be in 1..{MMAP_THRESHOLD_MAX} bytes, not {threshold}")
    lib = _glibc()
    if lib is None:
        return False
    return bool(lib.mallopt(ctypes.c_int(_M_MMAP_THRESHOLD), ctypes.c_int(threshold)))


def release_load_garbage() -> None:
    """Collect what loading left behind (parsed YAML, lexicon build tables, exemplar batches) and hand
    the freed heap back: the level every later batch starts from, paid once at start."""
    gc.collect()
    lib = _glibc()
    if lib is not None:
        lib.malloc_trim(ctypes.c_size_t(0))


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
