"""Analytic minimum sample sizes (surveysem.stats.sample_size) against published values and outside tools.

Sources of the expected numbers, each written where it is used:

* Hair, Hult, Ringle & Sarstedt (2022), *A Primer on PLS-SEM*, 3rd ed., ch. 1, Exhibit 1.7 — minimum sample sizes of
  Kock & Hadaya's (2018) inverse square root method for p_min ranges at α = 1 %, 5 %, 10 % (power .80); the table's
  entry for a range is the value at the range's lower end.
* Kock & Hadaya (2018), Information Systems Journal 28(1), 227-261: the constants 2.486 (α = .05), 3.168 (.01) and
  2.123 (.10) of n_min > (c / |p_min|)², one-tailed tests, power .80 (the conditions are restated in Kock's WarpPLS
  blog post "Minimum sample size in PLS-SEM", warppls.blogspot.com, 28 Aug 2014: one-tailed P ≤ .05, power ≥ .8).
  Their recommendation when p_min is unknown: p_min = 0.197 → 160 by the inverse square root method (146 by the
  gamma-exponential method, not implemented here), as WarpPLS 8.0 prints it.
* G*Power 3.1 (Faul et al. 2009, Behavior Research Methods 41(4), 1149-1160), "Linear multiple regression: Fixed
  model, R² deviation from zero": its default input f² = .15, α = .05, power = .95, 5 predictors gives total sample
  size 138 with actual power .9507 (λ = 20.7); f² = .15, power .80 gives 68 for 2 and 77 for 3 predictors.
* statsmodels' FTestPowerF2 (an independent implementation of the same noncentral F power).
* Slovin / Yamane (1967): n = N/(1 + N e²); N = 1000, e = .05 → 285.7 → 286 (the worked example of Tejada & Punzalan
  2012, The Philippine Statistician 61(1), 129-136, and of many Indonesian methods texts).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from surveysem.stats.sample_size import (
    f_test_n,
    f_test_power,
    inverse_square_root,
    slovin,
    ten_times_rule,
)

# Hair et al. (2022), Exhibit 1.7: p_min (lower end of each range) -> minimum n at alpha 1 %, 5 %, 10 %
EXHIBIT_1_7 = {
    0.10: (1004, 619, 451),
    0.20: (251, 155, 113),
    0.30: (112, 69, 51),
    0.40: (63, 39, 29),
    0.50: (41, 25, 19),
}


@pytest.mark.parametrize("p_min", sorted(EXHIBIT_1_7))
def test_inverse_square_root_matches_hair_exhibit_1_7(p_min):
    for alpha, expected in zip((0.01, 0.05, 0.10), EXHIBIT_1_7[p_min]):
        assert inverse_square_root(p_min, alpha=alpha, power=0.80) == expected, (p_min, alpha)


@pytest.mark.parametrize("alpha,constant", [(0.05, 2.486), (0.01, 3.168), (0.10, 2.123)])
def test_inverse_square_root_uses_kock_hadayas_one_tailed_constants(alpha, constant):
    # Kock & Hadaya (2018): z_{1-alpha} + z_{.80}, one-tailed; the published constants are these sums to 3 decimals
    assert stats.norm.ppf(1 - alpha) + stats.norm.ppf(0.80) == pytest.approx(constant, abs=6e-4)
    for p in (0.11, 0.15, 0.197, 0.25, 0.35):
        exact = ((stats.norm.ppf(1 - alpha) + stats.norm.ppf(0.8)) / p) ** 2
        assert inverse_square_root(p, alpha) == math.ceil(exact)
        assert abs(inverse_square_root(p, alpha) - (constant / p) ** 2) < 1  # the rounded constant agrees


def test_inverse_square_root_of_kock_hadayas_example_path():
    # Kock & Hadaya (2018): p_min = 0.197 -> (2.486 / 0.197)^2 = 159.2 -> 160 (their minimum when p_min is unknown)
    assert inverse_square_root(0.197) == 160
    assert inverse_square_root(-0.197) == 160  # the sign of the path does not matter


def test_inverse_square_root_refuses_a_zero_path_and_bad_levels():
    with pytest.raises(ValueError, match="p_min"):
        inverse_square_root(0.0)
    with pytest.raises(ValueError, match="alpha"):
        inverse_square_root(0.2, alpha=1.2)
    with pytest.raises(ValueError, match="power"):
        inverse_square_root(0.2, power=0)


def test_ten_times_rule_is_ten_times_the_most_arrows_at_one_construct():
    assert ten_times_rule(0, 3) == 30
    assert ten_times_rule(6, 2) == 60  # a formative construct with 6 indicators dominates
    with pytest.raises(ValueError):
        ten_times_rule(-1, 2)


def test_slovin_worked_example_and_its_derivation_from_cochran():
    assert slovin(1000, 0.05) == 286  # 1000 / (1 + 1000 * 0.0025) = 285.71
    assert slovin(400, 0.05) == 200  # exact quotient stays itself
    assert slovin(1000, 0.10) == 91  # 1000 / 11 = 90.9
    # property: Cochran's n0 = z^2 p(1-p)/e^2 with z = 2, p = .5, finite-population corrected n0/(1 + n0/N)
    for N in (50, 137, 1000, 25_000):
        for e in (0.05, 0.1):
            n0 = 2 ** 2 * 0.5 * 0.5 / e ** 2
            assert slovin(N, e) == math.ceil(n0 / (1 + n0 / N) - 1e-9)
    with pytest.raises(ValueError):
        slovin(0)


@pytest.mark.parametrize("k,power,n", [(5, 0.95, 138), (2, 0.80, 68), (3, 0.80, 77)])
def test_f_test_n_matches_gpower(k, power, n):
    assert f_test_n(0.15, k, 0.05, power) == n
    assert f_test_power(0.15, n, k) >= power > f_test_power(0.15, n - 1, k)


def test_f_test_power_matches_gpower_actual_power():
    # G*Power default example: N = 138, 5 predictors, f2 = .15 -> actual power 0.9507..., lambda = 20.7
    assert f_test_power(0.15, 138, 5) == pytest.approx(0.9507, abs=1e-4)
    assert f_test_power(0.15, 137, 5) < 0.95


def test_f_test_power_matches_statsmodels():
    from statsmodels.stats.power import FTestPowerF2

    for f2, n, k, alpha in [(0.02, 150, 3, 0.05), (0.15, 60, 4, 0.05), (0.35, 40, 2, 0.01), (0.08, 400, 6, 0.10)]:
        expected = FTestPowerF2().power(effect_size=f2, df_num=k, df_denom=n - k - 1, alpha=alpha)
        assert f_test_power(f2, n, k, alpha) == pytest.approx(expected, abs=1e-12)


def test_f_test_power_rises_with_n_and_is_alpha_without_an_effect():
    powers = [f_test_power(0.1, n, 3) for n in (20, 40, 80, 160)]
    assert np.all(np.diff(powers) > 0)
    assert f_test_power(0.0, 100, 3, 0.05) == pytest.approx(0.05, abs=1e-12)
    assert np.isnan(f_test_power(0.1, 4, 3))  # no residual degrees of freedom
