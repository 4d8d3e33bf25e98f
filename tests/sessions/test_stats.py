"""Rank correlations and HC3 regression against hand computations written out here (formulas cited)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveysem.sessions.stats import (
    frequency_hypothesis,
    kendall_tau_b,
    ols_hc3,
    rank_correlations,
    spearman_p,
    spearman_rho,
)


def test_spearman_five_points_by_rank_differences():
    # x = 10 20 30 40 50  -> ranks 1 2 3 4 5
    # y = 12  5 30 25 40  -> ranks 2 1 4 3 5
    # d = -1  1 -1  1  0  -> sum d^2 = 4
    # rho = 1 - 6 * 4 / (5 * (25 - 1)) = 1 - 24/120 = 0.8     (Spearman 1904; Siegel & Castellan 1988, eq. 9.4)
    assert spearman_rho([10, 20, 30, 40, 50], [12, 5, 30, 25, 40]) == pytest.approx(0.8, abs=1e-12)


def test_kendall_five_points_by_counting_pairs():
    # ranks as above; of the 10 pairs only (1,2) and (3,4) are discordant: nc = 8, nd = 2
    # tau = (8 - 2) / 10 = 0.6                                   (Kendall 1938)
    assert kendall_tau_b([10, 20, 30, 40, 50], [12, 5, 30, 25, 40]) == pytest.approx(0.6, abs=1e-12)


def test_tau_b_and_spearman_with_ties_by_hand():
    # x = 1 2 2 3, y = 1 3 2 3. Pairs: (1,2) C, (1,3) C, (1,4) C, (2,3) tied in x, (2,4) tied in y, (3,4) C
    # nc = 4, nd = 0, n0 = 6, n1 = 1 (tied in x), n2 = 1 (tied in y)
    # tau_b = (4 - 0) / sqrt((6 - 1)(6 - 1)) = 0.8              (Kendall 1945; Agresti 2010, sec. 7.1)
    assert kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 3]) == pytest.approx(0.8, abs=1e-12)
    # average ranks: x -> 1 2.5 2.5 4, y -> 1 3.5 2 3.5; deviations from 2.5:
    # dx = -1.5 0 0 1.5, dy = -1.5 1 -0.5 1; sum dx dy = 2.25 + 1.5 = 3.75; sum dx^2 = 4.5; sum dy^2 = 4.5
    # rho = 3.75 / 4.5 = 0.8333...  (Pearson r of the average ranks)
    assert spearman_rho([1, 2, 2, 3], [1, 3, 2, 3]) == pytest.approx(3.75 / 4.5, abs=1e-12)


def test_spearman_p_uses_t_with_n_minus_2_df():
    # rho = 0.8, n = 5: t = 0.8 * sqrt(3 / 0.36) = 2.3094; two-sided p from t(3) table: between .10 and .20
    # (t(3) critical values 2.353 at .10 and 1.638 at .20, Zar 2010 Table B.3)
    p = spearman_p(0.8, 5)
    assert 0.10 < p < 0.20
    assert spearman_p(0.0, 5) == pytest.approx(1.0)


def test_rank_correlations_reverse_sign_when_y_is_reversed_and_are_rank_invariant():
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(3)))
    x, y = rng.normal(size=12), rng.normal(size=12)
    for f in (spearman_rho, kendall_tau_b):
        assert f(x, -y) == pytest.approx(-f(x, y), abs=1e-12)
        assert f(np.exp(x), y ** 3) == pytest.approx(f(x, y), abs=1e-12)  # monotone transforms keep ranks


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=3, max_size=12))
def test_vectorised_tau_b_matches_the_pair_count_definition(pairs):
    x = np.array([p[0] for p in pairs], float)
    y = np.array([p[1] for p in pairs], float)
    nc = nd = tx = ty = 0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            s = np.sign(x[i] - x[j]) * np.sign(y[i] - y[j])
            nc += s > 0
            nd += s < 0
            tx += x[i] == x[j]
            ty += y[i] == y[j]
    n0 = n * (n - 1) / 2
    expected = (nc - nd) / np.sqrt((n0 - tx) * (n0 - ty)) if (n0 - tx) * (n0 - ty) > 0 else np.nan
    got = kendall_tau_b(x, y)
    assert (np.isnan(expected) and np.isnan(got)) or got == pytest.approx(expected, abs=1e-12)


def test_bootstrap_ci_is_seeded_and_brackets_the_estimate():
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(8)))
    d = pd.DataFrame({"sessions": rng.integers(1, 100, 15), "gmv_mean": rng.lognormal(12, 1, 15)})
    a = rank_correlations(d, "sessions", ["gmv_mean"], boot=500, seed=11)
    b = rank_correlations(d, "sessions", ["gmv_mean"], boot=500, seed=11)
    c = rank_correlations(d, "sessions", ["gmv_mean"], boot=500, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])
    assert (a["ci_low"] <= a["estimate"]).all() and (a["estimate"] <= a["ci_high"]).all()
    # a perfectly monotone relation stays perfect in every resample with two distinct accounts
    d["gmv_mean"] = d["sessions"] * 1000.0 + 1
    e = rank_correlations(d, "sessions", ["gmv_mean"], boot=200, seed=1)
    assert np.allclose(e[["estimate", "ci_low", "ci_high"]].to_numpy(), 1.0)


def test_hc3_standard_errors_of_a_simple_regression_by_hand():
    # x = 0 1 2 3, y = 1 3 2 6: xbar = 1.5, Sxx = 5, Sxy = 7 -> b1 = 1.4, b0 = 3 - 1.4*1.5 = 0.9
    # fitted 0.9 2.3 3.7 5.1 -> e = 0.1 0.7 -1.7 0.9
    # leverage h_i = 1/n + (x_i - xbar)^2 / Sxx = 0.7 0.3 0.3 0.7
    # HC3 weights w_i = e_i^2 / (1 - h_i)^2 = 0.01/0.09, 0.49/0.49, 2.89/0.49, 0.81/0.09 = 1/9, 1, 289/49, 9
    # b1 = sum a_i y_i with a_i = (x_i - xbar)/Sxx, so Var_HC3(b1) = sum a_i^2 w_i       (MacKinnon & White 1985;
    #   = (2.25/9 + 0.25 + 0.25*289/49 + 2.25*9) / 25 = 1089/1225  ->  SE = 33/35           Long & Ervin 2000, eq. 5)
    # b0 = sum c_i y_i with c_i = 1/n - xbar (x_i - xbar)/Sxx = 0.7 0.4 0.1 -0.2
    #   Var_HC3(b0) = 0.49/9 + 0.16 + 0.01*289/49 + 0.04*9
    x = np.array([0, 1, 2, 3.0])
    y = np.array([1, 3, 2, 6.0])
    res = ols_hc3(y, np.column_stack([np.ones(4), x]), ["const", "x"])
    c = res.coefficients.set_index("term")
    assert c.loc["x", "b"] == pytest.approx(1.4, abs=1e-12)
    assert c.loc["const", "b"] == pytest.approx(0.9, abs=1e-12)
    assert c.loc["x", "se_hc3"] == pytest.approx(33 / 35, abs=1e-12)
    assert c.loc["const", "se_hc3"] == pytest.approx(np.sqrt(0.49 / 9 + 0.16 + 0.01 * 289 / 49 + 0.04 * 9), abs=1e-12)
    assert c.loc["x", "t"] == pytest.approx(1.4 / (33 / 35), abs=1e-12)
    # R2 = 1 - SSE/SST = 1 - (0.01 + 0.49 + 2.89 + 0.81) / (4 + 0 + 1 + 9) = 1 - 4.2/14 = 0.7
    assert res.fit["r2"].iloc[0] == pytest.approx(0.7, abs=1e-12)
    assert int(res.fit["df_resid"].iloc[0]) == 2


def test_hc3_agrees_with_statsmodels_on_random_data():
    import statsmodels.api as sm

    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(5)))
    X = np.column_stack([np.ones(30), rng.normal(size=(30, 2))])
    y = X @ [1, 2, -1] + rng.normal(size=30) * (1 + np.abs(X[:, 1]))
    ref = sm.OLS(y, X).fit(cov_type="HC3", use_t=True)
    res = ols_hc3(y, X, ["const", "a", "b"]).coefficients
    np.testing.assert_allclose(res["b"], ref.params, rtol=1e-10)
    np.testing.assert_allclose(res["se_hc3"], ref.bse, rtol=1e-10)
    np.testing.assert_allclose(res["p"], ref.pvalues, rtol=1e-8)


def test_a_point_with_leverage_one_leaves_hc3_undefined_with_a_note():
    X = np.column_stack([np.ones(4), [0, 0, 0, 1.0]])  # the last point alone fixes its dummy: h = 1
    res = ols_hc3(np.array([1, 2, 3, 9.0]), X, ["const", "d"])
    assert res.coefficients["se_hc3"].isna().all()
    assert "leverage 1" in res.fit["note"].iloc[0]


def _corr(rho, lo, hi, n=10):
    return pd.DataFrame([{"x": "sessions", "y": "gmv_mean", "method": "spearman", "estimate": rho, "p": 0.5,
                          "ci_low": lo, "ci_high": hi, "ci_level": 0.95, "n": n}])


@pytest.mark.parametrize("rho, lo, hi, verdict, words", [
    (0.7, 0.2, 0.9, "contradicted", "sell more per session"),
    (-0.7, -0.9, -0.2, "supported", "sell less per session"),
    (-0.3, -0.8, 0.4, "not contradicted", "does not prove it"),
])
def test_the_verdict_follows_the_bootstrap_interval(rho, lo, hi, verdict, words):
    h = frequency_hypothesis(_corr(rho, lo, hi), None).iloc[0]
    assert h["verdict"] == verdict and words in h["reason"] and f"{rho:.3f}" in h["reason"]


def test_without_a_bootstrap_interval_the_p_value_decides():
    c = _corr(0.9, np.nan, np.nan)
    c["p"] = 0.001
    assert frequency_hypothesis(c, None)["verdict"].iloc[0] == "contradicted"
    c["p"] = 0.2
    assert frequency_hypothesis(c, None)["verdict"].iloc[0] == "not contradicted"


def test_bootstrap_blocks_give_the_same_resamples_as_one_draw():
    # 300 accounts -> blocks of 2e6 // 300^2 = 22 resamples; the CI must equal the one computed resample by resample
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(2)))
    d = pd.DataFrame({"sessions": rng.integers(1, 60, 300), "gmv_mean": rng.lognormal(11, 1, 300)})
    got = rank_correlations(d, "sessions", ["gmv_mean"], boot=50, seed=4).set_index("method")
    idx = np.random.Generator(np.random.PCG64(np.random.SeedSequence(4))).integers(0, 300, size=(50, 300))
    x, y = d["sessions"].to_numpy(float), d["gmv_mean"].to_numpy(float)
    ref = np.array([kendall_tau_b(x[i], y[i]) for i in idx])
    assert got.loc["kendall", "ci_low"] == pytest.approx(np.quantile(ref, 0.025), abs=1e-12)
    assert got.loc["kendall", "ci_high"] == pytest.approx(np.quantile(ref, 0.975), abs=1e-12)
