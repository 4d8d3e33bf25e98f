"""Normality tests shared by the regression assumptions (residuals) and the copula test's precondition (scores)."""
from __future__ import annotations

import numpy as np


def lilliefors_normality(x) -> tuple[float, float]:
    """Lilliefors (1967) KS test for normality with estimated mean and sd.

    D = sup_x |F_n(x) − Φ((x − x̄)/s)| (s with n − 1); p from the Dallal & Wilkinson (1986) analytic approximation
    (statsmodels ``lilliefors(pvalmethod="approx")``; agrees with R ``nortest::lillie.test`` for p ≤ 0.1).
    SPSS EXAMINE prints ".200*" (a lower bound) when p > .2.
    """
    from statsmodels.stats.diagnostic import lilliefors

    d, p = lilliefors(np.asarray(x, dtype=float), dist="norm", pvalmethod="approx")
    return float(d), float(p)
