"""Gaussian copula test of endogeneity (Park & Gupta 2012; Hult et al. 2018).

Outside references: statsmodels OLS on copula terms built by hand in the test (c(x) = Φ⁻¹(rank/(n + 1)), ties at
their average rank; Park & Gupta 2012, eq. 10; Hult et al. 2018), the same OLS on each resample's rows (the
bootstrap re-ranks every resample), and simulated data whose regressor is or is not correlated with the error
(Park & Gupta 2012, section 4: a non-normal endogenous regressor is detected, an exogenous one is not).
"""
from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from conftest import ROOT
from scipy import stats as sps

from surveysem.assess.endogeneity import (
    copula_regression,
    copula_sets,
    copula_term,
    copula_verdict,
    gaussian_copula,
    normality,
    resample_copula_terms,
)
from surveysem.pls import pls
from surveysem.stats import indices_to_counts, resample_indices


def _hand_copula(x):
    n = len(x)
    return sps.norm.ppf(sps.rankdata(x) / (n + 1))


def _data(n=150, rho=0.0, seed=0):
    """x = exponential margin of z₁ (non-normal), e = z₂, corr(z₁, z₂) = rho (Park & Gupta's Gaussian copula model)."""
    rng = np.random.default_rng(seed)
    z = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n)
    x = sps.expon.ppf(sps.norm.cdf(z[:, 0]))
    w = rng.integers(1, 6, size=n).astype(float)  # an exogenous Likert-like covariate with ties
    y = 1 + 0.5 * x + 0.3 * w + z[:, 1]
    return y, np.column_stack([x, w])


def test_copula_term_is_inverse_normal_of_rank_over_n_plus_1_with_average_ties():
    x = np.array([3.0, 1.0, 2.0, 2.0, 5.0])
    # ranks 4, 1, 2.5, 2.5, 5 over n + 1 = 6
    np.testing.assert_allclose(copula_term(x), sps.norm.ppf(np.array([4, 1, 2.5, 2.5, 5]) / 6), rtol=0, atol=1e-15)


def test_copula_regression_equals_statsmodels_ols_on_hand_built_copula_terms():
    y, X = _data(rho=0.4, seed=1)
    est, _ = copula_regression(y, X, [0, 1], boot=10, seed=1)
    design = sm.add_constant(np.column_stack([X, _hand_copula(X[:, 0]), _hand_copula(X[:, 1])]))
    np.testing.assert_allclose(est, sm.OLS(y, design).fit().params, rtol=0, atol=1e-12)


def test_bootstrap_draws_are_ols_on_each_resample_with_re_ranked_copula_terms():
    y, X = _data(n=60, rho=0.3, seed=2)
    idx = resample_indices(60, 25, seed=5)
    _, summ = copula_regression(y, X, [0], indices=idx)
    draws = []
    for i in idx:  # the resample's rows, copula term ranked within the resample (ties = repeated rows averaged)
        xb, yb = X[i], y[i]
        design = sm.add_constant(np.column_stack([xb, _hand_copula(xb[:, 0])]))
        draws.append(sm.OLS(yb, design).fit().params[-1])
    assert summ["se"].iloc[0] == pytest.approx(np.std(draws, ddof=1), rel=1e-10)
    assert summ.attrs["failed"] == 0


def test_resample_copula_terms_match_ranking_the_drawn_rows():
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, size=30).astype(float)
    idx = rng.integers(0, 30, size=(4, 30))
    got = resample_copula_terms(x, indices_to_counts(idx, 30))
    for b, i in enumerate(idx):
        np.testing.assert_allclose(got[b, i], _hand_copula(x[i]), rtol=0, atol=1e-14)


def test_seeded_bootstrap_is_the_replay_of_its_resamples():
    y, X = _data(seed=4)
    a = copula_regression(y, X, [0], boot=200, seed=9)[1]
    b = copula_regression(y, X, [0], indices=resample_indices(len(y), 200, 9))[1]
    assert a.equals(b)


@pytest.mark.parametrize("seed", range(4))
def test_endogenous_non_normal_regressor_is_detected(seed):
    y, X = _data(n=400, rho=0.5, seed=seed)
    _, summ = copula_regression(y, X, [0], boot=500, seed=seed)
    assert summ["p"].iloc[0] < 0.05
    assert normality(X[:, 0]) < 0.05  # the exponential margin is clearly non-normal


@pytest.mark.parametrize("seed", range(4))
def test_exogenous_regressor_is_not_flagged(seed):
    y, X = _data(n=400, rho=0.0, seed=seed + 10)
    _, summ = copula_regression(y, X, [0], boot=500, seed=seed)
    assert summ["p"].iloc[0] > 0.05


def test_normal_predictor_gives_not_identified_verdict():
    x = np.random.default_rng(5).normal(size=300)
    npv = normality(x)
    assert npv > 0.05 and normality(x, "shapiro") > 0.05
    assert copula_verdict(0.001, npv, 0.05) == "n/a"
    assert copula_verdict(0.001, 0.01, 0.05) == "warn"
    assert copula_verdict(0.5, 0.01, 0.05) == "pass"


def test_copula_sets_are_all_combinations_for_few_predictors_else_singles_and_all():
    assert copula_sets(2) == [(0,), (1,), (0, 1)]
    assert len(copula_sets(4)) == 15
    assert copula_sets(5) == [(0,), (1,), (2,), (3,), (4,), (0, 1, 2, 3, 4)]


def test_gaussian_copula_table_on_shopee_trust_matches_statsmodels_on_the_scores():
    res = pls(ROOT / "data/shopee_trust/data.csv", ROOT / "data/shopee_trust/model.lav", missing_values=[-99])
    tab = gaussian_copula(res, boot=200, seed=1)
    assert list(tab.columns) == ["outcome", "predictors", "copula_term", "estimate", "se", "t", "p",
                                 "normality_test", "normality_p", "verdict", "rule", "reference", "note"]
    st, scores = res.structure, res.scores
    n_rows = sum(sum(len(c) for c in copula_sets(len(st.predecessors[j]))) for j in st.endogenous)
    assert len(tab) == n_rows
    row = tab.iloc[0]
    j = st.constructs.index(row["outcome"])
    preds = [st.constructs[p] for p in st.predecessors[j]]
    target = row["copula_term"][2:-1]
    design = sm.add_constant(np.column_stack([scores[preds].to_numpy(), _hand_copula(scores[target].to_numpy())]))
    assert row["estimate"] == pytest.approx(sm.OLS(scores[row["outcome"]].to_numpy(), design).fit().params[-1],
                                            abs=1e-12)
    assert row["t"] == pytest.approx(row["estimate"] / row["se"])
    assert set(tab["verdict"]) <= {"pass", "warn", "n/a"}
    assert (tab.loc[tab["normality_p"] >= 0.05, "verdict"] == "n/a").all()


def test_copula_table_is_identical_whatever_the_batch_size(monkeypatch):
    import surveysem.assess.endogeneity as endogeneity

    res = pls(ROOT / "data/shopee_trust/data.csv", ROOT / "data/shopee_trust/model.lav", missing_values=[-99])
    a = gaussian_copula(res, boot=60, seed=8)
    monkeypatch.setattr(endogeneity, "batch_size", lambda *args, **kw: 7)
    b = gaussian_copula(res, boot=60, seed=8)
    assert a.equals(b)
