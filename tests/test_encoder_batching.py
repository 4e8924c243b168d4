"""Token-budgeted passes and de-duplication (agent/encoder/batching.py): pure functions, no model."""

from __future__ import annotations

import random

import pytest

from agent.encoder.batching import dedupe, token_batches


def test_dedupe_keeps_first_seen_order_and_maps_every_input() -> None:
    distinct, where = dedupe(["b", "a", "b", "c", "a"])
    assert distinct == ["b", "a", "c"]
    assert where == [0, 1, 0, 2, 1]
    assert [distinct[i] for i in where] == ["b", "a", "b", "c", "a"]


@pytest.mark.parametrize("seed", range(5))
def test_passes_stay_within_the_token_budget_and_cover_every_text_once(seed: int) -> None:
    rng = random.Random(seed)
    lengths = [rng.choice([3, 8, 20, 60, 130, 256]) + rng.randint(0, 5) for _ in range(500)]
    budget, rows = 2048, 32
    passes = token_batches(lengths, budget, rows)
    seen = sorted(i for p in passes for i in p)
    assert seen == list(range(len(lengths)))
    for p in passes:
        width = max(lengths[i] for i in p)
        assert len(p) <= rows
        assert len(p) * width <= budget
        assert [lengths[i] for i in p] == sorted(lengths[i] for i in p)
    # Short texts share wide passes: the padded total stays close to the budget, not to rows x 256.
    short = token_batches([5] * 1000, budget, 1000)
    assert max(len(p) for p in short) == budget // 5


def test_a_text_longer_than_the_budget_gets_a_pass_of_its_own() -> None:
    passes = token_batches([10, 600, 10], 512, 64)
    assert [1] in passes
    assert sorted(i for p in passes for i in p) == [0, 1, 2]


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValueError):
        token_batches([1, 2], 0, 4)
