"""Ordinary least squares as SPSS REGRESSION reports it: simple and multiple regressions, ANOVA,
correlation strength bands, coefficient of determination and hypothesis decisions.

Formulas (Gujarati & Porter 2009, ch. 3 and 7; Sugiyono 2015, ch. 9):

* b = (X'X)⁻¹X'y, SE(b) = √(s² diag((X'X)⁻¹)), s² = SSE/(n − k − 1), t = b/SE, p two-tailed on n − k − 1 df;
* standardized Beta_j = b_j · s_xj / s_y;
* R² = SSR/SST, adjusted R² = 1 − (1 − R²)(n − 1)/(n − k − 1), SE of estimate = s;
* F = (SSR/k) / (SSE/(n − k − 1)), p from F(k, n − k − 1);
* tolerance_j = 1 − R²_j (x_j on the other predictors), VIF_j = 1/tolerance_j.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataError
from ..format import level, p_phrase, plain

#: Sugiyono (2015, p. 184, Tabel 5.1) "pedoman interpretasi koefisien korelasi"
STRENGTH_BANDS = (
    (0.00, 0.20, "very low", "sangat rendah"),
    (0.20, 0.40, "low", "rendah"),
    (0.40, 0.60, "moderate", "sedang"),
    (0.60, 0.80, "strong", "kuat"),
    (0.80, 1.0000001, "very strong", "sangat kuat"),
)
STRENGTH_RULE = "|r| 0.00-0.199 very low, 0.20-0.399 low, 0.40-0.599 moderate, 0.60-0.799 strong, 0.80-1.000 very strong (Sugiyono 2015)"


def correlation_strength(r: float, language: str = "en") -> str:
    """Sugiyono's (2015, p. 184) verbal band for the size of a correlation |r|."""
    if not np.isfinite(r):
        return ""
    a = abs(r)
    for lo, hi, en, id_ in STRENGTH_BANDS:
        if lo <= a < hi:
            return en if language == "en" else id_
    return STRENGTH_BANDS[-1][2] if language == "en" else STRENGTH_BANDS[-1][3]


def t_table(df: int, alpha: float = 0.05, tails: int = 2) -> float:
    """Critical t ("t tabel"): t_{1−α/tails}(df)."""
    return float(stats.t.ppf(1 - alpha / tails, df))


def f_table(df1: int, df2: int, alpha: float = 0.05) -> float:
    """Critical F ("F tabel"): F_{1−α}(df1, df2)."""
    return float(stats.f.ppf(1 - alpha, df1, df2))


@dataclass
class OLSFit:
    """An OLS fit of ``dependent`` on ``predictors`` (with intercept)."""

    dependent: str
    predictors: tuple[str, ...]
    n: int
    coef: np.ndarray  # intercept first
    se: np.ndarray
    t: np.ndarray
    p: np.ndarray
    beta: np.ndarray  # standardized, predictors only
    tolerance: np.ndarray
    vif: np.ndarray
    ss_regression: float
    ss_residual: float
    ss_total: float
    fitted: np.ndarray
    resid: np.ndarray
    leverage: np.ndarray
    index: pd.Index = field(repr=False, default=None)

    @property
    def k(self) -> int:
        return len(self.predictors)

    @property
    def df_residual(self) -> int:
        return self.n - self.k - 1

    @property
    def r2(self) -> float:
        return self.ss_regression / self.ss_total

    @property
    def r(self) -> float:
        return float(np.sqrt(max(self.r2, 0.0)))

    @property
    def adj_r2(self) -> float:
        return 1 - (1 - self.r2) * (self.n - 1) / self.df_residual

    @property
    def se_estimate(self) -> float:
        return float(np.sqrt(self.ss_residual / self.df_residual))

    @property
    def f(self) -> float:
        return (self.ss_regression / self.k) / (self.ss_residual / self.df_residual)

    @property
    def f_p(self) -> float:
        return float(stats.f.sf(self.f, self.k, self.df_residual))


