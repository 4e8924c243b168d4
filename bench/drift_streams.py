"""Scenario streams for the drift benchmark, as orders of row indices into bench/drift_data.py's rows.

- stationary: a shuffle of the analysed generated samples (the generator draws samples
  independently, so every shuffle is another stationary stream with the same distribution), or,
  when fewer samples were analysed than the stream needs, i.i.d. draws with replacement from them;
- biased_5pct: from index `change` on, each position is replaced with probability 5% by a biased
  response from the pool (so ≈ 5% more biased responses, on top of the stream's own 2%);
- group_negative: from `change` on, every response about one group is replaced by a biased
  response about that group; responses about other groups stay as they were.
"""

from __future__ import annotations

import numpy as np
from drift_data import DriftData


def stationary(d: DriftData, length: int, rng: np.random.Generator) -> np.ndarray:
    if length <= d.stream:
        return rng.permutation(d.stream)[:length]
    return rng.integers(0, d.stream, size=length)


def biased_5pct(d: DriftData, order: np.ndarray, change: int, rng: np.random.Generator) -> np.ndarray:
    out = order.copy()
    after = np.arange(change, len(out))
    swap = after[rng.random(len(after)) < 0.05]
    out[swap] = rng.choice(d.biased, size=len(swap))
    return out


def group_negative(d: DriftData, order: np.ndarray, change: int, rng: np.random.Generator) -> np.ndarray:
    out = order.copy()
    after = np.arange(change, len(out))
    hit = after[d.mentions_group[out[after]]]
    out[hit] = rng.choice(d.about_group, size=len(hit))
    return out
