"""Two-sample tests with declared false-alarm rates: every decision is `p_value < alpha`.

The MMD permutation test lives in `agent.drift.mmd`.

All p-values are valid under the null that window and reference come from one distribution
(permutation / Monte Carlo p-values are never 0: they carry the +1 correction).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats as sps

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TestResult:
    statistic: float
    p_value: float


def roc_auc(labels: NDArray[Any], scores: NDArray[Any]) -> float | None:
    """Area under the ROC curve: the Mann-Whitney U of the positives' scores over the negatives',
    normalised (ties count one half, as sklearn's roc_auc_score does). None unless both classes are
    present. The one AUC in the project: the drift classifier test and `biaswatch eval` both use it."""
    pos = np.asarray(labels).astype(bool)
    n_pos = int(pos.sum())
    n_neg = len(pos) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = sps.rankdata(np.asarray(scores, dtype=np.float64))  # average ranks for ties
    u = float(ranks[pos].sum()) - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)


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


def fisher_greater(k1: int, n1: int, k2: int, n2: int) -> TestResult:
    """One-sided Fisher exact test that k1/n1 exceeds k2/n2; statistic is the rate ratio.

    Exact at any count (a group with 5 samples, a tail with 1% of them), where the normal
    approximation of the two-proportion test is not. One-sided because the alert is about more
    flags or higher scores; a fall is not what anyone is paged for.
    """
    if n1 == 0 or n2 == 0:
        raise ValueError("Fisher's test needs samples on both sides")
    p = sps.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="greater").pvalue
    ratio = (k1 / n1) / (k2 / n2) if k2 else (math.inf if k1 else 1.0)
    return TestResult(ratio, float(p))


def tarone_family(tables: dict[str, tuple[int, int, int, int]], alpha: float) -> list[str]:
    """Tarone's modified Bonferroni for one-sided Fisher tests: which tables to test, at α / m.

    A table's smallest attainable p-value depends only on its margins (on which Fisher's test
    conditions), so tables that could never reach α / m are dropped without spending α; m is the
    smallest count with at most m tables able to reach α / m. Family-wise error stays ≤ α.
    """
    min_p = {}
    for key, (k1, n1, k2, n2) in tables.items():
        total = k1 + k2
        most = min(total, n1)
        min_p[key] = float(sps.hypergeom.sf(most - 1, n1 + n2, total, n1)) if total else 1.0
    for m in range(1, len(tables) + 1):
        family = [key for key, p in min_p.items() if p <= alpha / m]
        if len(family) <= m:
            return family
    return list(tables)


def mann_whitney_greater(window: F64, reference: F64) -> TestResult:
    """One-sided Mann–Whitney U: are window values stochastically larger? Statistic is the AUC."""
    if len(window) == 0 or len(reference) == 0:
        raise ValueError("Mann-Whitney needs samples on both sides")
    r = sps.mannwhitneyu(window, reference, alternative="greater", method="asymptotic")
    return TestResult(float(r.statistic) / (len(window) * len(reference)), float(r.pvalue))


def upper_tail(
    window: F64, reference: F64, quantiles: Sequence[float] = (0.9, 0.99)
) -> tuple[TestResult, dict[str, Any]]:
    """More window scores above the reference's upper quantiles than the reference has.

    Biased responses show up as extra high scores long before they move a median, so each
    quantile q gives a one-sided Fisher test of the window's count above the reference's q-quantile
    against the reference's own count; the p-value is Bonferroni over the quantiles. Statistic:
    the largest ratio of window to reference exceedance rates.
    """
    if len(window) == 0 or len(reference) == 0:
        raise ValueError("the tail test needs samples on both sides")
    best = TestResult(0.0, 1.0)
    detail: dict[str, Any] = {}
    for q in quantiles:
        t = float(np.quantile(reference, q))
        r = fisher_greater(
            int(np.count_nonzero(window > t)), len(window), int(np.count_nonzero(reference > t)), len(reference)
        )
        detail[f"q{q:g}"] = {"threshold": round(t, 6), "ratio": r.statistic, "p_value": r.p_value}
        if r.p_value < best.p_value or (r.p_value == best.p_value and r.statistic > best.statistic):
            best = r
    return TestResult(best.statistic, min(1.0, best.p_value * len(quantiles))), detail


def cusum_window(
    flags: NDArray[np.bool_],
    ref_flagged: int,
    ref_samples: int,
    shift: float = 2.0,
    simulations: int = 1000,
    rng: np.random.Generator | None = None,
) -> TestResult:
    """Bernoulli CUSUM over one window, with an exact conditional Monte Carlo p-value.

    The CUSUM is tuned to a rise of the flag rate from p0 (the reference's) to `shift` × p0 and
    restarts at every window, so windows are independent and the statistic is the largest value
    reached within the window: it reacts to a burst that a whole-window rate dilutes.

    p0 is itself an estimate, so the null is simulated by conditioning on what is known under
    "nothing changed": the K flags of reference and window together are exchangeable over all
    n_ref + n positions. Each simulation draws how many fall in the window (hypergeometric) and
    where (uniformly), re-estimates p0 from the reference's remainder, and runs the same CUSUM.
    The p-value is therefore valid whatever the true rate: an earlier version that carried the
    statistic across windows and simulated p0 from a posterior gave 1.3% false alarms at α = 0.01.
    """
    n = len(flags)
    if n == 0 or ref_samples < 1:
        raise ValueError("CUSUM needs a window and a reference")
    rng = rng or np.random.default_rng()
    total = int(flags.sum()) + ref_flagged
    k_win = rng.hypergeometric(total, ref_samples + n - total, n, size=simulations)
    sims = np.zeros((simulations, n), np.bool_)
    sims[np.arange(n)[None, :] < k_win[:, None]] = True
    sims = rng.permuted(sims, axis=1)
    up, down = _cusum_steps((total - k_win) / ref_samples, shift)
    observed_up, observed_down = _cusum_steps(np.array([ref_flagged / ref_samples]), shift)
    observed = float(_cusum_peak(flags[None, :], observed_up, observed_down)[0])
    null = _cusum_peak(sims, up, down)
    # Ties (the peak is often exactly one step) count as exceedances: conservative.
    exceed = int(np.count_nonzero(null >= observed - 1e-12))
    return TestResult(observed, (1 + exceed) / (1 + simulations))


def _cusum_steps(rate: F64, shift: float) -> tuple[F64, F64]:
    p0 = np.clip(rate, 1e-4, 0.5)
    p1 = np.minimum(np.maximum(p0 * shift, p0 + 0.01), 0.99)
    return np.log(p1 / p0), np.log((1 - p1) / (1 - p0))


def _cusum_peak(flags: NDArray[np.bool_], up: F64, down: F64) -> F64:
    s = np.zeros(len(flags))
    peak = np.zeros(len(flags))
    for t in range(flags.shape[1]):
        s = np.maximum(0.0, s + np.where(flags[:, t], up, down))
        np.maximum(peak, s, out=peak)
    return peak
