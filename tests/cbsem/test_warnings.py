"""Each diagnostic on constructed data whose improper solution is derived by hand.

Data are built with an exactly prescribed covariance matrix (``helpers.exact_data``), so the ML
solution is the algebraic one written in each test.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from cbsem_data import exact_data, factor_cov

import surveysem.cbsem.fit as cbfit
from surveysem.cbsem import fit_cbsem
from surveysem.model import parse_model


def kinds(res):
    return set(res.warning_table.loc[res.warning_table["severity"] == "warning", "kind"])


def test_heywood_negative_error_variance_and_loading_above_1_are_warned_not_raised():
    # One factor, three items, r12 = r13 = .8, r23 = .5. Just identified: l1*l2 = l1*l3 = .8, l2*l3 = .5
    # => l1^2 = .8*.8/.5 = 1.28, theta1 = 1 - 1.28 = -0.28 (Heywood case), l2 = l3 = .8/sqrt(1.28) = .7071.
    R = np.array([[1, .8, .8], [.8, 1, .5], [.8, .5, 1]])
    data = exact_data(R, ["x1", "x2", "x3"])
    res = fit_cbsem(data, parse_model("F =~ x1 + x2 + x3"))
    assert res.converged
    est = res.estimates.set_index(["lhs", "op", "rhs"])
    assert est.loc[("x1", "~~", "x1"), "estimate"] == pytest.approx(-0.28, abs=1e-4)
    assert est.loc[("F", "=~", "x1"), "std"] == pytest.approx(math.sqrt(1.28), abs=1e-4)
    assert est.loc[("F", "=~", "x2"), "std"] == pytest.approx(0.8 / math.sqrt(1.28), abs=1e-4)
    assert {"heywood_negative_variance", "heywood_loading_above_1"} <= kinds(res)
    w = res.warning_table.set_index("kind")
    assert w.loc["heywood_negative_variance", "where"] == "x1"
    assert any("Heywood" in m for m in res.warnings)


def test_latent_correlation_above_1_makes_latent_covariance_not_positive_definite():
    # Two factors, three items each: within-factor r = .5 (loadings sqrt(.5)), between r = .6
    # => phi_AB = .6 / (sqrt(.5)*sqrt(.5)) = 1.2; the latent correlation matrix [[1, 1.2], [1.2, 1]]
    # has eigenvalue 1 - 1.2 = -0.2 < 0.
    lam = math.sqrt(0.5)
    S, names = factor_cov({"A": [lam] * 3, "B": [lam] * 3}, np.array([[1, 1.2], [1.2, 1]]))
    data = exact_data(S, names)
    res = fit_cbsem(data, parse_model("A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3"), kind="cfa")
    assert res.converged
    assert res.latent_correlations.loc["A", "B"] == pytest.approx(1.2, abs=1e-4)
    assert res.fit_value("chisq") == pytest.approx(0.0, abs=1e-6)
    assert {"latent_covariance_not_pd", "latent_correlation_above_1"} <= kinds(res)


def test_standardized_path_outside_1_from_suppression_is_warned():
    # Latent correlations r(X1,X2) = .9, r(X1,Y) = .9, r(X2,Y) = .7; loadings .8.
    # Y ~ X1 + X2: b1 = (.9 - .9*.7)/(1 - .81) = 1.42105, b2 = (.7 - .9*.9)/(1 - .81) = -0.57895 (standardized
    # two-predictor regression, Cohen et al. 2003, ch. 3), R^2 = b1*.9 + b2*.7 = 0.87368.
    phi = np.array([[1, .9, .9], [.9, 1, .7], [.9, .7, 1]])
    S, names = factor_cov({"X": [.8] * 3, "Z": [.8] * 3, "Y": [.8] * 3}, phi)
    data = exact_data(S, names)
    res = fit_cbsem(data, parse_model("X =~ x1 + x2 + x3\nZ =~ z1 + z2 + z3\nY =~ y1 + y2 + y3\nY ~ X + Z"))
    assert res.converged
    paths = res.paths.set_index(["from", "to"])["std"]
    assert paths[("X", "Y")] == pytest.approx(0.27 / 0.19, abs=1e-4)
    assert paths[("Z", "Y")] == pytest.approx(-0.11 / 0.19, abs=1e-4)
    assert res.r2.set_index("construct").loc["Y", "r2"] == pytest.approx(0.9 * 0.27 / 0.19 - 0.7 * 0.11 / 0.19, abs=1e-4)
    w = res.warning_table
    flagged = w.loc[w["kind"] == "standardized_path_outside_1", "where"].tolist()
    assert flagged == ["Y ~ X"]


def _small_data():
    S, names = factor_cov({"A": [.7, .8, .6], "B": [.7, .7, .8]}, np.array([[1, .4], [.4, 1]]))
    return exact_data(S, names)


MODEL = "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A"


def test_well_behaved_model_has_no_warnings():
    res = fit_cbsem(_small_data(), parse_model(MODEL))
    assert res.converged and res.warnings == []
    assert res.paths["std"].iloc[0] == pytest.approx(0.4, abs=1e-4)  # the population correlation, exact data


def test_non_convergence_is_a_warning_row(monkeypatch):
    # Simulate an optimiser that stops at the starting values: the gradient there is not zero.
    import semopy

    def no_fit(self, *a, **k):
        raise RuntimeError("stopped")

    monkeypatch.setattr(semopy.Model, "fit", no_fit)
    monkeypatch.setattr(cbfit, "_refine", lambda sem, x0: x0)
    res = fit_cbsem(_small_data(), parse_model(MODEL))
    assert not res.converged
    assert "not_converged" in kinds(res)
    assert "did not converge" in res.summary() or "NOT CONVERGED" in res.summary()
    assert len(res.fit) and len(res.estimates)  # tables still there, flagged


def test_estimation_failure_is_a_warning_not_a_crash(monkeypatch):
    def boom(sem, x0):
        raise np.linalg.LinAlgError("Singular matrix")

    monkeypatch.setattr(cbfit, "_refine", boom)
    res = fit_cbsem(_small_data(), parse_model(MODEL))
    assert not res.converged
    assert "estimation_failed" in kinds(res)
    assert res.estimates.empty and res.fit.empty


def test_under_identified_model_is_flagged():
    # One factor with two items: 3 variances/covariances, 4 free parameters (loading, factor variance,
    # two error variances) => df = -1 (Bollen 1989, ch. 7, t-rule).
    S, names = factor_cov({"A": [.7, .8]}, np.array([[1.0]]))
    res = fit_cbsem(exact_data(S, names), parse_model("A =~ a1 + a2"))
    assert res.fit_value("df") == -1
    assert {"not_identified", "information_not_pd"} <= kinds(res)
