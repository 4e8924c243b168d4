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


def test_ks_and_two_proportion_under_null_and_shift() -> None:
    rng = np.random.default_rng(4)
    same = [stats.ks(rng.random(300), rng.random(300)).p_value for _ in range(200)]
    assert 0.0 < np.mean(np.array(same) < 0.05) < 0.12
    assert stats.ks(rng.random(300), rng.random(300) ** 2).p_value < 0.01
    null = [
        stats.two_proportion(rng.binomial(500, 0.05), 500, rng.binomial(2000, 0.05), 2000).p_value for _ in range(400)
    ]
    assert np.mean(np.array(null) < 0.05) < 0.09
    assert stats.two_proportion(50, 500, 100, 2000).p_value < 0.01  # 10% vs 5%
    assert stats.two_proportion(0, 10, 0, 10).p_value == 1.0


def test_psi_is_small_when_unchanged_and_large_when_shifted() -> None:
    rng = np.random.default_rng(5)
    ref = rng.random(2000)
    assert stats.psi(rng.random(500), ref) < 0.05
    assert stats.psi(rng.random(500) ** 4, ref) > 0.25


def test_cusum_false_alarms_match_alpha_and_it_catches_a_doubled_rate() -> None:
    rng = np.random.default_rng(6)
    window = 200
    c = stats.BernoulliCusum(500, 10_000, window, shift=2.0, simulations=2000, seed=1)
    ps = []
    for _ in range(300):
        c.update(rng.random(window) < 0.05)
        ps.append(c.close_window().p_value)
    assert np.mean(np.array(ps) < 0.01) <= 0.03
    for _ in range(2):
        c.update(rng.random(window) < 0.12)
        last = c.close_window()
    assert last.p_value < 0.01


def test_cusum_stays_calibrated_when_the_reference_rate_is_a_rough_estimate() -> None:
    # 1000 reference samples at a true rate of 0.7%: the estimate is often half or double that.
    rng = np.random.default_rng(9)
    alarms = 0
    runs = 0
    for _ in range(30):
        c = stats.BernoulliCusum(int(rng.binomial(1000, 0.007)), 1000, 500, seed=int(rng.integers(1 << 30)))
        for _ in range(10):
            c.update(rng.random(500) < 0.007)
            alarms += c.close_window().p_value < 0.01
            runs += 1
    assert alarms / runs <= 0.03
