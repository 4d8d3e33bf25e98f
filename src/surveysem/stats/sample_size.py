"""Analytic minimum sample sizes: Kock & Hadaya's inverse square root method, the 10-times rule, Slovin's formula,
and the power of the regression F test (numpy/scipy only).

Each function returns a whole number of respondents (rounded up: a minimum is met only by a whole respondent) or a
probability, and says in its docstring which convention it follows and where it comes from.

References
----------
1. Kock, N., & Hadaya, P. (2018). Minimum sample size estimation in PLS-SEM: The inverse square root and
   gamma-exponential methods. *Information Systems Journal*, 28(1), 227-261.
2. Hair, J. F., Hult, G. T. M., Ringle, C. M., & Sarstedt, M. (2022). *A Primer on Partial Least Squares Structural
   Equation Modeling (PLS-SEM)*, 3rd ed., ch. 1 (Exhibit 1.7: minimum sample sizes by the inverse square root method).
3. Barclay, D., Higgins, C., & Thompson, R. (1995). The partial least squares (PLS) approach to causal modeling.
   *Technology Studies*, 2(2), 285-309 (the 10-times rule).
4. Yamane, T. (1967). *Statistics: An Introductory Analysis*, 2nd ed. (n = N / (1 + N e²)); Tejada, J. J., &
   Punzalan, J. R. B. (2012). On the misuse of Slovin's formula. *The Philippine Statistician*, 61(1), 129-136.
5. Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed., ch. 9 (the F test of R²,
   λ = f²·(u + v + 1)); Faul, F., Erdfelder, E., Buchner, A., & Lang, A.-G. (2009). Statistical power analyses using
   G*Power 3.1. *Behavior Research Methods*, 41(4), 1149-1160 ("Linear multiple regression: Fixed model, R² deviation
   from zero").
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

#: the target power the sample-size rows use (Cohen 1988: .80)
POWER = 0.80
#: the margin of error Indonesian theses use in Slovin's formula
SLOVIN_MARGIN = 0.05
#: the multiplier of the 10-times rule (Barclay et al. 1995)
TEN_TIMES = 10
#: the largest sample size :func:`f_test_n` searches
N_MAX = 10_000_000


def _check_probability(name: str, x: float) -> None:
    if not 0 < x < 1:
        raise ValueError(f"{name} must lie between 0 and 1, got {x!r}")


def inverse_square_root(p_min: float, alpha: float = 0.05, power: float = 0.80) -> int:
    """Minimum sample size of Kock & Hadaya's (2018) inverse square root method.

    The standard error of a path coefficient is taken as 1/√n, so a path ``p_min`` is detected by a one-tailed test
    at level ``alpha`` with probability ``power`` when ``|p_min|·√n ≥ z_{1−α} + z_{power}``:

        n_min = ⌈((z_{1−α} + z_{power}) / |p_min|)²⌉

    with z the standard normal quantile. For α = .05 and power = .80 the constant is 1.645 + 0.842 = 2.486
    (Kock & Hadaya 2018; the tests use it under one-tailed tests, as WarpPLS does); for α = .01 it is 3.168 and for
    α = .10 2.123. The exact quantiles are used here (2.48647… for the defaults), which gives the same whole numbers
    as the rounded constants for every value Hair et al. (2022, Exhibit 1.7) tabulate.

    Parameters
    ----------
    p_min : float
        The smallest path coefficient (absolute value) the study should be able to detect.
    alpha : float
        Significance level of the one-tailed test.
    power : float
        The probability of detecting ``p_min``.

    Returns
    -------
    int
        The smallest whole n satisfying the inequality (rounded up).
    """
    _check_probability("alpha", alpha)
    _check_probability("power", power)
    p = abs(float(p_min))
    if not np.isfinite(p) or p == 0:
        raise ValueError(f"p_min must be a non-zero finite path coefficient, got {p_min!r}")
    z = stats.norm.ppf(1 - alpha) + stats.norm.ppf(power)
    return int(math.ceil((z / p) ** 2))


def ten_times_rule(formative_indicators: int, structural_paths: int) -> int:
    """Minimum sample size by the 10-times rule: ten times the largest number of arrows pointing at one construct.

    The arrows counted are the formative indicators of a construct and the structural paths into a construct
    (Barclay et al. 1995; Hair et al. 2022, ch. 1). The rule is a rule of thumb, not a power calculation: Kock &
    Hadaya (2018) show it can fall far below the size needed to detect small paths.

    Parameters
    ----------
    formative_indicators : int
        The largest number of formative indicators of one construct (0 when every construct is reflective).
    structural_paths : int
        The largest number of structural paths pointing at one construct.

    Returns
    -------
    int
        ``10 · max(formative_indicators, structural_paths)``.
    """
    counts = (int(formative_indicators), int(structural_paths))
    if min(counts) < 0:
        raise ValueError(f"arrow counts must be 0 or more, got {counts}")
    return TEN_TIMES * max(counts)


def slovin(N: int, e: float = SLOVIN_MARGIN) -> int:
    """Slovin's formula, as Indonesian theses use it: n = N / (1 + N·e²), rounded up.

    It is the sample that estimates a **proportion** of a population of ``N`` to within ±``e`` at about 95 %
    confidence when the proportion is .5: Cochran's n₀ = z²·p(1 − p)/e² with z = 2 and p = .5 (n₀ = 1/e²), with the
    finite-population correction n = n₀ / (1 + n₀/N) = N / (1 + N·e²) (Yamane 1967; Tejada & Punzalan 2012). It says
    nothing about the power to detect a path or a regression effect, and assumes a simple random sample.

    Parameters
    ----------
    N : int
        Population size.
    e : float
        Margin of error (0.05 in most theses; 0.10 in some).

    Returns
    -------
    int
        The sample size, rounded up (N = 1000, e = 0.05: 285.7 → 286).
    """
    if int(N) != N or N < 1:
        raise ValueError(f"the population size must be a whole number of at least 1, got {N!r}")
    _check_probability("e", e)
    return int(math.ceil(N / (1 + N * e * e) - 1e-9))  # 1e-9: an exact whole quotient stays itself despite rounding


def f_test_power(f2: float, n: int, k: int, alpha: float = 0.05) -> float:
    """Power of the F test that R² = 0 in a multiple regression with ``k`` predictors and ``n`` cases.

    G*Power's "Linear multiple regression: Fixed model, R² deviation from zero" (Faul et al. 2009) and Cohen (1988,
    ch. 9): under the alternative F follows the noncentral F distribution with df1 = k, df2 = n − k − 1 and
    noncentrality λ = f²·n (Cohen's λ = f²·(u + v + 1) with u = k, v = n − k − 1);
    power = P(F(df1, df2, λ) > F_{1−α}(df1, df2)). statsmodels' ``FTestPowerF2().power(f2, df_num=k,
    df_denom=n − k − 1, alpha)`` gives the same number (its older ``FTestPower`` takes Cohen's f and swaps the two
    degrees of freedom).

    Parameters
    ----------
    f2 : float
        Cohen's f² = R²/(1 − R²) (0.02 small, 0.15 medium, 0.35 large).
    n : int
        Number of cases.
    k : int
        Number of predictors.
    alpha : float
        Significance level.

    Returns
    -------
    float
        The power (NaN when n ≤ k + 1: no residual degrees of freedom).
    """
    _check_probability("alpha", alpha)
    if f2 < 0 or not np.isfinite(f2):
        raise ValueError(f"f2 must be a finite number of at least 0, got {f2!r}")
    if k < 1:
        raise ValueError(f"the number of predictors must be at least 1, got {k!r}")
    df1, df2 = int(k), int(n) - int(k) - 1
    if df2 < 1:
        return float("nan")
    crit = stats.f.ppf(1 - alpha, df1, df2)
    if f2 == 0:  # the central F (scipy's ncf.sf returns a negative number at noncentrality 0)
        return float(stats.f.sf(crit, df1, df2))
    return float(stats.ncf.sf(crit, df1, df2, f2 * n))


def f_test_n(f2: float, k: int, alpha: float = 0.05, power: float = 0.80) -> int:
    """The smallest n at which :func:`f_test_power` reaches ``power`` (G*Power's a-priori "total sample size").

    Power rises with n for a fixed f² > 0, so the smallest n is found by doubling and then bisection over whole
    numbers from k + 2 (one residual degree of freedom).

    Parameters
    ----------
    f2 : float
        Cohen's f² (> 0).
    k : int
        Number of predictors.
    alpha, power : float
        Significance level and target power.

    Returns
    -------
    int
        The total sample size (f² = .15, k = 5, α = .05, power = .95: 138, as G*Power).
    """
    _check_probability("power", power)
    if not f2 > 0:
        raise ValueError(f"f2 must be above 0 to reach a power, got {f2!r}")
    lo = int(k) + 2
    if f_test_power(f2, lo, k, alpha) >= power:
        return lo
    hi = lo
    while f_test_power(f2, hi, k, alpha) < power:
        lo, hi = hi, hi * 2
        if hi > N_MAX:
            raise ValueError(f"f2 = {f2!r} needs more than {N_MAX} cases for power {power}")
    while hi - lo > 1:  # power(lo) < target <= power(hi)
        mid = (lo + hi) // 2
        if f_test_power(f2, mid, k, alpha) >= power:
            hi = mid
        else:
            lo = mid
    return hi
