"""Which samples are analysed, and which of those the embedding detectors see.

Both choices hash the sample id, so a record redelivered after a crash gets the same treatment
on every replica and the idempotent queue stays consistent.
"""

from __future__ import annotations

import hashlib

from agent.config import SamplingConfig

_SCALE = float(1 << 64)


def unit_hash(sample_id: str, salt: str) -> float:
    """A uniform number in [0, 1) fixed by the id; the salt decorrelates sampling from shedding."""
    digest = hashlib.blake2b(sample_id.encode("utf-8"), digest_size=8, key=salt.encode()).digest()
    return int.from_bytes(digest, "big") / _SCALE


class Sampler:
    def __init__(self, config: SamplingConfig) -> None:
        self.rate = config.rate
        self.shed_above = config.shed_when_lag_above
        self.shed_ratio = config.shed_ratio

    def keep(self, sample_id: str) -> bool:
        return self.rate >= 1.0 or unit_hash(sample_id, "sample") < self.rate

    def embed_ratio(self, lag: int | None) -> float:
        """Share of kept samples the embedding detectors see at this lag (1.0 unless shedding)."""
        if self.shed_above is None or lag is None or lag <= self.shed_above:
            return 1.0
        return self.shed_ratio

    @staticmethod
    def embed(sample_id: str, ratio: float) -> bool:
        return ratio >= 1.0 or unit_hash(sample_id, "embed") < ratio