def check_design(data: pd.DataFrame, dependent: str, predictors: Sequence[str], what: str = "") -> None:
    """Raise a one-line :class:`DataError` naming the variable when OLS cannot be estimated.

    Checks: at least k + 2 rows; every variable has variance; no predictor is an exact linear
    combination of the others (nor of the intercept).
    """
    ctx = f" in the regression {dependent} ~ {' + '.join(predictors)}"
    n, k = len(data), len(predictors)
    if n < k + 2:
        raise DataError(f"only {n} complete rows for {k} predictor(s){ctx}; OLS needs at least k + 2 = {k + 2}",
                        fix="Collect more responses or drop predictors (rows with a missing item are removed listwise)")
    for v in (dependent, *predictors):
        x = data[v].to_numpy(dtype=float)
        if np.nanstd(x) == 0:
            raise DataError(f"variable {v!r} has zero variance{ctx} (every respondent has the score {x[0]:g})",
                            fix=f"Check the items of {v} or remove {v} from the model")
    X = np.column_stack([np.ones(n)] + [data[p].to_numpy(dtype=float) for p in predictors])
    for j, p in enumerate(predictors, start=1):
        others = np.delete(X, j, axis=1)
        coef, *_ = np.linalg.lstsq(others, X[:, j], rcond=None)
        res = X[:, j] - others @ coef
        if np.sum(res ** 2) <= 1e-10 * np.sum((X[:, j] - X[:, j].mean()) ** 2):
            partners = [q for q in predictors if q != p]
            raise DataError(f"predictor {p!r} is a perfect linear combination of "
                            f"{', '.join(map(repr, partners))}{ctx} (perfect collinearity, tolerance 0)",
                            fix=f"Remove {p} or the variable it duplicates from the model")


def fit_ols(data: pd.DataFrame, dependent: str, predictors: Sequence[str]) -> OLSFit:
    """Fit ``dependent ~ predictors`` by OLS (QR decomposition); see the module docstring for formulas.

    Raises
    ------
    DataError
        Too few rows, a variable without variance, or perfect collinearity (see :func:`check_design`).
    """
    predictors = tuple(predictors)
    check_design(data, dependent, predictors)
    n, k = len(data), len(predictors)
    y = data[dependent].to_numpy(dtype=float)
    Xp = data[list(predictors)].to_numpy(dtype=float)
    X = np.column_stack([np.ones(n), Xp])
    q, r = np.linalg.qr(X)
    coef = np.linalg.solve(r, q.T @ y)
    fitted = X @ coef
    resid = y - fitted
    df = n - k - 1
    sse = float(resid @ resid)
    sst = float(((y - y.mean()) ** 2).sum())
    s2 = sse / df
    rinv = np.linalg.inv(r)
    xtx_inv = rinv @ rinv.T
    se = np.sqrt(s2 * np.diag(xtx_inv))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = coef / se
    p = 2 * stats.t.sf(np.abs(t), df)
    sx = Xp.std(axis=0, ddof=1)
    beta = coef[1:] * sx / y.std(ddof=1)
    tol = np.ones(k)
    for j in range(k):
        if k == 1:
            break
        others = np.column_stack([np.ones(n), np.delete(Xp, j, axis=1)])
        c, *_ = np.linalg.lstsq(others, Xp[:, j], rcond=None)
        e = Xp[:, j] - others @ c
        tol[j] = (e @ e) / (((Xp[:, j] - Xp[:, j].mean()) ** 2).sum())
    leverage = np.einsum("ij,ij->i", q, q)
    return OLSFit(dependent=dependent, predictors=predictors, n=n, coef=coef, se=se, t=t, p=p, beta=beta,
                  tolerance=tol, vif=1 / tol, ss_regression=sst - sse, ss_residual=sse, ss_total=sst,
                  fitted=fitted, resid=resid, leverage=leverage, index=data.index)


def coefficients_table(fit: OLSFit) -> pd.DataFrame:
    """SPSS "Coefficients" table: ``dependent, term, b, se, beta, t, df, p, tolerance, vif``.

    ``term`` is ``"(Constant)"`` for the intercept (SPSS wording); Beta, tolerance and VIF are empty there.
    """
    terms = ("(Constant)",) + fit.predictors
    return pd.DataFrame({
        "dependent": fit.dependent, "term": terms, "b": fit.coef, "se": fit.se,
        "beta": np.r_[np.nan, fit.beta], "t": fit.t, "df": fit.df_residual, "p": fit.p,
        "tolerance": np.r_[np.nan, fit.tolerance], "vif": np.r_[np.nan, fit.vif],
    })


