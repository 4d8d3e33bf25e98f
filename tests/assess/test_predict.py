"""Blindfolding Q² and PLSpredict: hand-worked single-item example (formulas written out below) and properties."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import needs_shared

from surveysem.assess.predict import omission_masks, plspredict, q2_blindfolding
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
    # Stone-Geisser Q² = 1 - ΣSSE/ΣSSO with D = 3 (does not divide n = 8), semPLS's conventions (Monecke & Leisch
    # 2012, qSquared with impfun = meanrep): everything on the full-sample z-scores. Round d omits y_i with
    # i mod 3 = d and replaces it by the mean m of the remaining z_y; re-estimation gives beta = corr(x, y_d); the
    # omitted value is predicted by the redundancy m + sd(y_d) * loading (= 1) * beta * z_x (Chin 1998) and
    # compared with z_y; SSO uses the same round mean m.
    zx, zy = (X - X.mean()) / _sd(X), (Y - Y.mean()) / _sd(Y)
    sse = sso = 0.0
    for d in range(3):
        omit = np.arange(8) % 3 == d
        m = zy[~omit].mean()
        yd = np.where(omit, m, zy)
        beta = np.corrcoef(zx, yd)[0, 1]
        sse += ((zy - (m + _sd(yd) * beta * zx))[omit] ** 2).sum()
        sso += ((zy - m)[omit] ** 2).sum()
    expected = 1 - sse / sso
    for omission in ("column", "case"):  # a single-item block: both numberings omit the same cells
        q2 = q2_blindfolding(pls(SMALL, SMALL_MODEL), distance=3, omission=omission)
        assert list(q2["construct"]) == ["Y"]
        assert q2["q2"].iloc[0] == pytest.approx(expected, abs=1e-12)
        assert q2["sse"].iloc[0] == pytest.approx(sse, abs=1e-12)
        assert q2["sso"].iloc[0] == pytest.approx(sso, abs=1e-12)


@pytest.mark.parametrize("n,p,d", [(250, 7, 7), (344, 3, 7), (10, 4, 3), (24, 5, 6)])
def test_column_omission_numbers_down_each_column_and_never_blanks_a_whole_column(n, p, d):
    # semPLS dlines = FALSE / SmartPLS: cell (case i, indicator c) has number c*n + i; round r omits number = r mod D
    masks = omission_masks(n, p, d, "column")
    i, c = np.meshgrid(np.arange(n), np.arange(p), indexing="ij")
    for r in range(d):
        np.testing.assert_array_equal(masks[r], (c * n + i) % d == r)
    assert (masks.sum(axis=0) == 1).all()  # every data point is omitted exactly once
    assert not masks.all(axis=1).any()  # no round blanks a whole indicator column
    if n % d:  # D does not divide n: the omitted cells of a case move between columns
        assert not (masks == masks[:, :, :1]).all()


def test_case_omission_blanks_every_indicator_of_every_dth_case():
    masks = omission_masks(10, 3, 4, "case")
    for r in range(4):
        np.testing.assert_array_equal(masks[r], np.repeat((np.arange(10) % 4 == r)[:, None], 3, axis=1))


def test_blindfolding_with_as_many_items_as_d_runs_without_warnings():
    # regression: the old row-wise numbering blanked one whole column per round when a block had D items
    rng = np.random.default_rng(5)
    n = 61
    f = rng.normal(size=n)
    g = 0.6 * f + 0.8 * rng.normal(size=n)
    df = pd.DataFrame({**{f"x{i}": f + 0.7 * rng.normal(size=n) for i in range(1, 4)},
                       **{f"y{i}": g + 0.7 * rng.normal(size=n) for i in range(1, 8)}})
    model = "F =~ x1 + x2 + x3\nG =~ " + " + ".join(f"y{i}" for i in range(1, 8)) + "\nG ~ F\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        q2 = q2_blindfolding(pls(df, model), distance=7)
    assert q2["q2"].notna().all() and (q2["verdict"] != "n/a").all()
    assert "SmartPLS 4 dropped blindfolding" in q2["note"].iloc[0]


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
def test_omission_distance_that_divides_n_omits_whole_cases_and_says_so(corp_rep_raw, corp_rep_models):
    res = pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99])
    assert res.n == 344  # = 8 * 43: column-wise numbering gives every column the same pattern = case-wise omission
    col, case = q2_blindfolding(res, distance=8), q2_blindfolding(res, distance=8, omission="case")
    np.testing.assert_allclose(col["q2"], case["q2"], rtol=0, atol=1e-14)
    assert "D = 8 divides n = 344" in col["note"].iloc[0]
    with pytest.raises(ConfigError, match="unknown blindfolding omission"):
        q2_blindfolding(res, omission="row")


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
