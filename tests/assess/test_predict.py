"""Blindfolding Q² and PLSpredict: hand-worked single-item example (formulas written out below) and properties."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import needs_shared
from surveysem.assess.predict import plspredict, q2_blindfolding
from surveysem.errors import ConfigError
from surveysem.pls import pls

# Single-item constructs: weight = loading = 1 and the score is the standardized item, so PLS reduces to a
# correlation and every step can be written by hand.
X = np.array([1.0, 2, 3, 4, 5, 2, 4, 5])
Y = np.array([2.0, 1, 4, 3, 5, 3, 4, 4])
SMALL = pd.DataFrame({"x": X, "y": Y})
SMALL_MODEL = "X =~ x\nY =~ y\nY ~ X\n"


def _sd(v):
    return v.std(ddof=1)


def test_q2_blindfolding_matches_hand_computation():
    # Stone-Geisser Q² = 1 - SSE/SSO with D = 3 (does not divide n = 8). Round d omits y_i with i mod 3 = d,
    # replaces it by the mean of the remaining y, re-estimates (beta = corr(x, y_d)), predicts the standardized
    # omitted value by beta * z_x, and compares with the omitted y standardized by the round's mean and SD.
    sse = sso = 0.0
    for d in range(3):
        omit = np.arange(8) % 3 == d
        yd = Y.copy()
        yd[omit] = Y[~omit].mean()
        beta = np.corrcoef(X, yd)[0, 1]
        zx = (X - X.mean()) / _sd(X)
        zy = (Y - yd.mean()) / _sd(yd)
        sse += ((zy - beta * zx)[omit] ** 2).sum()
        sso += (zy[omit] ** 2).sum()
    expected = 1 - sse / sso
    q2 = q2_blindfolding(pls(SMALL, SMALL_MODEL), distance=3)
    assert list(q2["construct"]) == ["Y"]
    assert q2["q2"].iloc[0] == pytest.approx(expected, abs=1e-12)
    assert q2["sse"].iloc[0] == pytest.approx(sse, abs=1e-12) and q2["sso"].iloc[0] == pytest.approx(sso, abs=1e-12)


def test_plspredict_matches_hand_computation_and_equals_lm_for_single_items():
    # two folds given explicitly; train on one half, predict the other:
    # PLS: y_hat = mean_tr(y) + sd_tr(y) * corr_tr(x, y) * (x - mean_tr(x)) / sd_tr(x)  (= the OLS line, so LM
    # gives the same); naive benchmark: mean_tr(y); Q²_predict = 1 - SSE / SSE(naive) (Shmueli et al. 2019)
    folds = np.array([[0, 1, 0, 1, 0, 1, 0, 1]])
    pred = np.empty(8)
    naive = np.empty(8)
    for f in (0, 1):
        tr, te = folds[0] != f, folds[0] == f
        r = np.corrcoef(X[tr], Y[tr])[0, 1]
        pred[te] = Y[tr].mean() + _sd(Y[tr]) * r * (X[te] - X[tr].mean()) / _sd(X[tr])
        naive[te] = Y[tr].mean()
    rmse = np.sqrt(((Y - pred) ** 2).mean())
    mae = np.abs(Y - pred).mean()
    q2p = 1 - ((Y - pred) ** 2).sum() / ((Y - naive) ** 2).sum()
    out = plspredict(pls(SMALL, SMALL_MODEL), folds=folds).iloc[0]
    assert out["indicator"] == "y"
    assert out["rmse_pls"] == pytest.approx(rmse, abs=1e-12)
    assert out["mae_pls"] == pytest.approx(mae, abs=1e-12)
    assert out["q2_predict"] == pytest.approx(q2p, abs=1e-12)
    assert out["rmse_lm"] == pytest.approx(rmse, abs=1e-12) and out["q2_predict_lm"] == pytest.approx(q2p, abs=1e-12)


@needs_shared
def test_q2_is_positive_and_below_r2_on_corp_rep(corp_rep_raw, corp_rep_models):
    res = pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99])
    q2 = q2_blindfolding(res).set_index("construct")["q2"]
    r2 = res.r2.set_index("construct")["r2"]
    assert list(q2.index) == ["CUSA", "CUSL"]
    for c in q2.index:  # cross-validated redundancy cannot beat the in-sample explained share here
        assert 0 < q2[c] < r2[c]


@needs_shared
def test_omission_distance_that_divides_n_is_a_config_error(corp_rep_raw, corp_rep_models):
    res = pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99])
    assert res.n == 344  # = 8 * 43
    with pytest.raises(ConfigError, match="D = 8 divides the sample size n = 344"):
        q2_blindfolding(res, distance=8)


@needs_shared
def test_plspredict_beats_the_naive_mean_on_corp_rep(corp_rep_raw, corp_rep_models):
    res = pls(corp_rep_raw, corp_rep_models["extended"], missing_values=[-99])
    p = plspredict(res, k=10, reps=3, seed=1)
    assert set(p["construct"]) == {"COMP", "LIKE", "CUSA", "CUSL"}
    assert (p["q2_predict"] > 0).all()
    assert p.equals(plspredict(res, k=10, reps=3, seed=1))  # seeded
    da = plspredict(res, k=10, reps=2, seed=1, technique="DA")
    assert (da["q2_predict"] > 0).all()


def test_predictive_power_wording_follows_the_share_of_items_beating_lm():
    rng = np.random.default_rng(11)
    n = 200
    f = rng.normal(size=n)
    g = 0.6 * f + 0.8 * rng.normal(size=n)
    df = pd.DataFrame({**{f"x{i}": f + 0.6 * rng.normal(size=n) for i in (1, 2, 3)},
                       **{f"y{i}": g + 0.6 * rng.normal(size=n) for i in (1, 2, 3)}})
    p = plspredict(pls(df, "F =~ x1 + x2 + x3\nG =~ y1 + y2 + y3\nG ~ F\n"), reps=2, seed=3)
    share = p["pls_beats_lm_rmse"].mean()
    expect = "high" if share == 1 else ("medium" if share > 0.5 else ("low" if share > 0 else "none"))
    assert (p["predictive_power"] == expect).all()
