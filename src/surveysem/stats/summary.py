"""Summary columns of bootstrap draws: mean, SE, t, p, percentile and BCa intervals.

For every parameter θ (one column of the draws):

* ``boot_mean``, ``se`` = SD of the draws (n − 1 divisor, as seminr and SmartPLS);
* ``t`` = θ̂ / se, two-sided ``p`` from Student's t with B − 1 df (SmartPLS; with B in the thousands this is the
  normal p: Wibowo & Safitri (2022) report t = 2.346 → p = .019);
* percentile interval ``ci_low, ci_high`` (quantile type 7, as R's default; :func:`~.quantiles.quantile_sorted`);
* bias-corrected and accelerated interval ``bca_low, bca_high`` (Efron 1987; Efron & Tibshirani 1993, §14.3):
  z₀ = Φ⁻¹(#{θ*_b < θ̂}/B), acceleration a from the delete-one jackknife, α₁,₂ = Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α)))
  (:func:`bca_bounds`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .quantiles import quantile_sorted

#: the bootstrap columns every bootstrapped table carries after ``estimate``
BOOT_COLUMNS = ["boot_mean", "se", "t", "p", "ci_low", "ci_high", "bca_low", "bca_high"]


def summarize(estimates: np.ndarray, draws: np.ndarray, ci: float = 0.95,
              jackknife: np.ndarray | None = None) -> pd.DataFrame:
    """The :data:`BOOT_COLUMNS` for each parameter (column) of ``draws`` (B, m); formulas in the module docstring.

    ``jackknife`` (n, m): the successful delete-one jackknife values; without it (or with fewer than 3) the BCa
    columns are NaN.
    """
    B, m = draws.shape
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    nan = np.full(m, np.nan)
    srt = np.sort(draws, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = draws.mean(axis=0) if B else nan
        se = draws.std(axis=0, ddof=1) if B > 1 else nan
        t = estimates / se
        p = 2 * stats.t.sf(np.abs(t), df=max(B - 1, 1))
    out = pd.DataFrame({"boot_mean": mean, "se": se, "t": t, "p": p,
                        "ci_low": quantile_sorted(srt, np.full(m, lo_q)),
                        "ci_high": quantile_sorted(srt, np.full(m, hi_q))})
    bca_low, bca_high = nan.copy(), nan.copy()
    if jackknife is not None and B > 1 and len(jackknife) > 2:
        bca_low, bca_high = bca_bounds(estimates, draws, jackknife, ci, sorted_draws=srt)
    out["bca_low"], out["bca_high"] = bca_low, bca_high
    return out


def bca_bounds(estimate: np.ndarray, draws: np.ndarray, jackknife: np.ndarray, level: float = 0.95,
               sorted_draws: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Bias-corrected and accelerated (BCa) interval bounds of each parameter (Efron 1987; Efron & Tibshirani
    1993, §14.3, eqs. 14.9–14.15).

    Parameters
    ----------
    estimate : ndarray (m,)
        θ̂, the full-sample estimates.
    draws : ndarray (B, m)
        Bootstrap draws θ*_b.
    jackknife : ndarray (n, m)
        Delete-one jackknife estimates θ̂₍ᵢ₎ (the successful ones).
    level : float
        Confidence level 1 − 2α.

    Returns
    -------
    (low, high) : ndarrays (m,)
        Quantiles of the draws at α₁ = Φ(ẑ₀ + (ẑ₀ + z_α)/(1 − â(ẑ₀ + z_α))) and α₂ likewise with z_{1−α}, R's
        quantile type 7 (the reference's and ``stats::quantile``'s default).

    Notes
    -----
    * ẑ₀ = Φ⁻¹(#{θ*_b **<** θ̂}/B), strictly below, as Efron & Tibshirani (1993, eq. 14.14) write it and as R's
      ``boot::bca.ci`` computes it (``sum(t < t0)``). Counting ties as ½ (a mid-rank correction we used before)
      is not in the source and differs only when draws equal the estimate exactly; cSEM 0.6.1 counts ``≤``.
    * â = Σdᵢ³ / (6 (Σdᵢ²)^{3/2}) with dᵢ = θ̂₍·₎ − θ̂₍ᵢ₎, θ̂₍·₎ the mean of the jackknife values (eq. 14.15).
      cSEM 0.6.1 centres at θ̂ instead of θ̂₍·₎ (and, through a defect, passes its bootstrap draws as the
      "jackknife"); we follow Efron. A parameter whose jackknife values are all equal (a single item's loading)
      has no acceleration (0/0): â = 0 is used, and its draws are all equal too.
    * Checked against ``../shared/reference/csem/corp_rep_simple_bca.json`` (``bca_real_jackknife_efron``,
      computed from cSEM's draws and real delete-one jackknife): ``tests/pls/test_bca_csem.py``.
    """
    draws = np.asarray(draws, dtype=float)
    jackknife = np.asarray(jackknife, dtype=float)
    estimate = np.asarray(estimate, dtype=float)
    srt = np.sort(draws, axis=0) if sorted_draws is None else sorted_draws
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        z0 = stats.norm.ppf((draws < estimate).mean(axis=0))
        d = jackknife.mean(axis=0) - jackknife
        a = (d ** 3).sum(axis=0) / (6 * ((d ** 2).sum(axis=0)) ** 1.5)
        a = np.where(np.isfinite(a), a, 0.0)
        zl, zh = stats.norm.ppf(lo_q), stats.norm.ppf(hi_q)
        ql = stats.norm.cdf(z0 + (z0 + zl) / (1 - a * (z0 + zl)))
        qh = stats.norm.cdf(z0 + (z0 + zh) / (1 - a * (z0 + zh)))
    return quantile_sorted(srt, ql), quantile_sorted(srt, qh)
