"""Global fit indices of a covariance-structure model, in lavaan's and in semopy's conventions.

All functions are pure: they take the sample covariance matrix ``S`` (divisor N, as lavaan and
semopy use for ML), the model-implied matrix ``Σ(θ̂)``, the sample size and the degrees of
freedom, and return numbers. :func:`fit_indices` assembles the tidy ``fit.csv`` table.

Conventions (they differ between tools; every row of the table names its own)
--------------------------------------------------------------------------------
* ML discrepancy (Bollen 1989, eq. 4.67; Jöreskog 1969):
  ``F_ML = log|Σ| + tr(S Σ⁻¹) − log|S| − p``.
* χ² = N·F_ML (lavaan ``likelihood = "normal"``, the default, and semopy ``calc_chi2``);
  the Wishart likelihood (lavaan ``likelihood = "wishart"``, LISREL, EQS) uses (N − 1)·F_ML.
* Baseline (independence) model: Σ_B = diag(S), χ²_B = N·(Σ log s_ii − log|S|), df_B = p(p − 1)/2.
* CFI = 1 − max(χ² − df, 0) / max(χ² − df, χ²_B − df_B, 0) (Bentler 1990).
* TLI = (χ²_B/df_B − χ²/df) / (χ²_B/df_B − 1) (Tucker & Lewis 1973).
* NFI = (χ²_B − χ²) / χ²_B (Bentler & Bonett 1980).
* RMSEA = sqrt(max(χ² − df, 0) / (df·N)) in lavaan 0.6 (N, Rosseel 2012); semopy 2.3.11 uses
  sqrt(max(χ²/df − 1, 0) / (N − 1)) (the older N − 1 form, Steiger 1990). 90 % CI: the
  non-centrality λ with P(χ²_df(λ) ≤ χ²) = .95 (lower) and .05 (upper), RMSEA = sqrt(λ/(df·N)).
* SRMR (Bentler 1995; lavaan ``srmr``/``srmr_bentler`` without mean structure):
  sqrt( Σ_{i≤j} ((s_ij − σ_ij)/sqrt(s_ii s_jj))² / (p(p + 1)/2) ). semopy reports no SRMR.
* AIC/BIC (lavaan): log L = −N/2 (p log 2π + log|Σ| + tr(S Σ⁻¹)), AIC = −2 log L + 2q,
  BIC = −2 log L + q log N, q free parameters. semopy 2.3.11 instead uses F_ML as "log-likelihood":
  AIC = 2q − 2F_ML, BIC = q log N − 2F_ML; only differences between models fitted to the same data
  are comparable in either convention.

Cut-offs: Hu & Bentler (1999): CFI and TLI ≥ .95, RMSEA ≤ .06, SRMR ≤ .08 indicate good fit;
the "acceptable" band CFI/TLI ≥ .90, RMSEA ≤ .08 follows Browne & Cudeck (1993) and Marsh, Hau &
Wen (2004). NFI ≥ .90 (Bentler & Bonett 1980).

References
----------
Bentler, P. M. (1990). Comparative fit indexes in structural models. *Psychological Bulletin*, 107, 238–246.
Bollen, K. A. (1989). *Structural Equations with Latent Variables*. Wiley.
Hu, L., & Bentler, P. M. (1999). Cutoff criteria for fit indexes in covariance structure analysis.
*Structural Equation Modeling*, 6(1), 1–55.
Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *J. Stat. Softw.*, 48(2).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, stats

FIT_COLUMNS = ["index", "value", "convention", "threshold", "verdict", "note"]


def ml_discrepancy(S: np.ndarray, sigma: np.ndarray) -> float:
    """``F_ML = log|Σ| + tr(S Σ⁻¹) − log|S| − p`` (Bollen 1989, eq. 4.67); ``inf`` if Σ is not PD."""
    p = S.shape[0]
    sign_s, logdet_s = np.linalg.slogdet(S)
    sign, logdet = np.linalg.slogdet(sigma)
    if sign <= 0 or sign_s <= 0:
        return math.inf
    return float(logdet + np.trace(np.linalg.solve(sigma, S)) - logdet_s - p)


def baseline_chisq(S: np.ndarray, n: int) -> tuple[float, int]:
    """χ² and df of the independence model Σ_B = diag(S): ``N·(Σ log s_ii − log|S|)``, ``p(p−1)/2``."""
    p = S.shape[0]
    _, logdet_s = np.linalg.slogdet(S)
    return float(n * (np.sum(np.log(np.diag(S))) - logdet_s)), p * (p - 1) // 2


def cfi(chisq: float, df: int, chisq_b: float, df_b: int) -> float:
    """Comparative fit index (Bentler 1990): ``1 − max(χ²−df,0)/max(χ²−df, χ²_B−df_B, 0)``; NaN when df < 0."""
    if df < 0:
        return math.nan
    num = max(chisq - df, 0.0)
    den = max(chisq - df, chisq_b - df_b, 0.0)
    return 1.0 if den == 0 else 1.0 - num / den


def tli(chisq: float, df: int, chisq_b: float, df_b: int) -> float:
    """Tucker–Lewis index: ``(χ²_B/df_B − χ²/df) / (χ²_B/df_B − 1)``; NaN when df = 0."""
    if df <= 0 or df_b == 0:
        return math.nan
    return (chisq_b / df_b - chisq / df) / (chisq_b / df_b - 1.0)


def nfi(chisq: float, chisq_b: float) -> float:
    """Normed fit index (Bentler & Bonett 1980): ``(χ²_B − χ²)/χ²_B``."""
    return (chisq_b - chisq) / chisq_b


def rmsea(chisq: float, df: int, n: int) -> float:
    """RMSEA in lavaan's convention: ``sqrt(max(χ² − df, 0)/(df·N))``; NaN when df ≤ 0."""
    if df <= 0:
        return math.nan
    return math.sqrt(max(chisq - df, 0.0) / (df * n))


