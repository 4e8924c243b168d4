"""Passes side by side (agent/encoder/lanes.py) and remembered embeddings (agent/encoder/memo.py):
the parts that need no model. The real encoder's use of both is tested in test_onnx_encoder.py."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from agent.encoder.lanes import Lanes, usable_cores
from agent.encoder.memo import EmbeddingMemo, token_key


def _affinity() -> int:
    return len(os.sched_getaffinity(0))


def test_usable_cores_is_the_affinity_bounded_by_a_cgroup_quota(tmp_path: Path) -> None:
    cpu_max = tmp_path / "cpu.max"
    assert usable_cores(tmp_path / "missing") == _affinity()
    cpu_max.write_text("max 100000\n")
    assert usable_cores(cpu_max) == _affinity()
    cpu_max.write_text("50000 100000\n")  # half a CPU: one lane, never zero
    assert usable_cores(cpu_max) == 1
    cpu_max.write_text("150000 100000\n")  # 1.5 CPUs: two lanes when there are two cores
    assert usable_cores(cpu_max) == min(2, _affinity())
    cpu_max.write_text("garbage\n")
    assert usable_cores(cpu_max) == _affinity()


def test_every_item_is_worked_once_and_on_several_threads() -> None:
    seen: list[int] = []
    threads: set[str] = set()
    both_in = threading.Barrier(2, timeout=30)

    def work(item: int) -> None:
        if item < 2:
            both_in.wait()  # the first two items can only pass together: two lanes really run at once
        threads.add(threading.current_thread().name)
        seen.append(item)

    lanes = Lanes(2)
    try:
        lanes.run(list(range(200)), work)
    finally:
        lanes.close()
    assert sorted(seen) == list(range(200))
    assert threading.current_thread().name in threads and any(t.startswith("encoder-lane") for t in threads)


def test_one_lane_runs_in_the_callers_thread() -> None:
    threads: set[str] = set()
    Lanes(1).run([1, 2, 3], lambda _: threads.add(threading.current_thread().name))
    assert threads == {threading.current_thread().name}
    with pytest.raises(ValueError):
        Lanes(0)


def test_a_failing_item_raises_after_every_lane_has_stopped() -> None:
    done: list[int] = []

    def work(item: int) -> None:
        if item == 7:
            raise RuntimeError("bad item")
        done.append(item)

    lanes = Lanes(3)
    try:
        with pytest.raises(RuntimeError, match="bad item"):
            lanes.run(list(range(50)), work)
        settled = len(done)
        assert settled == 49  # the other lanes finished the rest; nothing runs after the call
        lanes.run([100], work)
        assert done[-1] == 100 and len(done) == settled + 1
    finally:
        lanes.close()


def test_the_memo_keeps_the_most_recently_used_rows() -> None:
    memo = EmbeddingMemo(entries=2)
    a, b, c = (token_key(ids) for ids in ([101, 7, 102], [101, 8, 102], [101, 9, 102]))
    memo.put(a, np.full(4, 1.0, dtype=np.float32))
    memo.put(b, np.full(4, 2.0, dtype=np.float32))
    assert memo.get(a) is not None  # a is now more recent than b
    memo.put(c, np.full(4, 3.0, dtype=np.float32))
    assert memo.get(b) is None and len(memo) == 2
    row = memo.get(a)
    assert row is not None and row[0] == 1.0
    with pytest.raises(ValueError):
        row[0] = 5.0  # read-only: a caller cannot alter what later calls read
    assert (memo.hits, memo.misses) == (2, 1)


def test_a_stored_row_is_a_copy_and_a_zero_size_memo_keeps_nothing() -> None:
    memo = EmbeddingMemo(entries=4)
    batch = np.zeros((2, 3), dtype=np.float32)
    memo.put(token_key([1]), batch[0])
    batch[0] = 9.0
    kept = memo.get(token_key([1]))
    assert kept is not None and not kept.any()
    off = EmbeddingMemo(entries=0)
    off.put(token_key([1]), batch[0])
    assert off.get(token_key([1])) is None and len(off) == 0
    with pytest.raises(ValueError):
        EmbeddingMemo(entries=-1)


def test_token_keys_differ_with_the_tokens() -> None:
    assert token_key([101, 2023, 102]) == token_key(np.array([101, 2023, 102]))
    assert token_key([101, 2023, 102]) != token_key([101, 2024, 102])
    assert token_key([1, 2]) != token_key([1, 2, 0])
