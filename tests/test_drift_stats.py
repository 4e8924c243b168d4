"""The drift statistics on data with known answers: calibrated under the null, powerful under a shift."""

from __future__ import annotations

import numpy as np
from scipy import stats as sps

from agent.drift import mmd, stats


def _unit(rng: np.random.Generator, n: int, d: int = 32, shift: float = 0.0) -> np.ndarray:
    x = rng.normal(size=(n, d)).astype(np.float32)
    x[:, 0] += shift
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def test_mmd_p_values_are_roughly_uniform_under_the_null() -> None:
    rng = np.random.default_rng(1)
    ps = [mmd.mmd_permutation(_unit(rng, 60), _unit(rng, 60), 200, rng).p_value for _ in range(120)]
    # A KS test of the p-values against U(0, 1): a miscalibrated test fails this by far.
    assert sps.kstest(ps, "uniform").pvalue > 0.001
    assert sum(p < 0.05 for p in ps) <= 15  # expected 6


def test_mmd_detects_a_clear_shift() -> None:
    rng = np.random.default_rng(2)
    r = mmd.mmd_permutation(_unit(rng, 200), _unit(rng, 200, shift=1.0), 500, rng)
    assert r.p_value < 0.01 and r.statistic > 0


def test_mmd_matches_a_direct_computation() -> None:
    rng = np.random.default_rng(3)
    x, y = _unit(rng, 30, 8), _unit(rng, 40, 8, shift=0.5)
    k, bw = mmd.rbf_kernel(np.concatenate([x, y]))
    z = np.concatenate([x, y]).astype(np.float64)
    d2 = ((z[:, None, :] - z[None, :, :]) ** 2).sum(-1)
    assert np.isclose(bw, np.sqrt(np.median(d2[np.triu_indices(70, 1)])), rtol=1e-4)
    kk = np.exp(-d2 / (2 * bw * bw))
    direct = kk[:30, :30].mean() + kk[30:, 30:].mean() - 2 * kk[:30, 30:].mean()
    assert np.isclose(mmd.mmd_permutation(x, y, 50, rng).statistic, direct, atol=1e-5)
    assert np.allclose(k, kk, atol=1e-5)


def test_ks_under_null_and_shift() -> None:
    rng = np.random.default_rng(4)
    same = [stats.ks(rng.random(300), rng.random(300)).p_value for _ in range(200)]
    assert 0.0 < np.mean(np.array(same) < 0.05) < 0.12
    assert stats.ks(rng.random(300), rng.random(300) ** 2).p_value < 0.01


def test_psi_is_small_when_unchanged_and_large_when_shifted() -> None:
    rng = np.random.default_rng(5)
    ref = rng.random(2000)
    assert stats.psi(rng.random(500), ref) < 0.05
    assert stats.psi(rng.random(500) ** 4, ref) > 0.25


def test_cusum_p_values_are_uniform_whatever_the_rate_and_it_catches_a_doubled_rate() -> None:
    # The reference is 1,000 samples at a rare true rate (0.7% or 5%): its estimate of p0 is often
    # half or double the truth, which the conditional simulation must absorb.
    rng = np.random.default_rng(6)
    for rate in (0.007, 0.05):
        ps = [
            stats.cusum_window(
                rng.random(500) < rate, int(rng.binomial(1000, rate)), 1000, simulations=200, rng=rng
            ).p_value
            for _ in range(300)
        ]
        assert sps.kstest(ps, "uniform").pvalue > 0.001 or np.mean(np.array(ps) < 0.05) <= 0.07
        assert np.mean(np.array(ps) < 0.05) <= 0.08  # expected 0.05; ties make it conservative
    r = stats.cusum_window(rng.random(500) < 0.12, 50, 1000, rng=rng)
    assert r.p_value < 0.01 and r.statistic > 0


def test_fisher_greater_is_one_sided_and_exact() -> None:
    assert stats.fisher_greater(20, 100, 5, 100).p_value < 0.01
    assert stats.fisher_greater(5, 100, 20, 100).p_value > 0.99  # fewer flags: not an alert
    assert stats.fisher_greater(1, 5, 50, 1000).statistic == 4.0
    rng = np.random.default_rng(7)
    null = [
        stats.fisher_greater(rng.binomial(50, 0.05), 50, rng.binomial(1000, 0.05), 1000).p_value for _ in range(2000)
    ]
    assert np.mean(np.array(null) < 0.05) <= 0.05  # exact tests of discrete data are conservative


def test_mann_whitney_greater_and_the_upper_tail_test() -> None:
    rng = np.random.default_rng(8)
    assert stats.mann_whitney_greater(rng.random(200) + 0.2, rng.random(200)).p_value < 0.01
    assert stats.mann_whitney_greater(rng.random(200) - 0.2, rng.random(200)).p_value > 0.5
    null = [stats.upper_tail(rng.random(500), rng.random(1000))[0].p_value for _ in range(1000)]
    assert np.mean(np.array(null) < 0.05) <= 0.06
    # 5% of the window moved to the top 1% of scores: the median barely moves, the tail does.
    window = rng.random(500)
    window[:25] = 0.995 + rng.random(25) * 0.005
    r, detail = stats.upper_tail(window, rng.random(1000), (0.9, 0.99))
    assert r.p_value < 0.01 and detail["q0.99"]["ratio"] > 3


def test_classifier_test_is_calibrated_enough_and_sees_a_shift() -> None:
    from agent.drift.classifier import classifier_test

    rng = np.random.default_rng(10)
    null = [classifier_test(_unit(rng, 100, 16), _unit(rng, 200, 16), seed=i)[0].p_value for i in range(20)]
    assert sum(p < 0.05 for p in null) <= 3  # Bonferroni over folds: conservative
    r, detail = classifier_test(_unit(rng, 200, 16, shift=1.0), _unit(rng, 400, 16))
    assert r.p_value < 0.01 and r.statistic > 0.7 and len(detail["fold_p_values"]) == 5


def test_mmd_median_is_the_exact_upper_median_and_splits_are_balanced() -> None:
    rng = np.random.default_rng(11)
    z = _unit(rng, 300, 8)
    d2 = ((z[:, None, :] - z[None, :, :]) ** 2).sum(-1).astype(np.float32)
    upper = np.sort(d2[np.triu_indices(300, 1)])
    for seed in range(3):  # the bracketing sample changes; the answer must not
        assert mmd._upper_median(d2, np.random.default_rng(seed)) == upper[len(upper) // 2]
    s = mmd._assignments(50, 30, 45, rng)
    assert s.shape == (50, 75) and (s == 1).sum(axis=1).tolist() == [30] * 50 and set(np.unique(s)) == {-1.0, 1.0}
    # Each point lands on the first side with probability n / (n + m).
    assert abs((mmd._assignments(4000, 30, 45, rng) == 1).mean(axis=0) - 0.4).max() < 0.05


def test_roc_auc_matches_sklearn_with_ties_and_is_none_for_one_class() -> None:
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 400)
    s = np.round(rng.normal(size=400) + 0.7 * y, 1)  # rounding makes many ties
    auc = stats.roc_auc(y, s)
    assert auc is not None
    assert abs(auc - float(roc_auc_score(y, s))) < 1e-12
    assert stats.roc_auc(np.array([0, 1, 1]), np.array([0.1, 0.9, 0.8])) == 1.0
    assert stats.roc_auc(np.ones(5), rng.normal(size=5)) is None