def rmsea_semopy(chisq: float, df: int, n: int) -> float:
    """RMSEA as semopy 2.3.11 computes it: ``sqrt(max(χ²/df − 1, 0)/(N − 1))``; NaN when df ≤ 0."""
    if df <= 0:
        return math.nan
    return math.sqrt(max(chisq / df - 1.0, 0.0) / (n - 1))


def rmsea_ci(chisq: float, df: int, n: int, level: float = 0.90) -> tuple[float, float]:
    """Confidence interval of RMSEA by inverting the non-central χ² (Steiger 1990; lavaan's N).

    The lower bound solves ``P(χ²_df(λ) ≤ χ²) = (1 + level)/2`` for λ (0 if the central χ² already
    gives less), the upper bound ``P(χ²_df(λ) ≤ χ²) = (1 − level)/2``; RMSEA = sqrt(λ/(df·N)).
    """
    if df <= 0 or not np.isfinite(chisq):
        return math.nan, math.nan
    chisq = max(chisq, 0.0)  # a saturated-like fit can give -1e-12 by rounding
    hi_p, lo_p = (1 + level) / 2, (1 - level) / 2

    def solve(target: float) -> float:
        def f(lam: float) -> float:
            return stats.ncx2.cdf(chisq, df, lam) - target if lam > 0 else stats.chi2.cdf(chisq, df) - target

        if f(0.0) < 0:  # even λ = 0 gives a smaller probability
            return 0.0
        upper = max(chisq, 1.0)
        while f(upper) > 0:
            upper *= 2
        return optimize.brentq(f, 0.0, upper, xtol=1e-12, rtol=1e-12)

    lam_lo, lam_hi = solve(hi_p), solve(lo_p)
    return math.sqrt(lam_lo / (df * n)), math.sqrt(lam_hi / (df * n))


def srmr(S: np.ndarray, sigma: np.ndarray) -> float:
    """SRMR (Bentler 1995; lavaan ``srmr`` without mean structure).

    ``sqrt( Σ_{i≤j} ((s_ij − σ_ij)/sqrt(s_ii s_jj))² / (p(p+1)/2) )``, diagonal included.
    """
    d = np.sqrt(np.diag(S))
    resid = (S - sigma) / np.outer(d, d)
    iu = np.triu_indices_from(S)
    return float(np.sqrt(np.mean(resid[iu] ** 2)))


def loglik(S: np.ndarray, sigma: np.ndarray, n: int) -> float:
    """Normal log-likelihood at the saturated means: ``−N/2 (p log 2π + log|Σ| + tr(SΣ⁻¹))``."""
    p = S.shape[0]
    _, logdet = np.linalg.slogdet(sigma)
    return float(-n / 2 * (p * math.log(2 * math.pi) + logdet + np.trace(np.linalg.solve(sigma, S))))


def _verdict(value: float, good: float, acceptable: float | None, higher_is_better: bool) -> str:
    if value is None or not np.isfinite(value):
        return "not available"
    ok = (lambda v, c: v >= c) if higher_is_better else (lambda v, c: v <= c)
    if ok(value, good):
        return "good"
    if acceptable is not None and ok(value, acceptable):
        return "acceptable"
    return "poor"