def model_summary_table(fit: OLSFit) -> pd.DataFrame:
    """SPSS "Model Summary": ``dependent, predictors, n, k, r, r2, adj_r2, se_estimate, kd_percent, strength, kd_statement``."""
    return pd.DataFrame([{
        "dependent": fit.dependent, "predictors": " + ".join(fit.predictors), "n": fit.n, "k": fit.k,
        "r": fit.r, "r2": fit.r2, "adj_r2": fit.adj_r2, "se_estimate": fit.se_estimate,
        "kd_percent": 100 * fit.r2, "strength": correlation_strength(fit.r),
        "kd_statement": kd_statement(fit.r, fit.predictors, fit.dependent),
    }])


def anova_table(fit: OLSFit) -> pd.DataFrame:
    """SPSS "ANOVA" table: rows Regression / Residual / Total with ``ss, df, ms, f, p``."""
    dfr, dfe = fit.k, fit.df_residual
    return pd.DataFrame({
        "dependent": fit.dependent,
        "source": ["Regression", "Residual", "Total"],
        "ss": [fit.ss_regression, fit.ss_residual, fit.ss_total],
        "df": [dfr, dfe, fit.n - 1],
        "ms": [fit.ss_regression / dfr, fit.ss_residual / dfe, np.nan],
        "f": [fit.f, np.nan, np.nan],
        "p": [fit.f_p, np.nan, np.nan],
    })


def kd_statement(r: float, predictors: Sequence[str], dependent: str) -> str:
    """The thesis sentence for the coefficient of determination KD = r² × 100 % (Sugiyono 2015)."""
    kd = 100 * r * r
    who = " and ".join(predictors)
    return (f"KD = r^2 x 100% = {plain(r)}^2 x 100% = {plain(kd, 1)}%: {who} explain(s) {plain(kd, 1)}% of the "
            f"variation in {dependent}; {plain(100 - kd, 1)}% is explained by other factors.")


def simple_regressions(scores: pd.DataFrame, dependent: str, predictors: Sequence[str],
                       alpha: float = 0.05) -> pd.DataFrame:
    """Every simple regression ``dependent ~ x`` (Y = a + bX, Sugiyono 2015, p. 261).

    Returns ``dependent, predictor, n, a, b, se_b, beta, r, r2, kd_percent, t, df, p, p_one_tailed,
    t_table_one_tailed, t_table_two_tailed, alpha, strength, equation, kd_statement``. ``p`` is two-tailed;
    ``p_one_tailed`` tests b > 0 (p/2 when t > 0, else 1 − p/2). t equals r√(n − 2)/√(1 − r²).
    """
    rows = []
    for x in predictors:
        fit = fit_ols(scores, dependent, [x])
        r = float(np.corrcoef(scores[x], scores[dependent])[0, 1])
        t, p = float(fit.t[1]), float(fit.p[1])
        rows.append({
            "dependent": dependent, "predictor": x, "n": fit.n, "a": fit.coef[0], "b": fit.coef[1],
            "se_b": fit.se[1], "beta": fit.beta[0], "r": r, "r2": fit.r2, "kd_percent": 100 * fit.r2,
            "t": t, "df": fit.df_residual, "p": p, "p_one_tailed": p / 2 if t > 0 else 1 - p / 2,
            "t_table_one_tailed": t_table(fit.df_residual, alpha, 1),
            "t_table_two_tailed": t_table(fit.df_residual, alpha, 2), "alpha": alpha,
            "strength": correlation_strength(r),
            "equation": (f"{dependent} = {plain(fit.coef[0])} {'+' if fit.coef[1] >= 0 else '-'} "
                         f"{plain(abs(fit.coef[1]))} {x}"),
            "kd_statement": kd_statement(r, [x], dependent),
        })
    return pd.DataFrame(rows)


