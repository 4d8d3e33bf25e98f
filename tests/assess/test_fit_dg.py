"""d_G in both log bases agrees with R cSEM 0.6.1 (``assess()``'s DG uses log base 10).

References: ../shared/reference/csem/corp_rep_{simple,extended}_cSEM.json and
../shared/reference/own_data/shopee_trust_cSEM.json (the project's own example data), block ``PLS_tol1e-10``
(plain PLS, tolerance 1e-10). ``model_fit.csv`` reports d_G with the natural log (Dijkstra & Henseler 2015) in
row ``d_G`` and cSEM's base-10 value in row ``d_G_log10``; since log10 x = ln x / ln 10,
d_G(ln) = d_G(log10) · (ln 10)² exactly.
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, load_json, needs_shared

from surveysem.assess.fit import model_fit
from surveysem.pls import pls

pytestmark = needs_shared
TOL = 1e-10  # observed max |Δ| 4.2e-13 (log10) and 2.2e-12 (ln), corp_rep extended


def _cases(corp_rep_raw, corp_rep_models):
    yield "corp_rep simple", pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99], tol=1e-10), \
        load_json("csem/corp_rep_simple_cSEM.json")["PLS_tol1e-10"]["assess"]
    yield "corp_rep extended", pls(corp_rep_raw, corp_rep_models["extended"], missing_values=[-99], tol=1e-10), \
        load_json("csem/corp_rep_extended_cSEM.json")["PLS_tol1e-10"]["assess"]
    ref = load_json("own_data/shopee_trust_cSEM.json")
    study = ROOT / ref["meta"]["data_file"].rsplit("/", 1)[0]
    yield "shopee_trust", pls(study / "data.csv", study / "model.lav", missing_values=[-99], tol=1e-10), \
        ref["PLS_tol1e-10"]["assess"]


@pytest.fixture(scope="module")
def fits(corp_rep_raw, corp_rep_models):
    return [(name, model_fit(res).set_index("index"), ref) for name, res, ref in _cases(corp_rep_raw, corp_rep_models)]


def test_d_g_log10_row_matches_csem(fits):
    for name, f, ref in fits:
        assert f.loc["d_G_log10", "estimated"] == pytest.approx(ref["DG"], abs=TOL), name


def test_d_g_natural_log_row_is_csem_times_ln10_squared(fits):
    for name, f, ref in fits:
        assert f.loc["d_G", "estimated"] == pytest.approx(ref["DG"] * np.log(10) ** 2, abs=TOL * np.log(10) ** 2), name


def test_existing_rows_keep_their_order_and_d_g_log10_follows_d_g(fits):
    for _, f, _ in fits:
        assert list(f.index) == ["SRMR", "d_ULS", "d_G", "d_G_log10", "chi2", "NFI"]
        assert "log base 10" in f.loc["d_G_log10", "note"] and "log base e" in f.loc["d_G", "note"]


def test_d_g_log10_gets_the_bootstrap_quantiles_of_the_same_resamples(corp_rep_raw, corp_rep_models):
    # the exact-fit quantiles scale like the statistic: HI95(log10) = HI95(ln) / (ln 10)², same verdict
    res = pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99])
    f = model_fit(res, boot=100, seed=3).set_index("index")
    for col in ("estimated_hi95", "estimated_hi99", "saturated_hi95"):
        assert f.loc["d_G_log10", col] == pytest.approx(f.loc["d_G", col] / np.log(10) ** 2, rel=1e-12)
    assert f.loc["d_G_log10", "verdict"] == f.loc["d_G", "verdict"]
