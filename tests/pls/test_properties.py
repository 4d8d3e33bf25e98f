"""Properties of the PLS estimator: invariances and recovery of a population model set by hand.

Population model (composite model, Dijkstra & Henseler 2015): for constructs k with standardized weights w_k
(w_kᵀ Σ_kk w_k = 1) and composite correlations R, the indicator covariance blocks are Σ_kl = R_kl Σ_kk w_k w_lᵀ Σ_ll.
Mode B recovers any composite weights; Mode A recovers them when w_k is an eigenvector of Σ_kk (equicorrelated items with
equal weights), so on the population matrix PLS returns the population paths exactly.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveysem.model import parse_model
from surveysem.pls import pls
from surveysem.pls.algorithm import fit_batch
from surveysem.pls.structure import Structure

MODEL = """
X =~ x1 + x2 + x3
M <~ m1 + m2 + m3
Y =~ y1 + y2 + y3 + y4
M ~ X
Y ~ X + M
"""
A, B, C = 0.5, 0.4, 0.3  # X -> M, M -> Y, X -> Y (standardized)


def population():
    """Indicator correlation matrix of the composite population model above, built by hand."""
    R = np.array([[1, A, C + A * B], [A, 1, B + A * C], [C + A * B, B + A * C, 1]])
    blocks = []
    # X: 3 equicorrelated items r = .5, equal weights; Y: 4 items r = .6, equal weights
    for size, r in ((3, 0.5), (None, None), (4, 0.6)):
        if size is None:
            blocks.append(None)
            continue
        S = np.full((size, size), r) + (1 - r) * np.eye(size)
        w = np.ones(size)
        blocks.append((S, w / np.sqrt(w @ S @ w)))
    Sm = np.array([[1, 0.3, 0.2], [0.3, 1, 0.4], [0.2, 0.4, 1]])
    wm = np.array([0.6, 0.3, 0.4])
    blocks[1] = (Sm, wm / np.sqrt(wm @ Sm @ wm))
    sizes = [3, 3, 4]
    p = sum(sizes)
    Sigma = np.zeros((p, p))
    off = np.cumsum([0] + sizes)
    for k in range(3):
        for m in range(3):
            Sk, wk = blocks[k]
            Sm, wm = blocks[m]
            blk = Sk if k == m else R[k, m] * np.outer(Sk @ wk, Sm @ wm)
            Sigma[off[k]:off[k + 1], off[m]:off[m + 1]] = blk
    return Sigma, blocks


def test_population_matrix_returns_population_paths_and_weights():
    Sigma, blocks = population()
    st = Structure.from_model(parse_model(MODEL))
    fit = fit_batch(Sigma[None], st)
    P = fit.path_matrix[0]
    assert P[0, 1] == pytest.approx(A, abs=1e-8)
    assert P[1, 2] == pytest.approx(B, abs=1e-8)
    assert P[0, 2] == pytest.approx(C, abs=1e-8)
    np.testing.assert_allclose(fit.weights[0][3:6], blocks[1][1], atol=1e-8)  # Mode B weights
    np.testing.assert_allclose(fit.weights[0][:3], blocks[0][1], atol=1e-8)  # Mode A, equal weights


def _sample(n, seed):
    Sigma, _ = population()
    rng = np.random.default_rng(seed)
    x = rng.multivariate_normal(np.zeros(len(Sigma)), Sigma, size=n)
    cols = ["x1", "x2", "x3", "m1", "m2", "m3", "y1", "y2", "y3", "y4"]
    return pd.DataFrame(x, columns=cols)


def test_simulated_sample_recovers_population_paths_within_sampling_error():
    df = _sample(4000, seed=11)
    res = pls(df, MODEL)
    boot = res.bootstrap(boot=400, seed=5, bca=False)
    paths = boot.paths.set_index(["from", "to"])
    for (a, b), true in {("X", "M"): A, ("M", "Y"): B, ("X", "Y"): C}.items():
        est, se = paths.loc[(a, b), "estimate"], paths.loc[(a, b), "se"]
        assert abs(est - true) < 4 * se, (a, b, est, se)
        assert paths.loc[(a, b), "ci_low"] < true < paths.loc[(a, b), "ci_high"] or abs(est - true) < 3 * se


def test_estimates_do_not_depend_on_row_order():
    df = _sample(300, seed=3)
    a = pls(df, MODEL)
    b = pls(df.sample(frac=1, random_state=9).reset_index(drop=True), MODEL)
    np.testing.assert_allclose(a.paths.estimate, b.paths.estimate, atol=1e-12)
    np.testing.assert_allclose(a.weights.estimate, b.weights.estimate, atol=1e-12)


def test_estimates_do_not_depend_on_indicator_scale_or_location():
    df = _sample(300, seed=4)
    scaled = df * np.arange(1, 11) * 3.7 + 100  # positive affine transformation of every indicator
    a, b = pls(df, MODEL), pls(scaled, MODEL)
    np.testing.assert_allclose(a.paths.estimate, b.paths.estimate, atol=1e-10)
    np.testing.assert_allclose(a.loadings.estimate, b.loadings.estimate, atol=1e-10)
    np.testing.assert_allclose(a.scores.to_numpy(), b.scores.to_numpy(), atol=1e-9)


def test_listwise_deletion_equals_estimating_on_complete_rows():
    df = _sample(200, seed=5)
    holed = df.copy()
    holed.loc[[3, 17, 40], "y2"] = -99
    a = pls(holed, MODEL, missing="listwise", missing_values=[-99])
    b = pls(df.drop(index=[3, 17, 40]).reset_index(drop=True), MODEL)
    assert a.n == 197 and a.data.counts["n_rows_dropped"] == 3
    np.testing.assert_allclose(a.paths.estimate, b.paths.estimate, atol=1e-12)


def test_mean_replacement_equals_estimating_on_hand_imputed_data():
    df = _sample(200, seed=6)
    holed = df.copy()
    holed.loc[[3, 17], "x2"] = np.nan
    holed.loc[[5], "m1"] = np.nan
    filled = holed.fillna(holed.mean())
    a, b = pls(holed, MODEL), pls(filled, MODEL)
    assert a.data.counts["n_cells_replaced"] == 3
    np.testing.assert_allclose(a.paths.estimate, b.paths.estimate, atol=1e-12)


@pytest.mark.parametrize("scheme", ["factorial", "centroid"])
def test_other_inner_schemes_recover_population_in_a_two_construct_model(scheme):
    # with two constructs every inner weighting scheme gives the same outer weights (Lohmöller 1989, 2.3)
    df = _sample(500, seed=8)
    model = "X =~ x1 + x2 + x3\nY =~ y1 + y2 + y3 + y4\nY ~ X"
    ref = pls(df, model).paths.estimate.to_numpy()
    other = pls(df, model, scheme=scheme).paths.estimate.to_numpy()
    np.testing.assert_allclose(other, ref, atol=1e-6)


def test_package_is_callable_as_documented():
    import surveysem

    df = _sample(100, seed=1)
    assert surveysem.pls(df, MODEL).paths.equals(pls(df, MODEL).paths)
