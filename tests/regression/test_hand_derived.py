"""Small cases derived by hand (formulas written out), plus published table values."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveysem.regression.assumptions import deviation_from_linearity, glejser, ks_normality
from surveysem.regression.instrument import cronbach_alpha, cronbach_alpha_ci, item_validity, r_table
from surveysem.regression.ols import correlation_strength, fit_ols, t_table
from surveysem.regression.scores import band_of, categories, category_bands


def test_deviation_from_linearity_on_six_rows_equals_the_hand_anova():
    # x = 1,1,2,2,3,3; y = 1,3,2,4,6,8.  Group means 2, 3, 7; grand mean 4.
    # SS_total   = 9+1+4+0+4+16 = 34
    # SS_between = 2[(2-4)^2 + (3-4)^2 + (7-4)^2] = 28, df = G - 1 = 2
    # SS_within  = 34 - 28 = 6, df = n - G = 3, MS_within = 2
    # Linearity: Sxx = 4, Sxy = 10 -> SS_lin = Sxy^2/Sxx = 25, df = 1, F = 25/2 = 12.5
    # Deviation: SS = 28 - 25 = 3, df = G - 2 = 1, F = 3/2 = 1.5
    # p = P(F(1,3) > 1.5) = P(|t_3| > sqrt(1.5)); for 3 df, P(|T| > t) = 1 - (2/pi)[atan(u) + u/(1+u^2)],
    # u = t/sqrt(3) = 1/sqrt(2)  (Student t CDF for odd df, Abramowitz & Stegun 26.7.3)
    tab = deviation_from_linearity([1, 3, 2, 4, 6, 8], [1, 1, 2, 2, 3, 3]).set_index("source")
    assert tab.loc["Total", "ss"] == pytest.approx(34)
    assert tab.loc["Between Groups (Combined)", "ss"] == pytest.approx(28)
    assert tab.loc["Between Groups (Combined)", "df"] == 2
    assert tab.loc["Within Groups", "ss"] == pytest.approx(6)
    assert tab.loc["Within Groups", "df"] == 3
    assert tab.loc["Linearity", "ss"] == pytest.approx(25)
    assert tab.loc["Linearity", "f"] == pytest.approx(12.5)
    assert tab.loc["Deviation from Linearity", "ss"] == pytest.approx(3)
    assert tab.loc["Deviation from Linearity", "df"] == 1
    assert tab.loc["Deviation from Linearity", "f"] == pytest.approx(1.5)
    u = 1 / math.sqrt(2)
    p = 1 - (2 / math.pi) * (math.atan(u) + u / (1 + u * u))
    assert tab.loc["Deviation from Linearity", "p"] == pytest.approx(p, rel=1e-10)


def test_ks_without_correction_on_three_points_equals_the_hand_value():
    # x = -1, 0, 1: mean 0, sd (n - 1) = 1. EDF vs Phi: the largest gap is 1/3 - Phi(-1) = Phi(1) - 2/3.
    # Asymptotic p = Q(sqrt(n) D), Q(l) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 l^2)  (Smirnov 1948)
    phi_m1 = 0.5 * math.erfc(1 / math.sqrt(2))
    d = 1 / 3 - phi_m1
    lam = math.sqrt(3) * d
    q = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 200))
    q = min(q, 1.0)
    D, p = ks_normality([-1.0, 0.0, 1.0])
    assert pytest.approx(d, rel=1e-12) == D
    assert p == pytest.approx(q, rel=1e-9)


def test_ks_asymptotic_p_on_a_moderate_sample_equals_the_smirnov_series():
    x = np.array([2.1, -0.3, 0.4, 1.7, -1.2, 0.05, 0.9, -0.7, 3.2, -2.0, 0.33, 1.1])
    n = len(x)
    z = np.sort((x - x.mean()) / x.std(ddof=1))
    phi = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in z])
    i = np.arange(1, n + 1)
    d = max((i / n - phi).max(), (phi - (i - 1) / n).max())
    lam = math.sqrt(n) * d
    q = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 200))
    D, p = ks_normality(x)
    assert pytest.approx(d, rel=1e-12) == D
    assert p == pytest.approx(min(q, 1.0), rel=1e-9)


def test_glejser_regresses_absolute_residuals_on_the_predictor_by_hand():
    # y = 1,2,2,5,4 on x = 1..5: b = Sxy/Sxx = 9/10 = 0.9, a = 2.8 - 0.9*3 = 0.1
    # residuals 0, 0.1, -0.8, 1.3, -0.6 -> |e| = 0, 0.1, 0.8, 1.3, 0.6 (mean 0.56)
    # |e| on x: Sxy = 2.4 -> b = 0.24, a = -0.16; fitted 0.08, 0.32, 0.56, 0.80, 1.04
    # SSE = 0.08^2 + 0.22^2 + 0.24^2 + 0.5^2 + 0.44^2 = 0.556; s^2 = 0.556/3; SE(b) = sqrt(s^2/10)
    d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [1.0, 2, 2, 5, 4]})
    fit = fit_ols(d, "y", ["x"])
    assert fit.coef == pytest.approx([0.1, 0.9])
    g = glejser(d, fit).set_index("term")
    se = math.sqrt(0.556 / 3 / 10)
    assert g.loc["x", "b"] == pytest.approx(0.24)
    assert g.loc["(Constant)", "b"] == pytest.approx(-0.16)
    assert g.loc["x", "se"] == pytest.approx(se)
    assert g.loc["x", "t"] == pytest.approx(0.24 / se)
    assert g.loc["x", "df"] == 3


def test_r_table_reproduces_the_printed_r_table():
    # Printed r tables (Sugiyono 2015, appendix "Nilai-nilai r Product Moment"; Fisher & Yates table VII):
    # two-tailed 5 %: df = 28 (n = 30) -> 0.361; df = 98 (n = 100) -> 0.197; df = 18 (n = 20) -> 0.444
    assert r_table(30) == pytest.approx(0.361, abs=5e-4)
    assert r_table(100) == pytest.approx(0.197, abs=5e-4)
    assert r_table(20) == pytest.approx(0.444, abs=5e-4)


def test_t_table_reproduces_the_printed_t_table():
    # Student t table: df = 97 one-tailed .05 -> 1.661, two-tailed .05 -> 1.985; df = 10 two-tailed -> 2.228
    assert t_table(97, 0.05, 1) == pytest.approx(1.661, abs=5e-4)
    assert t_table(97, 0.05, 2) == pytest.approx(1.985, abs=5e-4)
    assert t_table(10, 0.05, 2) == pytest.approx(2.228, abs=5e-4)


def test_cronbach_alpha_of_a_hand_example():
    # items (n = 4): a = 1,2,3,4; b = 2,2,4,4; c = 1,3,3,5
    # item variances (n-1): 5/3, 4/3, 8/3 -> sum 17/3; totals 4,7,10,13 -> variance 15
    # alpha = 3/2 (1 - (17/3)/15) = 3/2 * 28/45 = 0.9333...
    x = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]}, dtype=float)
    assert cronbach_alpha(x) == pytest.approx(1.5 * 28 / 45)
    iv = item_validity(x, {"V": ["a", "b", "c"]}).set_index("item")
    # corrected r of a with b + c = 3,5,7,9: perfectly linear in a -> 1
    assert iv.loc["a", "r_corrected"] == pytest.approx(1.0)
    # alpha if a deleted: b, c variances 4/3, 8/3, total b+c = 3,5,7,9 variance 20/3 -> 2(1 - 4/(20/3)) = 0.8
    assert iv.loc["a", "alpha_if_deleted"] == pytest.approx(0.8)


def test_alpha_confidence_interval_agrees_with_pingouin_feldt_interval(corp_rep_raw):
    import pingouin as pg

    items = corp_rep_raw[["comp_1", "comp_2", "comp_3"]].replace(-99, np.nan).dropna()
    a = cronbach_alpha(items)
    lo, hi = cronbach_alpha_ci(a, len(items), 3)
    pa, (plo, phi) = pg.cronbach_alpha(items)
    assert a == pytest.approx(pa)
    assert lo == pytest.approx(plo, abs=5e-4)  # pingouin rounds its CI to 3 decimals
    assert hi == pytest.approx(phi, abs=5e-4)


@pytest.mark.parametrize("r, band", [(0.0, "very low"), (0.199, "very low"), (0.2, "low"), (0.399, "low"),
                                     (0.4, "moderate"), (0.599, "moderate"), (0.6, "strong"), (-0.65, "strong"),
                                     (0.799, "strong"), (0.8, "very strong"), (1.0, "very strong")])
def test_correlation_strength_follows_sugiyono_bands(r, band):
    # Sugiyono (2015, p. 184): 0.00-0.199 very low, 0.20-0.399 low, 0.40-0.599 moderate, 0.60-0.799 strong,
    # 0.80-1.000 very strong (by the size of r)
    assert correlation_strength(r) == band


def test_category_bands_of_a_five_point_scale_have_width_0_8():
    # width = (5 - 1)/5 = 0.8: 1.00-1.80, 1.80-2.60, 2.60-3.40, 3.40-4.20, 4.20-5.00
    b = category_bands(1, 5)
    assert b["lower"].tolist() == pytest.approx([1.0, 1.8, 2.6, 3.4, 4.2])
    assert b["upper"].tolist() == pytest.approx([1.8, 2.6, 3.4, 4.2, 5.0])
    assert b["label_id"].tolist() == ["sangat rendah", "rendah", "sedang", "tinggi", "sangat tinggi"]
    # right-closed: 1.8 is "very low", 1.81 "low"; 1 and 5 are inside; 0.5 and 5.5 are outside
    assert band_of([1.0, 1.8, 1.81, 3.4, 3.41, 5.0, 0.5, 5.5], b).tolist() == [1, 1, 2, 3, 4, 5, 0, 6]


def test_categories_put_item_and_variable_means_in_their_band():
    # item p: mean (4+5+4+5)/4 = 4.5 -> very high; item q: (2+3+3+2)/4 = 2.5 -> low
    # variable: mean item score per respondent 3, 4, 3.5, 3.5 -> mean 3.5 -> high
    x = pd.DataFrame({"p": [4, 5, 4, 5], "q": [2, 3, 3, 2]}, dtype=float)
    c = categories(x, {"V": ["p", "q"]}, category_bands(1, 5)).set_index(["level", "item"])
    assert c.loc[("item", "p"), "mean"] == pytest.approx(4.5)
    assert c.loc[("item", "p"), "category"] == "very high"
    assert c.loc[("item", "q"), "category"] == "low"
    assert c.loc[("variable", ""), "mean"] == pytest.approx(3.5)
    assert c.loc[("variable", ""), "category"] == "high"


@settings(max_examples=40, deadline=None)
@given(st.floats(0.1, 100), st.floats(-50, 50), st.integers(0, 10_000))
def test_rescaling_a_predictor_rescales_b_and_leaves_t_beta_r2_unchanged(scale, shift, seed):
    # OLS equivariance (Gujarati & Porter 2009, sec. 6.3): x -> c x + d gives b -> b / c, same t, Beta, R^2
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    d = pd.DataFrame({"x1": rng.normal(size=30), "x2": rng.normal(size=30)})
    d["y"] = 0.5 * d["x1"] - 0.3 * d["x2"] + rng.normal(size=30)
    f0 = fit_ols(d, "y", ["x1", "x2"])
    d2 = d.assign(x1=d["x1"] * scale + shift)
    f1 = fit_ols(d2, "y", ["x1", "x2"])
    assert f1.coef[1] == pytest.approx(f0.coef[1] / scale, rel=1e-7, abs=1e-12)
    assert f1.t[1:] == pytest.approx(f0.t[1:], rel=1e-6, abs=1e-9)
    assert f1.beta == pytest.approx(f0.beta, rel=1e-6, abs=1e-9)
    assert f1.r2 == pytest.approx(f0.r2, rel=1e-9, abs=1e-12)


def test_simple_regression_t_equals_the_correlation_t_formula():
    # Sugiyono (2015): t = r sqrt(n - 2) / sqrt(1 - r^2) equals the slope's t in y = a + b x
    from surveysem.regression.ols import simple_regressions

    d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 6], "y": [2.0, 1, 4, 3, 6, 5]})
    s = simple_regressions(d, "y", ["x"]).iloc[0]
    r = np.corrcoef(d["x"], d["y"])[0, 1]
    assert s["t"] == pytest.approx(r * math.sqrt(4) / math.sqrt(1 - r * r))
    # deviations x: -2.5,-1.5,-.5,.5,1.5,2.5; y: -1.5,-2.5,.5,-.5,2.5,1.5
    # b = Sxy / Sxx = 14.5/17.5 = 29/35, a = 3.5 - (29/35) 3.5 = 0.6
    assert s["b"] == pytest.approx(29 / 35)
    assert s["a"] == pytest.approx(0.6)


def test_residual_chart_data_zresid_sresid_zpred_follow_their_definitions():
    # *ZRESID = e/s; *SRESID = e/(s sqrt(1 - h_ii)) with h_ii the diagonal of X(X'X)^-1X';
    # *ZPRED = (yhat - mean)/sd(yhat) (SPSS REGRESSION temporary variables; Cook & Weisberg 1982, eq. 2.2.9)
    from surveysem.regression.assumptions import residual_chart_data

    d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 7], "z": [2.0, 1, 0, 3, 1, 2], "y": [1.0, 3, 2, 5, 4, 8]})
    fit = fit_ols(d, "y", ["x", "z"])
    X = np.column_stack([np.ones(6), d["x"], d["z"]])
    h = np.diag(X @ np.linalg.inv(X.T @ X) @ X.T)
    e = d["y"].to_numpy() - X @ np.linalg.solve(X.T @ X, X.T @ d["y"].to_numpy())
    s = math.sqrt((e @ e) / (6 - 3))
    r = residual_chart_data(fit)
    assert r["residual"].to_numpy() == pytest.approx(e)
    assert r["zresid"].to_numpy() == pytest.approx(e / s)
    assert r["sresid"].to_numpy() == pytest.approx(e / (s * np.sqrt(1 - h)))
    yhat = d["y"].to_numpy() - e
    assert r["zpred"].to_numpy() == pytest.approx((yhat - yhat.mean()) / yhat.std(ddof=1))
    assert sorted(r["pp_observed"]) == pytest.approx([1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1])
