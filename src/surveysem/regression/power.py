"""Power of the regression study: is the sample large enough for the effect the model found? (``power.csv``)

One row per regression equation: the observed effect size f² = R²/(1 − R²) (Cohen 1988), the power of the F test
that R² = 0 at the n analysed (post hoc), and the n that test needs for power .80 at that f² (a priori, as G*Power's
"Linear multiple regression: Fixed model, R² deviation from zero"; Faul et al. 2009). With a known population size,
Slovin's n = N/(1 + N e²) follows for comparison — a proportion's margin of error, not a power calculation.

Kock & Hadaya's inverse square root method is not needed here: it approximates, for PLS path coefficients, the power
that the F and t tests of OLS give exactly. The formulas live in :mod:`surveysem.stats.sample_size`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats.sample_size import POWER, SLOVIN_MARGIN, f_test_n, f_test_power, slovin

COHEN = "Cohen (1988), Statistical Power Analysis, 2nd ed., ch. 9; Faul et al. (2009), Behav. Res. Methods 41, 1149-1160"
YAMANE = ("Yamane (1967), Statistics: An Introductory Analysis, 2nd ed.; Tejada & Punzalan (2012), Philipp. Stat. "
          "61(1), 129-136")
F_RULE = "F test of R² = 0: lambda = f² n, df = (k, n - k - 1); enough when the power at n reaches {power:g}"
SLOVIN_RULE = "n >= N / (1 + N e^2)"
COLUMNS = ["method", "dependent", "k", "r2", "f2", "alpha", "power_target", "power_actual", "n_required", "n_actual",
           "enough", "rule", "reference", "note"]


def power_table(fits, alpha: float = 0.05, power: float = POWER, population_size: int | None = None) -> pd.DataFrame:
    """``power.csv``: per equation the observed f², the F test's power at n and the n for ``power``; Slovin's row.

    Parameters
    ----------
    fits : list of OLSFit
        The study's regression equations (:func:`surveysem.regression.ols.fit_ols`).
    alpha : float
        Significance level of the F test.
    power : float
        Target power of the a-priori n (.80, Cohen 1988).
    population_size : int, optional
        Population size N for Slovin's row (e = .05).

    Returns
    -------
    DataFrame
        ``method, dependent, k, r2, f2, alpha, power_target, power_actual, n_required, n_actual, enough, rule,
        reference, note``.
    """
    rows = []
    for fit in fits:
        r2 = fit.ss_regression / fit.ss_total if fit.ss_total > 0 else np.nan
        f2 = r2 / (1 - r2) if np.isfinite(r2) and r2 < 1 else np.nan
        k, n = len(fit.predictors), int(fit.n)
        achieved = f_test_power(f2, n, k, alpha) if np.isfinite(f2) else np.nan
        need = f_test_n(f2, k, alpha, power) if np.isfinite(f2) and f2 > 0 else None
        note = ("post-hoc power at the observed f² (it follows from the F test's p value and does not say more than "
                "it: Hoenig & Heisey 2001); the required n is what a replication finding the same f² needs")
        if need is None:
            note = "f² is 0 or undefined: no sample size reaches the target power"
        rows.append({"method": "F test (R² deviation from zero)", "dependent": fit.dependent, "k": k, "r2": r2,
                     "f2": f2, "alpha": alpha, "power_target": power, "power_actual": achieved,
                     "n_required": need, "n_actual": n,
                     "enough": "yes" if need is not None and n >= need else "no",
                     "rule": F_RULE.format(power=power), "reference": COHEN, "note": note})
    if population_size is not None:
        n = int(max((f.n for f in fits), default=0))
        need = slovin(population_size, SLOVIN_MARGIN)
        rows.append({"method": "Slovin", "dependent": "", "k": np.nan, "r2": np.nan, "f2": np.nan, "alpha": np.nan,
                     "power_target": np.nan, "power_actual": np.nan, "n_required": need, "n_actual": n,
                     "enough": "yes" if n >= need else "no", "rule": SLOVIN_RULE, "reference": YAMANE,
                     "note": f"population N = {int(population_size)}, margin of error e = {SLOVIN_MARGIN:g}: the sample "
                             "that estimates a proportion (p = .5, about 95 % confidence) in a simple random sample; "
                             "not a power calculation: it says nothing about detecting an effect"})
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["k"] = out["k"].astype("Int64")
    out["n_required"] = out["n_required"].astype("Int64")
    return out
