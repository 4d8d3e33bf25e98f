"""Across accounts: does going live more often go with selling more per session?

* :func:`spearman_rho`, :func:`kendall_tau_b` — rank correlations, vectorised over bootstrap resamples;
* :func:`rank_correlations` — both, with p-values and percentile bootstrap CIs (accounts resampled);
* :func:`ols_hc3` — OLS with HC3 heteroskedasticity-consistent standard errors;
* :func:`frequency_hypothesis` — "more live sessions ≠ more sales" as a hypothesis with a verdict in words.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..format import p_phrase, plain, plain_ci
from ..stats import blas_pinned, percentile_interval, resample_batches


def _ranks(a: np.ndarray) -> np.ndarray:
    """Average ranks (ties share the mean of their positions) along the last axis."""
    return stats.rankdata(a, axis=-1, method="average")


def spearman_rho(x, y) -> np.ndarray | float:
    """Spearman's ρ: the Pearson correlation of the average ranks (Spearman 1904; ties as in Kendall & Gibbons 1990).

    Without ties this equals :math:`1 - 6\\sum d_i^2 / (n(n^2-1))` with :math:`d_i` the rank differences.
    ``x`` and ``y`` may be 2-D (one resample per row); a row with a constant variable gives NaN.
    """
    rx, ry = _ranks(np.asarray(x, float)), _ranks(np.asarray(y, float))
    rx = rx - rx.mean(axis=-1, keepdims=True)
    ry = ry - ry.mean(axis=-1, keepdims=True)
    num = (rx * ry).sum(axis=-1)
    den = np.sqrt((rx ** 2).sum(axis=-1) * (ry ** 2).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return float(r) if r.ndim == 0 else r


def kendall_tau_b(x, y) -> np.ndarray | float:
    """Kendall's τ_b (Kendall 1945): :math:`(n_c - n_d) / \\sqrt{(n_0 - n_1)(n_0 - n_2)}`.

    :math:`n_c, n_d` are the concordant and discordant pairs, :math:`n_0 = n(n-1)/2`, and :math:`n_1, n_2` the
    pairs tied in ``x`` and in ``y``. Rows of 2-D input are separate samples; a constant variable gives NaN.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    sx = np.sign(x[..., :, None] - x[..., None, :])
    sy = np.sign(y[..., :, None] - y[..., None, :])
    iu = np.triu_indices(x.shape[-1], 1)
    sx, sy = sx[..., iu[0], iu[1]], sy[..., iu[0], iu[1]]
    s = (sx * sy).sum(axis=-1)
    den = np.sqrt((sx != 0).sum(axis=-1) * (sy != 0).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(den > 0, s / np.where(den > 0, den, 1), np.nan)
    return float(t) if t.ndim == 0 else t


def spearman_p(rho: float, n: int) -> float:
    """Two-sided p of Spearman's ρ from :math:`t = \\rho\\sqrt{(n-2)/(1-\\rho^2)}` on n − 2 df (Zar 2010, eq. 19.4)."""
    if not np.isfinite(rho) or n < 3:
        return np.nan
    if abs(rho) >= 1:
        return 0.0
    t = rho * np.sqrt((n - 2) / (1 - rho ** 2))
    return float(2 * stats.t.sf(abs(t), n - 2))


@blas_pinned
def rank_correlations(
    data: pd.DataFrame,
    x: str,
    ys: list[str],
    boot: int = 2000,
    seed: int | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Spearman and Kendall correlations of ``x`` with each of ``ys``, with percentile bootstrap CIs.

    Resample b draws n accounts with replacement from the rows of ``data`` (rows with a missing value in the
    pair are dropped first); its indices come from ``Generator(PCG64(SeedSequence(seed)))``, drawn batch after
    batch from the one stream (:func:`surveysem.stats.resample_batches`; the same numbers as one (boot × n)
    call), so resample b is the same whatever else runs. Resamples in which a variable is constant give
    no correlation and are dropped (counted in ``n_boot_valid``). The CI is the (α/2, 1 − α/2) percentile interval
    (Efron & Tibshirani 1993, ch. 13).

    p-values: Spearman from the t approximation (:func:`spearman_p`); Kendall τ_b from
    :func:`scipy.stats.kendalltau` (exact null distribution when n is small and there are no ties, else the normal
    approximation with the tie-corrected variance).

    Returns
    -------
    DataFrame
        ``x, y, method, estimate, p, p_method, ci_low, ci_high, ci_level, n, n_boot, n_boot_valid, note``.
    """
    rows = []
    for y in ys:
        d = data[[x, y]].dropna()
        xv, yv = d[x].to_numpy(float), d[y].to_numpy(float)
        n = len(d)
        resampled = bool(boot) and n >= 3
        if resampled and seed is None:
            raise ValueError("a seed is needed for the bootstrap")
        for method in ("spearman", "kendall"):
            note = []
            if n < 3:
                est, p = np.nan, np.nan
                note.append(f"only {n} account(s) with both values: no correlation")
            elif method == "spearman":
                est = float(spearman_rho(xv, yv))  # 1-D input: already a float
                p = spearman_p(est, n)
            else:
                est = float(kendall_tau_b(xv, yv))  # 1-D input: already a float
                p = float(stats.kendalltau(xv, yv).pvalue) if np.isfinite(est) else np.nan
            lo = hi = np.nan
            valid = 0
            if resampled and np.isfinite(est):
                f = spearman_rho if method == "spearman" else kendall_tau_b
                # batches of resamples keep Kendall's (boot x n x n) sign arrays small for many accounts
                step = max(1, int(2e6 // max(n * n, 1)))
                bs = np.concatenate([np.atleast_1d(f(xv[idx], yv[idx]))
                                     for _, _, idx in resample_batches(n, boot, seed, step)])
                bs = bs[np.isfinite(bs)]
                valid = int(bs.size)
                if valid:
                    lo, hi = percentile_interval(bs, level)
                if valid < boot:
                    note.append(f"{boot - valid} resample(s) with a constant variable dropped")
            if 3 <= n < 10:
                note.append(f"n = {n} accounts: the bootstrap CI is rough and the test has little power")
            rows.append({"x": x, "y": y, "method": method, "estimate": est, "p": p,
                         "p_method": "t approximation (n - 2 df)" if method == "spearman" else "scipy kendalltau",
                         "ci_low": float(lo), "ci_high": float(hi), "ci_level": level, "n": n, "n_boot": boot,
                         "n_boot_valid": valid, "note": "; ".join(note)})
    return pd.DataFrame(rows)


@dataclass
class OLSResult:
    """OLS estimates with HC3 standard errors: ``coefficients`` and ``fit`` tables (tidy)."""

    coefficients: pd.DataFrame
    fit: pd.DataFrame

    def summary(self) -> str:
        f = self.fit.iloc[0]
        out = [f"OLS {f['dependent']} ~ {f['predictors']} (HC3 SE, t on {int(f['df_resid'])} df): n = {int(f['n'])}, "
               f"R2 = {plain(f['r2'])}"]
        for _, r in self.coefficients.iterrows():
            out.append(f"  {r['term']}: b = {plain(r['b'])}, SE = {plain(r['se_hc3'])}, t = {plain(r['t'])}, "
                       f"{p_phrase(r['p'])}")
        return "\n".join(out)


@blas_pinned
def ols_hc3(y: np.ndarray, X: np.ndarray, names: list[str], dependent: str = "y", level: float = 0.95) -> OLSResult:
    """OLS with HC3 robust standard errors (MacKinnon & White 1985; Long & Ervin 2000).

    .. math::
        \\hat\\beta = (X'X)^{-1}X'y,\\qquad
        \\widehat{V}_{HC3} = (X'X)^{-1} X' \\operatorname{diag}\\!\\left(\\frac{e_i^2}{(1-h_{ii})^2}\\right) X (X'X)^{-1},

    with :math:`e = y - X\\hat\\beta` and :math:`h_{ii}` the diagonal of :math:`X(X'X)^{-1}X'`. Tests use
    :math:`t = \\hat\\beta_j / SE_j` on n − k df, as Long & Ervin (2000) recommend for small samples (statsmodels'
    ``cov_type="HC3"`` uses the normal distribution unless ``use_t=True``). A point with leverage 1 makes HC3
    undefined (NaN SEs, with a note). ``X`` must include the constant column.

    Returns
    -------
    OLSResult
        ``coefficients``: ``term, b, se_hc3, t, p, ci_low, ci_high``; ``fit``: ``dependent, predictors, n, k,
        df_resid, r2, adj_r2, note``.
    """
    y = np.asarray(y, float)
    X = np.asarray(X, float)
    n, k = X.shape
    note = []
    xtx_inv = np.linalg.pinv(X.T @ X)
    b = xtx_inv @ X.T @ y
    e = y - X @ b
    h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
    df = n - k
    with np.errstate(divide="ignore", invalid="ignore"):
        w = e ** 2 / (1 - h) ** 2
    if np.any(h > 1 - 1e-10):
        note.append("an account has leverage 1: HC3 standard errors are undefined")
        se = np.full(k, np.nan)
    else:
        meat = (X * w[:, None]).T @ X
        se = np.sqrt(np.diag(xtx_inv @ meat @ xtx_inv))
    if df <= 0:
        note.append(f"n = {n} accounts for {k} coefficients: no residual degrees of freedom")
    with np.errstate(divide="ignore", invalid="ignore"):
        t = b / se
        p = 2 * stats.t.sf(np.abs(t), df) if df > 0 else np.full(k, np.nan)
        q = stats.t.ppf(1 - (1 - level) / 2, df) if df > 0 else np.nan
    ss_res = float(e @ e)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    r2 = 1 - ss_res / ss_tot if ss_tot > 0 else np.nan
    adj = 1 - (1 - r2) * (n - 1) / df if df > 0 else np.nan
    if 0 < df < 5:
        note.append(f"only {df} residual df: the estimates are very uncertain")
    coefs = pd.DataFrame({"term": names, "b": b, "se_hc3": se, "t": t, "p": p,
                          "ci_low": b - q * se, "ci_high": b + q * se})
    fit = pd.DataFrame([{"dependent": dependent, "predictors": " + ".join(names[1:]), "n": n, "k": k, "df_resid": df,
                         "r2": r2, "adj_r2": adj, "se_type": "HC3", "note": "; ".join(note)}])
    return OLSResult(coefs, fit)


def frequency_hypothesis(correlations: pd.DataFrame, regression: pd.DataFrame | None,
                         x: str = "sessions", y: str = "gmv_mean") -> pd.DataFrame:
    """The claim "more live sessions ≠ more sales" as a hypothesis with a verdict in words.

    Claim (abstract of the Banyumas live-commerce study behind ``data/live_sessions``): "higher live frequency
    does not automatically translate into higher transaction value". Operationalised across accounts as:
    sessions in the window and mean GMV per session are *not* positively associated. Decision on the Spearman ρ
    and its bootstrap CI:

    * CI entirely above 0 → **contradicted** (accounts that go live more often do sell more per session);
    * CI entirely below 0 → **supported** (more sessions go with less GMV per session);
    * otherwise → **not contradicted**: no evidence of a positive association, which is not proof of none.

    Without a bootstrap interval (``boot = 0``) the two-sided t-approximation p < .05 decides instead.

    The log–log regression's frequency elasticity (controlling for viewers per session) is reported beside it.

    Returns
    -------
    DataFrame
        One row: ``hypothesis, statement, test, estimate, ci_low, ci_high, p, n, verdict, reason``.
    """
    r = correlations[(correlations["x"] == x) & (correlations["y"] == y) & (correlations["method"] == "spearman")]
    statement = ("More live sessions do not mean more sales: across accounts, the number of sessions in the window "
                 "is not positively associated with the mean GMV per session")
    if r.empty or not np.isfinite(r["estimate"].iloc[0]):
        return pd.DataFrame([{"hypothesis": "H1", "statement": statement, "test": "Spearman rho, bootstrap CI",
                              "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p": np.nan, "n": 0,
                              "verdict": "not tested", "reason": "Too few accounts with sessions to correlate."}])
    r = r.iloc[0]
    rho, lo, hi, n = r["estimate"], r["ci_low"], r["ci_high"], int(r["n"])
    ci = f"{int(round(100 * r['ci_level']))}% bootstrap CI {plain_ci(lo, hi)}"
    if np.isfinite(lo) and lo > 0:
        verdict = "contradicted"
        words = (f"Accounts that go live more often sell more per session (Spearman rho = {plain(rho)}, {ci}, "
                 f"n = {n} accounts): the claim is not supported by these data.")
    elif np.isfinite(hi) and hi < 0:
        verdict = "supported"
        words = (f"Accounts that go live more often sell less per session (Spearman rho = {plain(rho)}, {ci}, "
                 f"n = {n} accounts): more sessions do not mean more sales per session.")
    elif not (np.isfinite(lo) and np.isfinite(hi)) and np.isfinite(r["p"]) and r["p"] < 0.05:
        # no bootstrap interval (boot = 0): decide on the two-sided test at .05 instead
        verdict = "contradicted" if rho > 0 else "supported"
        more_less = "more" if rho > 0 else "less"
        words = (f"Accounts that go live more often sell {more_less} per session (Spearman rho = {plain(rho)}, "
                 f"{p_phrase(r['p'])}, n = {n} accounts; no bootstrap interval was computed).")
    else:
        verdict = "not contradicted"
        words = (f"No evidence that accounts that go live more often sell more per session (Spearman rho = "
                 f"{plain(rho)}, {ci}, n = {n} accounts). This is consistent with the claim but does not prove it: "
                 f"the interval includes zero, and with {n} accounts a moderate association could be missed.")
    if regression is not None and not regression.empty:
        fr = regression[regression["term"] == "log_sessions"]
        if not fr.empty and np.isfinite(fr["b"].iloc[0]):
            f = fr.iloc[0]
            words += (f" Holding viewers per session fixed, 1% more sessions goes with {plain(f['b'])}% change in GMV "
                      f"per session (log-log OLS, HC3 SE = {plain(f['se_hc3'])}, {p_phrase(f['p'])}).")
    return pd.DataFrame([{"hypothesis": "H1", "statement": statement,
                          "test": "Spearman rho of sessions with mean GMV per session, percentile bootstrap CI "
                                  "(accounts resampled)",
                          "estimate": rho, "ci_low": lo, "ci_high": hi, "p": r["p"], "n": n, "verdict": verdict,
                          "reason": words}])
