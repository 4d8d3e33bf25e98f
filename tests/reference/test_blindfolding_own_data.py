"""Blindfolding Q² on shopee_trust against semPLS 1.0-10 (vendored reference, no ../shared needed).

Reference: ``tests/reference/own_data/qsquared.json`` (script ``tests/reference/scripts/own_data_sempls_qsquared.R``):
``qSquared(sempls(..., wscheme = "pathWeighting", maxit = 1000, tol = 1e-10), d, dlines, impfun, ...)`` with the same
``wscheme/maxit/tol`` passed to ``qSquared`` (its re-estimations ignore the fitted object's settings) on seminr's
mean-replaced data (all rows), for d ∈ {7, 5, 6, 8} (shopee) and {7, 4, 6} (tiktok; 4 = the item count of EA, PA and
GGI and a divisor of 400) × ``dlines`` TRUE/FALSE × ``impfun`` none/meanrep, per-round SSE and SSO included.

The setting SmartPLS's rule "n/D must not be an integer" implies — data points numbered down each indicator column and
on into the next (``dlines = FALSE``), each omitted cell replaced by its column's mean over the round's other cases
(``impfun = meanrep``), cross-validated redundancy — is surveysem's default blindfolding (``q2_omission: column``).
"""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, load_own
from reference.compare import assert_close

from surveysem.assess.predict import q2_blindfolding
from surveysem.pls import pls

TOL = 1e-6  # the target; semPLS ran at tol 1e-10 (not measured yet: surveysem does not match this setting)


@pytest.fixture(scope="module")
def shopee():
    ref = load_own("qsquared.json")
    meta = ref["meta"]
    res = pls(ROOT / meta["data_files"]["shopee_trust"], ROOT / meta["model_files"]["shopee_trust"],
              missing_values=[-99])
    return res, ref["shopee_trust"]


def test_reference_covers_column_wise_mean_replaced_q2_for_every_distance(shopee):
    _, ref = shopee
    assert ref["endogenous_reflective"] == ["TRUST", "MB"] and ref["max_abs_diff_paths_vs_seminr"] < 1e-10
    for d in (7, 5, 6, 8):
        cell = ref["q2"][f"d{d}_dlinesFALSE_impute-meanrep"]
        assert cell["n_over_d_integer"] == (75 % d == 0) and len(cell["rounds"]) == 2  # rounds of TRUST and MB
        assert 0 < cell["Q2"]["TRUST"] < 1 and 0 < cell["Q2"]["MB"] < 1
    # with d | n the two numberings blind the same cells (semPLS gives identical Q² for dlines TRUE and FALSE)
    assert ref["q2"]["d5_dlinesTRUE_impute-meanrep"]["Q2"] == ref["q2"]["d5_dlinesFALSE_impute-meanrep"]["Q2"]


@pytest.mark.parametrize("d", [7, 6, 8])
def test_q2_numbered_down_each_column_with_mean_replacement_matches_sempls(shopee, d):
    res, ref = shopee
    ours = q2_blindfolding(res, distance=d).set_index("construct")["q2"]
    theirs = pd.Series(ref["q2"][f"d{d}_dlinesFALSE_impute-meanrep"]["Q2"]).dropna()
    assert_close(ours, theirs, TOL, f"shopee_trust blindfolding Q² d = {d}")