def correlations(scores: pd.DataFrame) -> pd.DataFrame:
    """Pearson correlations of every pair of variables (SPSS CORRELATIONS), tidy.

    Returns ``var1, var2, n, r, p`` (two-tailed, t = r√(n−2)/√(1−r²)), ``strength`` (Sugiyono band), ``rule``.
    """
    cols = list(scores.columns)
    n = len(scores)
    rows = []
    for i, a in enumerate(cols):
        for b in cols[i + 1:]:
            x, y = scores[a].to_numpy(float), scores[b].to_numpy(float)
            r = float(np.corrcoef(x, y)[0, 1]) if x.std() > 0 and y.std() > 0 else float("nan")
            if n > 2 and np.isfinite(r) and abs(r) < 1:
                t = r * np.sqrt(n - 2) / np.sqrt(1 - r * r)
                p = float(2 * stats.t.sf(abs(t), n - 2))
            else:
                p = 0.0 if np.isfinite(r) and abs(r) == 1 else float("nan")
            rows.append({"var1": a, "var2": b, "n": n, "r": r, "p": p,
                         "strength": correlation_strength(r), "rule": STRENGTH_RULE})
    return pd.DataFrame(rows)


def hypothesis_tests(fits: Sequence[OLSFit], alpha: float = 0.05, tails: int = 2,
                     paths: Sequence[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The hypothesis table in thesis wording: one partial t test per path, one F test per equation.

    Partial test (uji t, Ghozali 2018): two-tailed, accepted when |t| > t_table(α/2, df) and p < α;
    one-tailed (a positive effect is hypothesised, "pengaruh positif"), accepted when t > t_table(α, df) and
    p_one = p/2 < α. Simultaneous test (uji F): accepted when F > F_table(α; k, n − k − 1) and p < α.
    Hypotheses are numbered H1, H2, ... in the order of the model's paths, then the F tests.

    Returns ``hypothesis, statement, dependent, predictor, test, statistic, df, critical, p, alpha,
    tails, decision, reason, note``.
    """
    by_dep = {f.dependent: f for f in fits}
    if paths is None:
        paths = [(x, f.dependent) for f in fits for x in f.predictors]
    rows = []
    h = 0
    for x, y in paths:
        f = by_dep[y]
        j = f.predictors.index(x) + 1
        t, p2 = float(f.t[j]), float(f.p[j])
        crit = t_table(f.df_residual, alpha, tails)
        note = ""
        if tails == 1:
            p = p2 / 2 if t > 0 else 1 - p2 / 2
            ok = t > crit and p < alpha
            cmp = f"t = {plain(t)} {'>' if t > crit else '<='} t-table = {plain(crit)} (one-tailed), {_pcmp(p, alpha)}"
            statement = f"{x} has a positive effect on {y}"
        else:
            p = p2
            ok = abs(t) > crit and p < alpha
            cmp = (f"|t| = {plain(abs(t))} {'>' if abs(t) > crit else '<='} t-table = {plain(crit)} (two-tailed), "
                   f"{_pcmp(p, alpha)}")
            statement = f"{x} has an effect on {y}"
            if ok and t < 0:
                note = "significant but negative: check the hypothesised direction"
        h += 1
        rows.append({"hypothesis": f"H{h}", "statement": statement, "dependent": y, "predictor": x,
                     "test": "t (partial)", "statistic": t, "df": str(f.df_residual), "critical": crit, "p": p,
                     "alpha": alpha, "tails": tails, "decision": "accepted" if ok else "rejected",
                     "reason": f"H{h}: {statement}: {'accepted' if ok else 'rejected'} ({cmp})", "note": note})
    for f in fits:
        if f.k < 2:
            continue
        crit = f_table(f.k, f.df_residual, alpha)
        ok = f.f > crit and f.f_p < alpha
        h += 1
        statement = f"{' and '.join(f.predictors)} simultaneously affect {f.dependent}"
        cmp = f"F = {plain(f.f)} {'>' if f.f > crit else '<='} F-table = {plain(crit)}, {_pcmp(f.f_p, alpha)}"
        rows.append({"hypothesis": f"H{h}", "statement": statement, "dependent": f.dependent,
                     "predictor": " + ".join(f.predictors), "test": "F (simultaneous)", "statistic": f.f,
                     "df": f"{f.k}, {f.df_residual}", "critical": crit, "p": f.f_p, "alpha": alpha, "tails": "",
                     "decision": "accepted" if ok else "rejected",
                     "reason": f"H{h}: {statement}: {'accepted' if ok else 'rejected'} ({cmp})", "note": ""})
    return pd.DataFrame(rows)


def _pcmp(p: float, alpha: float) -> str:
    """``p < .001 < .05`` style comparison of p with alpha for the decision sentence."""
    return f"{p_phrase(p)} {'<' if p < alpha else '>='} {level(alpha)}"
