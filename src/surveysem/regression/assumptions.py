"""Classic assumption tests ("uji asumsi klasik") on a multiple regression, as SPSS theses report them.

Each test names the SPSS variant it reproduces, because SPSS procedures differ:

* normality: one-sample Kolmogorov-Smirnov against N(mean, sd) of the residuals with the *asymptotic*
  Kolmogorov p (SPSS NPAR TESTS /K-S "Asymp. Sig." as older SPSS versions print it and theses quote it; Ghozali 2018),
  the Lilliefors-corrected KS (SPSS EXAMINE "Tests of Normality"; Dallal & Wilkinson 1986 approximation),
  and Shapiro-Wilk (Royston 1995, as SPSS EXAMINE and R);
* linearity: SPSS MEANS /STATISTICS LINEARITY "Deviation from Linearity" per predictor;
* multicollinearity: tolerance > 0.10 and VIF < 10 (Ghozali 2018);
* heteroskedasticity: Glejser (1969) — |residual| regressed on the predictors, each t-test p > α means
  no heteroskedasticity — and Breusch-Pagan (1979) classic and Koenker (1981) studentized.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..stats import lilliefors_normality
from .ols import OLSFit, fit_ols

#: multicollinearity cut-offs (Ghozali 2018): tolerance above TOLERANCE_MIN and VIF below VIF_MAX (= 1 / 0.10)
TOLERANCE_MIN = 0.10
VIF_MAX = 10
MULTICOLLINEARITY_RULE = "tolerance > {tol:.2f} and VIF < {vif:g} (Ghozali 2018)".format(tol=TOLERANCE_MIN, vif=VIF_MAX)

ASSUMPTION_COLUMNS = ["dependent", "test", "predictor", "statistic_name", "statistic", "df", "p", "alpha",
                      "decision", "convention", "note"]


def ks_normality(x, ddof: int = 1) -> tuple[float, float]:
    """One-sample KS test of ``x`` against N(mean(x), sd(x)) with the asymptotic p-value.

    D = sup_x |F_n(x) − Φ((x − x̄)/s)| (s with n − 1); p = Q_KS(√n · D), Q_KS the Kolmogorov
    limiting distribution (Smirnov 1948). This is SPSS NPAR TESTS "Asymp. Sig. (2-tailed)" and R
    ``ks.test(x, "pnorm", mean(x), sd(x), exact = FALSE)``: the parameters are estimated from the data
    but *not* corrected for (hence conservative; Lilliefors 1967).
    """
    x = np.asarray(x, dtype=float)
    n = len(x)
    d = stats.kstest(x, "norm", args=(x.mean(), x.std(ddof=ddof))).statistic
    return float(d), float(stats.kstwobign.sf(np.sqrt(n) * d))


def deviation_from_linearity(y, x) -> pd.DataFrame:
    """SPSS MEANS /STATISTICS LINEARITY ANOVA table of ``y`` by the categories (distinct values) of ``x``.

    With groups g of equal x, ȳ_g their means and ȳ the grand mean:

    * SS_between = Σ_g n_g (ȳ_g − ȳ)², df = G − 1
    * SS_linearity = SS of the regression of y on x = r²·SS_total, df = 1
    * SS_deviation = SS_between − SS_linearity, df = G − 2
    * SS_within = Σ_i (y_i − ȳ_g(i))², df = n − G
    * F = MS_source / MS_within; "Deviation from Linearity" Sig. > α means the relation is linear.

    (SPSS Statistics Algorithms, MEANS: "Test of linearity"; identical to the nested-model F test
    ``anova(lm(y ~ x), lm(y ~ factor(x)))``.)

    Returns ``source, ss, df, ms, f, p`` with rows "Between Groups (Combined)", "Linearity",
    "Deviation from Linearity", "Within Groups", "Total".
    """
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(y)
    ybar = y.mean()
    levels, inv = np.unique(x, return_inverse=True)
    g = len(levels)
    counts = np.bincount(inv)
    means = np.bincount(inv, weights=y) / counts
    ss_total = float(((y - ybar) ** 2).sum())
    ss_between = float((counts * (means - ybar) ** 2).sum())
    ss_within = ss_total - ss_between
    sxy = ((x - x.mean()) * (y - ybar)).sum()
    sxx = ((x - x.mean()) ** 2).sum()
    ss_lin = float(sxy * sxy / sxx) if sxx > 0 else float("nan")
    ss_dev = ss_between - ss_lin
    df_w = n - g
    ms_w = ss_within / df_w if df_w > 0 else float("nan")

    def row(source, ss, df):
        ms = ss / df if df > 0 else float("nan")
        f = ms / ms_w if df > 0 and df_w > 0 and ms_w > 0 else float("nan")
        p = float(stats.f.sf(f, df, df_w)) if np.isfinite(f) else float("nan")
        return {"source": source, "ss": ss, "df": df, "ms": ms, "f": f, "p": p}

    rows = [row("Between Groups (Combined)", ss_between, g - 1), row("Linearity", ss_lin, 1),
            row("Deviation from Linearity", ss_dev, g - 2)]
    rows.append({"source": "Within Groups", "ss": ss_within, "df": df_w, "ms": ms_w, "f": np.nan, "p": np.nan})
    rows.append({"source": "Total", "ss": ss_total, "df": n - 1, "ms": np.nan, "f": np.nan, "p": np.nan})
    return pd.DataFrame(rows)


def breusch_pagan(resid, X, studentize: bool = True) -> tuple[float, int, float]:
    """Breusch-Pagan test of heteroskedasticity against the predictors ``X`` (no intercept column).

    Studentized (Koenker 1981): LM = n·R² of the regression of e² on X. Classic (Breusch & Pagan 1979):
    LM = ESS/2 of the regression of e²/σ̂² on X, σ̂² = Σe²/n. LM ~ χ²(k). Matches R ``lmtest::bptest``.
    """
    e2 = np.asarray(resid, dtype=float) ** 2
    X = np.asarray(X, dtype=float)
    n, k = X.shape
    Z = np.column_stack([np.ones(n), X])
    if studentize:
        w = e2
    else:
        w = e2 / (e2.sum() / n)
    c, *_ = np.linalg.lstsq(Z, w, rcond=None)
    fitted = Z @ c
    ess = float(((fitted - w.mean()) ** 2).sum())
    if studentize:
        lm = n * ess / float(((w - w.mean()) ** 2).sum())
    else:
        lm = ess / 2
    return lm, k, float(stats.chi2.sf(lm, k))


def glejser(scores: pd.DataFrame, fit: OLSFit) -> pd.DataFrame:
    """Glejser (1969) test: OLS of |e| on the predictors; a predictor's p < α flags heteroskedasticity.

    Returns the coefficient table of ``|residual| ~ predictors``: ``term, b, se, t, df, p``.
    """
    d = scores.loc[fit.index, list(fit.predictors)].copy()
    d["__abs_resid__"] = np.abs(fit.resid)
    g = fit_ols(d, "__abs_resid__", fit.predictors)
    return pd.DataFrame({"term": ("(Constant)",) + fit.predictors, "b": g.coef, "se": g.se, "t": g.t,
                         "df": g.df_residual, "p": g.p})


def assumption_tests(scores: pd.DataFrame, fit: OLSFit, alpha: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All classic assumption tests for one multiple regression.

    Returns
    -------
    (assumptions, linearity)
        ``assumptions``: one row per test (and per predictor where the test is per predictor), columns
        ``dependent, test, predictor, statistic_name, statistic, df, p, alpha, decision, convention, note``.
        ``linearity``: the full SPSS MEANS ANOVA table per predictor (``dependent, predictor, source, ss,
        df, ms, f, p``).
    """
    y = fit.dependent
    e = fit.resid
    rows = []

    def add(test, predictor, name, stat, df, p, decision, convention, note=""):
        rows.append({"dependent": y, "test": test, "predictor": predictor, "statistic_name": name,
                     "statistic": stat, "df": df, "p": p, "alpha": alpha, "decision": decision,
                     "convention": convention, "note": note})

    def normal(p):
        return "normal" if p > alpha else "not normal"

    d, p = ks_normality(e)
    add("normality: Kolmogorov-Smirnov (asymptotic)", "", "D", d, str(fit.n), p, normal(p),
        "SPSS NPAR TESTS one-sample K-S 'Asymp. Sig. (2-tailed)', no Lilliefors correction; "
        "residuals vs N(mean, sd with n - 1)",
        "conservative: parameters estimated from the residuals are not corrected for")
    d, p = lilliefors_normality(e)
    add("normality: Kolmogorov-Smirnov (Lilliefors)", "", "D", d, str(fit.n), p, normal(p),
        "SPSS EXAMINE 'Tests of Normality' K-S with Lilliefors significance correction "
        "(Dallal-Wilkinson 1986 approximation)",
        "SPSS prints .200* (a lower bound) when p > .200" if p > 0.2 else "")
    if 3 <= fit.n <= 5000:
        w, p = stats.shapiro(e)
        add("normality: Shapiro-Wilk", "", "W", float(w), str(fit.n), float(p), normal(float(p)),
            "SPSS EXAMINE / R shapiro.test (Royston 1995)")
    else:
        add("normality: Shapiro-Wilk", "", "W", np.nan, str(fit.n), np.nan, "not computed",
            "SPSS EXAMINE / R shapiro.test (Royston 1995)", "Shapiro-Wilk needs 3 <= n <= 5000")

    lin_frames = []
    for x in fit.predictors:
        tab = deviation_from_linearity(scores.loc[fit.index, y], scores.loc[fit.index, x])
        tab.insert(0, "predictor", x)
        tab.insert(0, "dependent", y)
        lin_frames.append(tab)
        dev = tab[tab["source"] == "Deviation from Linearity"].iloc[0]
        within = tab[tab["source"] == "Within Groups"].iloc[0]
        note = ""
        if dev["df"] < 1:
            note = f"{x} has only {int(dev['df']) + 2} distinct values: deviation from linearity cannot be tested"
        elif within["df"] < 1:
            note = f"every value of {x} occurs once: no within-group variance to test against"
        decision = ("linear" if dev["p"] > alpha else "not linear") if np.isfinite(dev["p"]) else "not computed"
        add("linearity: deviation from linearity", x, "F", dev["f"], f"{int(dev['df'])}, {int(within['df'])}",
            dev["p"], decision, "SPSS MEANS /STATISTICS LINEARITY 'Deviation from Linearity' (Sig. > alpha = linear)",
            note)

    for j, x in enumerate(fit.predictors):
        ok = fit.tolerance[j] > TOLERANCE_MIN and fit.vif[j] < VIF_MAX
        add("multicollinearity: VIF", x, "VIF", float(fit.vif[j]), "", np.nan,
            "no multicollinearity" if ok else "multicollinearity",
            MULTICOLLINEARITY_RULE, f"tolerance = {fit.tolerance[j]:.6g}")

    g = glejser(scores, fit)
    for _, r in g.iloc[1:].iterrows():
        add("heteroskedasticity: Glejser", r["term"], "t", float(r["t"]), str(int(r["df"])), float(r["p"]),
            "no heteroskedasticity" if r["p"] > alpha else "heteroskedasticity",
            "Glejser (1969): OLS of |residual| on the predictors, t test per predictor (Ghozali 2018)")
    X = scores.loc[fit.index, list(fit.predictors)].to_numpy(dtype=float)
    for stud, name, conv in ((True, "heteroskedasticity: Breusch-Pagan (Koenker)", "studentized, n R^2 of e^2 on X (Koenker 1981; R lmtest::bptest default)"),
                             (False, "heteroskedasticity: Breusch-Pagan (classic)", "ESS/2 of e^2/sigma^2_ML on X (Breusch & Pagan 1979; R lmtest::bptest(studentize = FALSE))")):
        lm, df, p = breusch_pagan(e, X, studentize=stud)
        add(name, "", "LM (chi-square)", lm, str(df), p,
            "no heteroskedasticity" if p > alpha else "heteroskedasticity", conv)
    out = pd.DataFrame(rows, columns=ASSUMPTION_COLUMNS)
    return out, pd.concat(lin_frames, ignore_index=True)


