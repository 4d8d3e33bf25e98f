"""Interaction terms (``Y ~ X + W + X:W``) and quadratic effects (``Y ~ X + X:X``): hand derivations, a simulated
population model, the batched bootstrap against resampling the rows, and bad input.

Expected values come from ordinary least squares written out here (numpy ``lstsq``), from the population model of
each test, or from re-estimating literally resampled data; never from this package's earlier output.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveysem.assess.purify import purify_items
from surveysem.cli import main
from surveysem.errors import ConfigError, ModelError
from surveysem.pls import pls

METHODS = ["two_stage", "product_indicator", "orthogonal"]
SINGLE = "X =~ x\nW =~ w\nY =~ y\nY ~ X + W + X:W\n"


def _z(v):
    return (v - v.mean()) / v.std(ddof=1)


def _ols(y, *cols):
    """Coefficients (without the intercept) and R² of the OLS regression of y on the columns and an intercept."""
    A = np.column_stack([np.ones(len(y)), *cols])
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ beta
    return beta[1:], 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def _single_item_data(n=400, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    w = 0.4 * x + rng.normal(size=n)
    y = 0.3 * x + 0.2 * w - 0.25 * x * w + rng.normal(size=n)
    return pd.DataFrame({"x": 2 + x, "w": 5 - 2 * w, "y": 1 + 3 * y})  # arbitrary units: PLS standardizes


@pytest.mark.parametrize("method", METHODS)
def test_single_item_interaction_path_is_the_ols_coefficient_of_the_product_of_z_scores(method):
    # With single items every score is the z-score, so two-stage and product-indicator use z_x·z_w and the path is
    # the OLS coefficient of that product (Henseler & Chin 2010: the interaction on the scale of the product). For
    # orthogonal, e = z_x·z_w minus its OLS fit on x and w: by Frisch–Waugh–Lovell its coefficient in y ~ x + w + e
    # is again that of the product in y ~ x + w + x·w, while the main effects are those of y ~ x + w.
    d = _single_item_data()
    zx, zw, zy = _z(d["x"].to_numpy()), _z(d["w"].to_numpy()), _z(d["y"].to_numpy())
    (bx, bw, bxw), r2 = _ols(zy, zx, zw, zx * zw)
    res = pls(d, SINGLE, interaction=method)
    paths = res.paths.set_index(["from", "to"])["estimate"]
    assert paths[("X:W", "Y")] == pytest.approx(bxw, abs=1e-12)
    assert res.indicator_plan.triples == [("X:W", "X", "W")]
    assert res.r2.set_index("construct").loc["Y", "r2"] == pytest.approx(r2, abs=1e-12)
    if method == "orthogonal":
        (mx, mw), _ = _ols(zy, zx, zw)
        assert (paths[("X", "Y")], paths[("W", "Y")]) == pytest.approx((mx, mw), abs=1e-12)
    else:
        assert (paths[("X", "Y")], paths[("W", "Y")]) == pytest.approx((bx, bw), abs=1e-12)
    # the standardized interaction path (beside it in the bootstrap statistics) is the coefficient of the
    # standardized product term: bxw · sd(product)
    plan = res.indicator_plan
    std = plan.extra_values(res.fit)[0, 0]
    prod = zx * zw if method != "orthogonal" else zx * zw - np.column_stack([np.ones(len(zx)), zx, zw]) @ \
        np.linalg.lstsq(np.column_stack([np.ones(len(zx)), zx, zw]), zx * zw, rcond=None)[0]
    assert std == pytest.approx(bxw * prod.std(ddof=1), abs=1e-12)


def test_quadratic_term_is_the_ols_coefficient_of_the_squared_score():
    rng = np.random.default_rng(11)
    n = 500
    x = rng.normal(size=n)
    y = 0.5 * x + 0.3 * x ** 2 + rng.normal(size=n)
    d = pd.DataFrame({"x": x, "y": y})
    zx, zy = _z(x), _z(y)
    (b1, b2), r2 = _ols(zy, zx, zx * zx)
    for method in METHODS:  # a quadratic term is always two-stage
        res = pls(d, "X =~ x\nY =~ y\nY ~ X + X:X\n", interaction=method)
        paths = res.paths.set_index(["from", "to"])["estimate"]
        assert (paths[("X", "Y")], paths[("X:X", "Y")]) == pytest.approx((b1, b2), abs=1e-12)
        assert res.loadings.loc[res.loadings["construct"] == "X:X", "indicator"].tolist() == ["X:X"]


def _population(n, seed, b=(0.4, 0.25, 0.2), rho=0.3, lam=0.9):
    """Items of X, W (4 each) and Y (3) with loadings ``lam`` from Y = b1 X + b2 W + b3 X·W + ζ, where X and W are
    standard normal with correlation rho and var(ζ) makes var(Y) = 1 (Kenny & Judd 1984 population model)."""
    b1, b2, b3 = b
    rng = np.random.default_rng(seed)
    X = rng.normal(size=n)
    W = rho * X + np.sqrt(1 - rho ** 2) * rng.normal(size=n)
    explained = b1 ** 2 + b2 ** 2 + 2 * b1 * b2 * rho + b3 ** 2 * (1 + rho ** 2)  # var(XW) = 1 + rho² (normal)
    Y = b1 * X + b2 * W + b3 * X * W + np.sqrt(1 - explained) * rng.normal(size=n)
    cols = {}
    for name, f, k in (("x", X, 4), ("w", W, 4), ("y", Y, 3)):
        for i in range(1, k + 1):
            cols[f"{name}{i}"] = lam * f + np.sqrt(1 - lam ** 2) * rng.normal(size=n)
    return pd.DataFrame(cols)


MULTI = "X =~ x1 + x2 + x3 + x4\nW =~ w1 + w2 + w3 + w4\nY =~ y1 + y2 + y3\nY ~ X + W + X:W\n"


@pytest.mark.parametrize("method", METHODS)
def test_a_simulated_interaction_is_recovered_by_each_method(method):
    # population: b3 = 0.2 on the product of unit-variance X and W, var(Y) = 1, so the product-scale path is 0.2.
    # PLS scores carry measurement error (composite reliability of 4 items at 0.9: 0.94), which attenuates the
    # estimate by about the product's reliability (≈ 0.94² ≈ 0.89; Henseler & Chin 2010, table 4 report the same
    # underestimation); the bound allows that plus 3 bootstrap SEs.
    d = _population(3000, seed=5)
    res = pls(d, MULTI, interaction=method)
    boot = res.bootstrap(boot=200, seed=1, bca=False)
    row = boot.paths.set_index(["from", "to"]).loc[("X:W", "Y")]
    est, se = row["estimate"], row["se"]
    assert 0.2 * 0.85 - 3 * se <= est <= 0.2 + 3 * se, (est, se)
    assert row["ci_low"] > 0  # clearly detected
    # a model without the interaction in the population: the estimate is within 3 SE of 0
    d0 = _population(3000, seed=6, b=(0.4, 0.25, 0.0))
    res0 = pls(d0, MULTI, interaction=method)
    row0 = res0.bootstrap(boot=200, seed=1, bca=False).paths.set_index(["from", "to"]).loc[("X:W", "Y")]
    assert abs(row0["estimate"]) <= 3 * row0["se"]


@pytest.mark.parametrize("method", METHODS)
def test_bootstrap_draws_equal_estimates_on_the_resampled_rows_with_mean_replacement_redone(method):
    # the batched bootstrap (row counts, the interaction redone per resample) against estimating each resample's
    # rows as a data set of its own (pls() imputes that resample's own item means)
    d = _population(120, seed=8)
    d.iloc[[3, 17, 40, 41, 90], [0, 5, 9, 2, 6]] = np.nan
    res = pls(d, MULTI, interaction=method)
    idx = np.random.default_rng(2).integers(0, len(d), size=(4, len(d)))
    boot = res.bootstrap(indices=idx, seed=None, bca=False)
    draws = boot.draws_frame()
    for b in range(len(idx)):
        direct = pls(d.iloc[idx[b]].reset_index(drop=True), MULTI, interaction=method)
        for p in direct.paths.itertuples(index=False):
            assert draws.loc[b, f"path:{p[0]}->{p[1]}"] == pytest.approx(p[2], abs=1e-10)


@pytest.mark.parametrize("likert", [False, True], ids=["continuous", "likert"])
@pytest.mark.parametrize("method", METHODS)
def test_bootstrap_of_an_interaction_model_is_the_same_bytes_for_any_chunk_and_thread_count(method, likert):
    # continuous answers: the resample sums are added row after row; 1-5 answers: they are exact (a dyadic grid)
    d = _population(150, seed=9)
    if likert:
        d = np.clip(np.round(3 + 1.2 * d), 1, 5)
    d.iloc[[3, 17, 40], [0, 5, 9]] = np.nan
    res = pls(d, MULTI, interaction=method)
    a = res.bootstrap(boot=30, seed=3, chunk=30, n_jobs=1)
    for chunk, jobs in ((1, 1), (7, 2), (29, 2)):  # a batch of one resample included
        b = res.bootstrap(boot=30, seed=3, chunk=chunk, n_jobs=jobs)
        assert np.array_equal(a.draws, b.draws) and a.parameters.equals(b.parameters), (chunk, jobs)
    assert "path_standardized:X:W->Y" in a.draws_frame().columns


def test_product_indicator_with_a_composite_constituent_is_a_one_line_model_error():
    d = _population(100, seed=1)
    with pytest.raises(ModelError, match=r"requires reflective constituents.*W is composite.*two_stage"):
        pls(d, MULTI.replace("W =~", "W <~"), interaction="product_indicator")
    res = pls(d, MULTI.replace("W =~", "W <~"), interaction="two_stage")  # two-stage takes composites
    assert ("X:W", "Y") in set(zip(res.paths["from"], res.paths["to"]))


def test_unknown_interaction_method_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown interaction method 'three_stage'"):
        pls(_population(50, seed=1), MULTI, interaction="three_stage")


def test_cli_interaction_option_and_its_refusal_of_composites(tmp_path, capsys):
    d = _population(100, seed=2)
    data, model, out = tmp_path / "survey.csv", tmp_path / "model.lav", tmp_path / "out"
    d.to_csv(data, index=False)
    model.write_text(MULTI.replace("W =~", "W <~"))
    code = main(["pls", "--data", str(data), "--model", str(model), "--out", str(out), "--quiet", "--boot", "0",
                 "--interaction", "orthogonal"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and not out.exists()
    assert err.startswith("surveysem: error: ") and "\n" not in err
    assert "model.lav, line 4: interaction X:W with interaction: orthogonal requires reflective" in err
    model.write_text(MULTI)
    assert main(["pls", "--data", str(data), "--model", str(model), "--out", str(out), "--quiet", "--boot", "0",
                 "--interaction", "orthogonal"]) == 0
    paths = pd.read_csv(out / "paths.csv")
    assert ("X:W", "Y") in set(zip(paths["from"], paths["to"]))
    loadings = pd.read_csv(out / "loadings.csv")
    assert loadings.loc[loadings["construct"] == "X:W", "indicator"].tolist()[:2] == ["x1*w1", "x1*w2"]


def test_purification_never_drops_the_made_indicators_of_an_interaction_term():
    # items loading 0.7 in the population: several of the 16 orthogonalized products load below 0.708
    res = pls(_population(300, seed=4, lam=0.7), MULTI, interaction="orthogonal")
    products = res.loadings[res.loadings["construct"] == "X:W"]
    assert (products["estimate"] < 0.708).sum() >= 3
    final, log = purify_items(res, rule="strict")
    assert not log["indicator"].isin(products["indicator"]).any()


def test_a_quadratic_term_under_another_method_says_it_was_estimated_two_stage():
    rng = np.random.default_rng(1)
    x = rng.normal(size=100)
    d = pd.DataFrame({"x1": x + rng.normal(size=100), "x2": x + rng.normal(size=100), "y": x * x + rng.normal(size=100)})
    res = pls(d, "X =~ x1 + x2\nY =~ y\nY ~ X + X:X\n", interaction="product_indicator")
    assert any("X:X is a quadratic term: estimated two-stage" in w for w in res.warnings)
    assert res.loadings.loc[res.loadings["construct"] == "X:X", "indicator"].tolist() == ["X:X"]
    assert not pls(d, "X =~ x1 + x2\nY =~ y\nY ~ X + X:X\n").warnings


def test_resamples_where_an_item_has_no_variance_fail_with_a_reason_and_never_stop_the_run():
    # w2 is 1 in two of 40 rows: a resample without both rows (P = (38/40)^40 ≈ 0.13) has a constant w2
    rng = np.random.default_rng(0)
    d = pd.DataFrame({c: rng.normal(size=40) for c in ("x1", "x2", "w1", "y")})
    d["w2"] = 0.0
    d.loc[[3, 20], "w2"] = 1.0
    res = pls(d, "X =~ x1 + x2\nW =~ w1 + w2\nY =~ y\nY ~ X + W + X:W\n")
    boot = res.bootstrap(boot=50, seed=1, bca=False)
    assert 0 < len(boot.failed) < 50 and boot.n_ok == 50 - len(boot.failed)
    assert boot.failed["reason"].str.startswith("an indicator has no variance in the resample, or the first stage").all()
    assert np.isfinite(boot.draws).all()
