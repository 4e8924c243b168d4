"""Two-sample tests with declared false-alarm rates: every decision is `p_value < alpha`.

The MMD permutation test lives in `agent.drift.mmd`.

All p-values are valid under the null that window and reference come from one distribution
(permutation / Monte Carlo p-values are never 0: they carry the +1 correction).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats as sps

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TestResult:
    statistic: float
    p_value: float


def ks(window: F64, reference: F64) -> TestResult:
    """Kolmogorov–Smirnov on score distributions (exact/asymptotic p-value from scipy)."""
    if len(window) == 0 or len(reference) == 0:
        raise ValueError("KS needs samples on both sides")
    r = sps.ks_2samp(window, reference)
    return TestResult(float(r.statistic), float(r.pvalue))


def psi(window: F64, reference: F64, bins: int = 10) -> float:
    """Population stability index over reference-quantile bins (reported, not a decision)."""
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    if len(edges) < 2:
        return 0.0
    edges[0], edges[-1] = -np.inf, np.inf
    a = np.histogram(window, edges)[0] / max(len(window), 1)
    b = np.histogram(reference, edges)[0] / max(len(reference), 1)
    a, b = np.clip(a, 1e-4, None), np.clip(b, 1e-4, None)
    return float(np.sum((a - b) * np.log(a / b)))


def two_proportion(k1: int, n1: int, k2: int, n2: int) -> TestResult:
    """Two-sided pooled z-test of k1/n1 against k2/n2; statistic is z."""
    if n1 == 0 or n2 == 0:
        raise ValueError("two-proportion test needs samples on both sides")
    pooled = (k1 + k2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var == 0:
        return TestResult(0.0, 1.0)
    z = (k1 / n1 - k2 / n2) / math.sqrt(var)
    return TestResult(z, math.erfc(abs(z) / math.sqrt(2)))


class BernoulliCusum:
    """One-sided CUSUM for a rise in a flag rate from p0 to p1; a Monte Carlo p-value per window.

    The alarm threshold is not hand-tuned: `p_value` compares the largest CUSUM value reached in
    the window with its distribution under the null (simulated once, with a warm-up window so the
    running statistic starts from its stationary state), so `p_value < alpha` has false-alarm
    rate alpha per window like every other test here. p0 is only estimated (k flags in n reference
    samples), so each simulated stream draws its own rate from Beta(k + ½, n − k + ½): treating the
    estimate as exact inflates false alarms several-fold when flags are rare.
    """

    def __init__(
        self, flagged: int, samples: int, window: int, shift: float = 2.0, simulations: int = 2000, seed: int = 0
    ) -> None:
        if samples < 1:
            raise ValueError("CUSUM needs a reference with at least one sample")
        self.flagged, self.samples = flagged, samples
        self.p0 = min(max(flagged / samples, 1e-4), 0.5)
        self.p1 = min(max(self.p0 * shift, self.p0 + 0.01), 0.99)
        self.up = math.log(self.p1 / self.p0)
        self.down = math.log((1 - self.p1) / (1 - self.p0))
        self.value = 0.0
        self.window_max = 0.0
        self._null = np.sort(self._simulate(window, simulations, np.random.default_rng(seed)))

    def _simulate(self, window: int, sims: int, rng: np.random.Generator) -> F64:
        s = np.zeros(sims)
        peak = np.zeros(sims)
        rates = rng.beta(self.flagged + 0.5, self.samples - self.flagged + 0.5, size=sims)
        for t in range(2 * window):
            s = np.maximum(0.0, s + np.where(rng.random(sims) < rates, self.up, self.down))
            if t >= window:
                np.maximum(peak, s, out=peak)
        return peak

    def update(self, flags: NDArray[np.bool_]) -> None:
        for f in flags.tolist():
            self.value = max(0.0, self.value + (self.up if f else self.down))
            if self.value > self.window_max:
                self.window_max = self.value

    def close_window(self) -> TestResult:
        """Result for the window just ended; the running statistic carries on into the next."""
        peak = self.window_max
        exceed = len(self._null) - int(np.searchsorted(self._null, peak, side="left"))
        self.window_max = self.value
        return TestResult(peak, (1 + exceed) / (1 + len(self._null)))

    def reset(self) -> None:
        self.value = self.window_max = 0.0
