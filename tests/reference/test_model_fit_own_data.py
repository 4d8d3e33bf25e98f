"""PLS model fit on shopee_trust agrees with R cSEM 0.6.1 (vendored reference, no ../shared needed).

Reference: ``tests/reference/own_data/shopee_trust_cSEM.json``, block ``PLS_tol1e-10`` (script
``tests/reference/scripts/own_data_csem.R``): ``assess(csem(.data = seminr's mean-replaced data (all 75 rows),
.model = data/shopee_trust/model.lav, .approach_weights = "PLS-PM", .PLS_weight_scheme_inner = "path",
.disattenuate = FALSE, .tolerance = 1e-10))``: SRMR, DL (= d_ULS), DG (= d_G with log base 10), DML (= F_ML),
Chi_square, NFI of the estimated model. surveysem is run at the same tolerance (its criterion Σ|Δw| < 1e-10,
cSEM's max|Δw| < 1e-10).
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, load_own
from reference.compare import assert_scalar

from surveysem.assess.fit import model_fit
from surveysem.pls import pls

TOL = 5e-12  # relative to max(1, |value|): measured ≤ 2.3e-12 (d_ULS); both stop at a weight change of 1e-10


@pytest.fixture(scope="module")
def fit():
    ref = load_own("shopee_trust_cSEM.json")
    meta = ref["meta"]
    res = pls(ROOT / meta["data_file"], ROOT / meta["model_file"], missing_values=[-99], tol=1e-10)
    assert res.n == meta["n"] == 75
    return res, model_fit(res).set_index("index"), ref["PLS_tol1e-10"]["assess"]


@pytest.mark.parametrize("ours,theirs", [("SRMR", "SRMR"), ("d_ULS", "DL"), ("chi2", "Chi_square"), ("NFI", "NFI")])
def test_estimated_model_fit_matches_csem(fit, ours, theirs):
    _, f, ref = fit
    assert_scalar(f.loc[ours, "estimated"], ref[theirs], TOL, f"shopee_trust: {ours} vs cSEM", relative=True)


def test_d_g_matches_csem_log10_and_natural_log_is_ln10_squared_larger(fit):
    # cSEM 0.6.1 takes log10 of the eigenvalues; d_G = ½ Σ (log λ)² scales with (ln 10)² between the bases
    res, f, ref = fit
    d10 = model_fit(res, dg_log_base=10).set_index("index").loc["d_G", "estimated"]
    assert_scalar(d10, ref["DG"], TOL, "shopee_trust: d_G (log10) vs cSEM", relative=True)
    assert_scalar(f.loc["d_G", "estimated"], ref["DG"] * np.log(10) ** 2, TOL, "shopee_trust: d_G (ln) vs cSEM",
                  relative=True)


def test_chi2_is_n_minus_1_times_csem_f_ml(fit):
    res, f, ref = fit
    assert_scalar(f.loc["chi2", "estimated"], (res.n - 1) * ref["DML"], TOL, "shopee_trust: chi² = (n-1) DML",
                  relative=True)


def test_saturated_model_equals_estimated_when_every_construct_pair_is_linked(fit):
    # TRUST ~ OCR + R and MB ~ OCR + R + TRUST regress each construct on all earlier ones (and OCR, R are free),
    # so the structural model reproduces the construct correlations and both fit variants coincide
    _, f, _ = fit
    np.testing.assert_allclose(f["saturated"].astype(float), f["estimated"].astype(float), rtol=1e-12)
