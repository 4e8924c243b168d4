"""The malloc bounds in agent/memory.py and their configuration: checked on glibc's real allocator."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from agent.config import PipelineConfig
from agent.memory import MMAP_THRESHOLD_MAX, _glibc, fix_mmap_threshold

# After freeing one 4 MiB block, is a 2 MiB block served by mmap? glibc marks mmapped chunks with
# bit 0x2 of the size word just before the pointer. Run in a child: mallopt is process-wide.
_PROBE = """
import ctypes, sys
from agent.memory import fix_mmap_threshold
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
if sys.argv[1] == "fixed":
    assert fix_mmap_threshold(1024 * 1024)
first = libc.malloc(4 * 1024 * 1024)
libc.free(first)
second = libc.malloc(2 * 1024 * 1024)
print(bool(ctypes.c_size_t.from_address(second - 8).value & 2))
"""

needs_glibc = pytest.mark.skipif(_glibc() is None or not sys.platform.startswith("linux"), reason="glibc only")


def _second_block_mmapped(mode: str) -> bool:
    out = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


@needs_glibc
def test_a_fixed_threshold_keeps_large_blocks_on_mmap_after_a_large_free() -> None:
    # glibc's dynamic threshold rises to 4 MiB after the free, so the 2 MiB block comes from the heap...
    assert _second_block_mmapped("dynamic") is False
    # ...unless the threshold is fixed, which is what the agent does at start.
    assert _second_block_mmapped("fixed") is True


@pytest.mark.parametrize("bad", [0, -1, MMAP_THRESHOLD_MAX + 1])
def test_fix_mmap_threshold_refuses_values_glibc_would_not_take(bad: int) -> None:
    with pytest.raises(ValueError, match="mmap threshold"):
        fix_mmap_threshold(bad)


def test_config_bounds_the_mmap_threshold() -> None:
    assert PipelineConfig().malloc_mmap_threshold_bytes == 1024 * 1024
    assert PipelineConfig(malloc_mmap_threshold_bytes=0).malloc_mmap_threshold_bytes == 0  # glibc's default
    with pytest.raises(ValidationError):
        PipelineConfig(malloc_mmap_threshold_bytes=MMAP_THRESHOLD_MAX + 1)
    with pytest.raises(ValidationError):
        PipelineConfig(malloc_mmap_threshold_bytes=-1)