def residual_chart_data(fit: OLSFit) -> pd.DataFrame:
    """Data of the three SPSS regression charts, one row per case.

    Columns: ``dependent, row`` (data frame index), ``observed, predicted, residual``;
    ``zpred`` = (ŷ − mean ŷ)/sd(ŷ) (SPSS *ZPRED); ``zresid`` = e/s (SPSS *ZRESID, s = SE of estimate);
    ``sresid`` = e/(s√(1 − h_ii)) (SPSS *SRESID, internally studentized); ``pp_expected`` = Φ(z_(i)) and
    ``pp_observed`` = i/n for the i-th smallest standardized residual (normal P-P plot as SAS PROC REG
    documents it; ties keep their own rank), ``pp_rank`` = i.
    """
    e = fit.resid
    s = fit.se_estimate
    yhat = fit.fitted
    zpred = (yhat - yhat.mean()) / yhat.std(ddof=1) if yhat.std(ddof=1) > 0 else np.zeros_like(yhat)
    zresid = e / s
    sresid = e / (s * np.sqrt(np.clip(1 - fit.leverage, 1e-300, None)))
    order = np.argsort(zresid, kind="stable")
    rank = np.empty(len(e), dtype=int)
    rank[order] = np.arange(1, len(e) + 1)
    return pd.DataFrame({
        "dependent": fit.dependent, "row": np.asarray(fit.index), "observed": yhat + e, "predicted": yhat,
        "residual": e, "zpred": zpred, "zresid": zresid, "sresid": sresid,
        "pp_rank": rank, "pp_observed": rank / len(e), "pp_expected": stats.norm.cdf(zresid),
    })