def fit_indices(S: np.ndarray, sigma: np.ndarray, n: int, n_free: int, alpha: float = 0.05) -> pd.DataFrame:
    """The tidy fit table: one row per index with its convention, threshold and verdict.

    Parameters
    ----------
    S : ndarray (p, p)
        Sample covariance matrix with divisor N (the ML estimate).
    sigma : ndarray (p, p)
        Model-implied covariance matrix at the ML estimate.
    n : int
        Sample size N (complete cases).
    n_free : int
        Number of free parameters q; df = p(p + 1)/2 − q.
    alpha : float
        Level of the χ² test's verdict.

    Returns
    -------
    DataFrame
        Columns ``index, value, convention, threshold, verdict, note``. Rows: ``chisq``, ``df``,
        ``pvalue``, ``chisq_wishart``, ``cfi``, ``tli``, ``nfi``, ``rmsea``, ``rmsea_ci_lower``,
        ``rmsea_ci_upper``, ``rmsea_semopy``, ``srmr``, ``aic``, ``bic``, ``aic_semopy``,
        ``bic_semopy``, ``loglik``, ``baseline_chisq``, ``baseline_df``, ``npar``, ``n``.
    """
    p = S.shape[0]
    df = p * (p + 1) // 2 - n_free
    F = ml_discrepancy(S, sigma)
    chisq = n * F
    chisq_w = (n - 1) * F
    pval = float(stats.chi2.sf(chisq, df)) if df > 0 else math.nan
    chisq_b, df_b = baseline_chisq(S, n)
    ci_lo, ci_hi = rmsea_ci(chisq, df, n)
    ll = loglik(S, sigma, n)
    r = rmsea(chisq, df, n)
    rows = [
        ("chisq", chisq, "lavaan (likelihood = normal) and semopy: chi2 = N * F_ML", f"p > {alpha:g}",
         ("not available" if not np.isfinite(pval) else ("not rejected" if pval > alpha else "rejected")),
         "exact-fit test; with n > 200 it rejects for trivial misfit (Hu & Bentler 1999)"),
        ("df", df, "p(p + 1)/2 - free parameters", "", "", "" if df > 0 else
         ("the model is saturated (df = 0): the fit indices are not informative" if df == 0 else
          "df < 0: the model is not identified")),
        ("pvalue", pval, "P(chi2_df > chisq)", "", "", ""),
        ("chisq_wishart", chisq_w, "Wishart likelihood (lavaan likelihood = wishart, LISREL, EQS): chi2 = (N - 1) * F_ML",
         "", "", "same fit, N - 1 instead of N"),
        ("cfi", cfi(chisq, df, chisq_b, df_b), "Bentler (1990), lavaan", ">= .95 good, >= .90 acceptable",
         None, ""),
        ("tli", tli(chisq, df, chisq_b, df_b), "Tucker & Lewis (1973), lavaan", ">= .95 good, >= .90 acceptable",
         None, ""),
        ("nfi", nfi(chisq, chisq_b), "Bentler & Bonett (1980)", ">= .95 good, >= .90 acceptable", None, ""),
        ("rmsea", r, "lavaan: sqrt(max(chi2 - df, 0) / (df * N))", "<= .06 good, <= .08 acceptable", None, ""),
        ("rmsea_ci_lower", ci_lo, "lavaan: 90% CI by non-central chi2 inversion, N", "", "", ""),
        ("rmsea_ci_upper", ci_hi, "lavaan: 90% CI by non-central chi2 inversion, N", "", "", ""),
        ("rmsea_semopy", rmsea_semopy(chisq, df, n), "semopy 2.3.11: sqrt(max(chi2/df - 1, 0) / (N - 1))", "", "",
         "the value semopy.calc_stats prints; differs from lavaan's only by N vs N - 1"),
        ("srmr", srmr(S, sigma), "Bentler (1995), lavaan srmr: correlation-metric residuals, diagonal included",
         "<= .08 good", None, "semopy 2.3.11 reports no SRMR; computed here"),
        ("aic", -2 * ll + 2 * n_free, "lavaan: -2 logL + 2q (normal log-likelihood)", "lower is better", "", ""),
        ("bic", -2 * ll + n_free * math.log(n), "lavaan: -2 logL + q log N", "lower is better", "", ""),
        ("aic_semopy", 2 * n_free - 2 * F, "semopy 2.3.11: 2q - 2 F_ML", "lower is better", "",
         "another scale than lavaan's; compare models only within one convention"),
        ("bic_semopy", n_free * math.log(n) - 2 * F, "semopy 2.3.11: q log N - 2 F_ML", "lower is better", "",
         "another scale than lavaan's; compare models only within one convention"),
        ("loglik", ll, "lavaan: -N/2 (p log 2 pi + log|Sigma| + tr(S Sigma^-1))", "", "", ""),
        ("baseline_chisq", chisq_b, "independence model Sigma = diag(S), N * F_ML", "", "", ""),
        ("baseline_df", df_b, "p(p - 1)/2", "", "", ""),
        ("npar", n_free, "free parameters q", "", "", ""),
        ("n", n, "complete cases used", "", "", ""),
    ]
    cut = {"cfi": (0.95, 0.90, True), "tli": (0.95, 0.90, True), "nfi": (0.95, 0.90, True),
           "rmsea": (0.06, 0.08, False), "srmr": (0.08, None, False)}
    out = []
    for index, value, conv, thr, verdict, note in rows:
        if verdict is None:
            good, acc, hib = cut[index]
            verdict = _verdict(value, good, acc, hib)
        out.append({"index": index, "value": float(value), "convention": conv, "threshold": thr,
                    "verdict": verdict, "note": note})
    return pd.DataFrame(out, columns=FIT_COLUMNS)
