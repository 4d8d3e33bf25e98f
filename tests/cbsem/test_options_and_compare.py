"""Options (composite policy, MLR, single items, missing data) and the PLS vs CB-SEM comparison."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cbsem_data import exact_data, factor_cov

from surveysem.cbsem import compare_with_pls, comparison_figure, fit_cbsem, save_figure
from surveysem.cbsem.indices import cfi, rmsea, tli
from surveysem.errors import ConfigError, DataError, ModelError
from surveysem.model import parse_model

MODEL = "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A"


@pytest.fixture(scope="module")
def data():
    S, names = factor_cov({"A": [.7, .8, .6], "B": [.7, .7, .8]}, np.array([[1, .4], [.4, 1]]))
    return exact_data(S, names)


@pytest.fixture(scope="module")
def result(data):
    return fit_cbsem(data, parse_model(MODEL))


def test_composite_constructs_skip_the_fit_with_a_note_by_default(data):
    res = fit_cbsem(data, parse_model("A <~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A"))
    assert res.skipped and res.fit.empty and res.estimates.empty
    assert res.warning_table["kind"].tolist() == ["skipped_composite"]
    assert "A" in res.notes[0] and "composite" in res.notes[0]


def test_composite_constructs_can_be_fitted_as_reflective(data, result):
    res = fit_cbsem(data, parse_model("A <~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A"), composite="reflective")
    assert not res.skipped and "composite_as_reflective" in set(res.warning_table["kind"])
    assert res.fit_value("chisq") == pytest.approx(result.fit_value("chisq"), abs=1e-8)


def test_mlr_falls_back_to_ml_and_says_semopy_has_no_robust_ml(data, result):
    res = fit_cbsem(data, parse_model(MODEL), estimator="MLR")
    assert res.estimator == "ML"
    assert any("MLR" in n and "semopy" in n for n in res.notes)
    assert res.fit_value("chisq") == pytest.approx(result.fit_value("chisq"), abs=1e-8)


def test_unknown_estimator_or_kind_is_a_config_error(data):
    with pytest.raises(ConfigError, match="estimator"):
        fit_cbsem(data, parse_model(MODEL), estimator="WLSMV")
    with pytest.raises(ConfigError, match="kind"):
        fit_cbsem(data, parse_model(MODEL), kind="efa")


def test_cfa_drops_paths_and_frees_the_latent_covariance(data, result):
    res = fit_cbsem(data, parse_model(MODEL), kind="cfa")
    assert res.paths.empty
    est = res.estimates
    cov = est[(est["op"] == "~~") & (est["lhs"] != est["rhs"]) & est["lhs"].isin(["A", "B"])]
    assert len(cov) == 1 and cov["std"].iloc[0] == pytest.approx(0.4, abs=1e-4)  # population r(A, B) = .4
    # one path between two constructs is equivalent to their covariance: same chi2 and df
    assert res.fit_value("chisq") == pytest.approx(result.fit_value("chisq"), abs=1e-6)
    assert res.fit_value("df") == result.fit_value("df") == 21 - 13


def test_single_item_construct_gets_zero_error_variance_with_a_note(data):
    res = fit_cbsem(data, parse_model("A =~ a1 + a2 + a3\nC =~ b1\nC ~ A"))
    assert "single_item" in set(res.warning_table["kind"])
    est = res.estimates.set_index(["lhs", "op", "rhs"])
    assert est.loc[("b1", "~~", "b1"), "estimate"] == 0.0 and np.isnan(est.loc[("b1", "~~", "b1"), "se"])
    assert est.loc[("C", "=~", "b1"), "std"] == pytest.approx(1.0, abs=1e-9)


def test_missing_codes_are_dropped_listwise_with_a_note(data, result):
    d = data.copy()
    d.loc[[0, 5], "a2"] = -99
    res = fit_cbsem(d, parse_model(MODEL), missing_values=[-99])
    assert res.n == len(data) - 2 and res.n_dropped == 2
    assert "listwise_deletion" in set(res.warning_table["kind"])


def test_constant_item_and_missing_column_are_user_errors(data):
    d = data.copy()
    d["a3"] = 4.0
    with pytest.raises(DataError, match="a3"):
        fit_cbsem(d, parse_model(MODEL))
    with pytest.raises(ModelError, match="a9"):
        fit_cbsem(data, parse_model("A =~ a1 + a2 + a9\nB =~ b1 + b2 + b3\nB ~ A"))


def test_fit_index_formulas_by_hand():
    # chi2 = 30, df = 10, baseline chi2 = 300, df_B = 15, N = 101
    assert cfi(30, 10, 300, 15) == pytest.approx(1 - 20 / 285)
    assert tli(30, 10, 300, 15) == pytest.approx((20 - 3) / (20 - 1))
    assert rmsea(30, 10, 101) == pytest.approx(np.sqrt(20 / 1010))
    assert cfi(8, 10, 300, 15) == 1.0  # chi2 < df: no misfit


def test_fit_table_has_threshold_and_verdict_columns(result):
    f = result.fit.set_index("index")
    assert list(result.fit.columns) == ["index", "value", "convention", "threshold", "verdict", "note"]
    assert f.loc["cfi", "verdict"] in {"good", "acceptable", "poor"}
    assert ">= .95" in f.loc["cfi", "threshold"] and "<= .06" in f.loc["rmsea", "threshold"]
    assert "<= .08" in f.loc["srmr", "threshold"]


# -------------------------------------------------------------------------------- comparison
def _pls_paths(rows):
    cols = ["from", "to", "estimate", "boot_mean", "se", "t", "p", "ci_low", "ci_high", "bca_low", "bca_high"]
    return pd.DataFrame(rows, columns=cols)


def test_comparison_flags_sign_and_significance_differences(data):
    phi = np.array([[1, .9, .9], [.9, 1, .7], [.9, .7, 1]])
    S, names = factor_cov({"X": [.8] * 3, "Z": [.8] * 3, "Y": [.8] * 3}, phi)
    cb = fit_cbsem(exact_data(S, names), parse_model("X =~ x1 + x2 + x3\nZ =~ z1 + z2 + z3\nY =~ y1 + y2 + y3\nY ~ X + Z"))
    # CB-SEM (hand): X -> Y = 1.421 (> 1), Z -> Y = -0.579; PLS made up: both positive,
    # Z -> Y not significant (percentile CI spans 0) but significant by BCa.
    pls = _pls_paths([["X", "Y", 0.62, 0.62, 0.05, 12, 0.0, 0.52, 0.72, 0.52, 0.72],
                      ["Z", "Y", 0.20, 0.20, 0.11, 1.8, 0.07, -0.02, 0.41, 0.01, 0.43]])
    loads = pd.DataFrame({"construct": ["X"], "indicator": ["x1"], "estimate": [0.85], "p": [0.0],
                          "ci_low": [0.8], "ci_high": [0.9]})
    cmp = compare_with_pls(cb, pls, loads)
    p = cmp[cmp["kind"] == "path"].set_index(["from", "to"])
    assert list(p.index) == [("X", "Y"), ("Z", "Y")]
    assert p.loc[("X", "Y"), "sign_differs"] == False  # noqa: E712 (pandas boolean)
    assert "outside [-1, 1]" in p.loc[("X", "Y"), "note"]
    assert p.loc[("Z", "Y"), "sign_differs"] == True  # noqa: E712
    assert p.loc[("Z", "Y"), "pls_significant"] == False  # noqa: E712
    assert p.loc[("Z", "Y"), "difference"] == pytest.approx(-0.11 / 0.19 - 0.20, abs=1e-4)
    # CB-SEM significance is its std CI; equal to the flag
    cb_sig = bool(cb.paths.set_index("from").loc["Z", "std_p"] < 0.05)
    assert p.loc[("Z", "Y"), "cb_significant"] == cb_sig
    assert p.loc[("Z", "Y"), "significance_differs"] == (cb_sig is True)
    bca = compare_with_pls(cb, pls, None, pls_ci="bca").set_index(["from", "to"])
    assert bca.loc[("Z", "Y"), "pls_significant"] == True  # noqa: E712
    lo = cmp[cmp["kind"] == "loading"].set_index(["from", "to"])
    assert lo.loc[("X", "x1"), "cb_std"] == pytest.approx(0.8, abs=1e-4)
    assert lo.loc[("X", "x2"), "note"] == "not in the PLS table"


def test_comparison_rejects_a_pls_table_without_its_columns(result):
    bad = pd.DataFrame({"source": ["A"], "target": ["B"], "estimate": [0.4]})
    bad.attrs["source"] = "pls/paths.csv"
    with pytest.raises(DataError, match="pls/paths.csv.*'from'"):
        compare_with_pls(result, bad, None)


def test_comparison_figure_writes_png_and_svg(result, tmp_path):
    pls = _pls_paths([["A", "B", 0.38, 0.38, 0.06, 6, 0.0, 0.26, 0.5, 0.26, 0.5]])
    cmp = compare_with_pls(result, pls, None)
    files = save_figure(comparison_figure(cmp), tmp_path, "comparison")
    assert [f.name for f in files] == ["comparison.png", "comparison.svg"]
    assert files[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in files[1].read_bytes()[:500]
