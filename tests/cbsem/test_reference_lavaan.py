"""CB-SEM fit checked against lavaan 0.6.14 (``../shared/reference/lavaan/``, scripts in ``reference/scripts/``).

Expected numbers are lavaan's (``political_democracy.json``, ``mobi_lavaan_cbsem.json``); nothing here
comes from this package's own earlier output.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import DATASETS, REFERENCE, needs_shared
from reference.compare import LAVAAN_FIT_NAMES as FIT_NAMES

from surveysem.cbsem import fit_cbsem
from surveysem.model import parse_model

pytestmark = needs_shared


def _ref(name):
    return json.loads((REFERENCE / "lavaan" / name).read_text())


def _close_rel(ours, theirs, rel=1e-3, abs_=1e-6):
    return abs(ours - theirs) <= max(rel * abs(theirs), abs_)


@pytest.fixture(scope="module")
def poldem():
    ref = _ref("political_democracy.json")
    data = pd.read_csv(DATASETS / "political_democracy.csv", index_col=0)  # first column is a row index
    return ref, data


@pytest.fixture(scope="module")
def poldem_fits(poldem):
    ref, data = poldem
    return {key: fit_cbsem(data, parse_model(ref[key]["model"]))
            for key in ("without_residual_covariances", "with_residual_covariances")}


@pytest.mark.parametrize("key", ["without_residual_covariances", "with_residual_covariances"])
def test_political_democracy_fit_indices_match_lavaan(poldem, poldem_fits, key):
    ref, _ = poldem
    res = poldem_fits[key]
    assert res.converged and res.n == ref[key]["n"] == 75
    assert res.warnings == []
    for lav, ours in FIT_NAMES.items():
        if lav not in ref[key]["fit"]:
            continue
        expected = ref[key]["fit"][lav]
        assert _close_rel(res.fit_value(ours), expected), (lav, res.fit_value(ours), expected)


def test_political_democracy_rmsea_semopy_convention_is_reported_beside_lavaans(poldem_fits):
    # reference/README.md: semopy 2.3.11 reports RMSEA 0.034738 where lavaan reports 0.034504 for the
    # model with residual covariances. semopy: sqrt((chi2/df - 1)/(N - 1)); lavaan: sqrt((chi2 - df)/(df*N)).
    res = poldem_fits["with_residual_covariances"]
    assert res.fit_value("rmsea") == pytest.approx(0.0345044826794241, rel=1e-4)
    assert res.fit_value("rmsea_semopy") == pytest.approx(0.034738, abs=2e-6)
    # hand check of the N vs N - 1 relation: rmsea_semopy / rmsea = sqrt(N / (N - 1))
    assert res.fit_value("rmsea_semopy") / res.fit_value("rmsea") == pytest.approx(np.sqrt(75 / 74), rel=1e-9)
    conv = res.fit.set_index("index")["convention"]
    assert "lavaan" in conv["rmsea"] and "semopy" in conv["rmsea_semopy"]


@pytest.mark.parametrize("key", ["without_residual_covariances", "with_residual_covariances"])
def test_political_democracy_every_standardized_estimate_matches_lavaan(poldem, poldem_fits, key):
    ref, _ = poldem
    est = poldem_fits[key].estimates
    assert len(est) == len(ref[key]["estimates"])
    for row in ref[key]["estimates"]:
        hit = est[(est["lhs"] == row["lhs"]) & (est["op"] == row["op"]) & (est["rhs"] == row["rhs"])]
        assert len(hit) == 1, row
        hit = hit.iloc[0]
        assert hit["std"] == pytest.approx(row["std_all"], abs=1e-3), row
        assert hit["estimate"] == pytest.approx(row["est"], abs=1e-3, rel=1e-3), row
        if row["se"]:  # fixed marker loadings have se 0 in lavaan, NaN here
            assert hit["se"] == pytest.approx(row["se"], rel=5e-3), row
        # standardized SE (delta method) as lavaan's standardizedSolution()
        if row["std_se"]:
            assert hit["std_se"] == pytest.approx(row["std_se"], rel=1e-2, abs=1e-4), row


def test_political_democracy_residual_covariances_are_residual_correlations_like_lavaan(poldem_fits):
    # lavaan std.all of y1 ~~ y5 is 0.2958 (a residual correlation), not semopy's 0.0918 (scaled by the
    # observed variances); political_democracy.json, with_residual_covariances.
    est = poldem_fits["with_residual_covariances"].estimates
    row = est[(est["lhs"] == "y1") & (est["op"] == "~~") & (est["rhs"] == "y5")].iloc[0]
    assert row["std"] == pytest.approx(0.295760952931383, abs=1e-3)


@pytest.fixture(scope="module")
def mobi():
    ref = _ref("mobi_lavaan_cbsem.json")
    data = pd.read_csv(DATASETS / "mobi.csv")
    return ref, data, parse_model(ref["meta"]["syntax"])


@pytest.fixture(scope="module")
def mobi_sem(mobi):
    ref, data, model = mobi
    return fit_cbsem(data, model, kind="sem")


@pytest.fixture(scope="module")
def mobi_cfa(mobi):
    ref, data, model = mobi
    return fit_cbsem(data, model, kind="cfa")


@pytest.mark.parametrize("which", ["ML_default", "CFA_ML"])
def test_mobi_fit_indices_and_standardized_loadings_match_lavaan(mobi, mobi_sem, mobi_cfa, which):
    ref = mobi[0][which]
    res = mobi_sem if which == "ML_default" else mobi_cfa
    assert res.converged and res.n == 250
    for lav, ours in FIT_NAMES.items():
        if lav in ref["fit_measures"]:
            assert _close_rel(res.fit_value(ours), ref["fit_measures"][lav]), (lav, res.fit_value(ours))
    load = res.loadings.set_index(["construct", "indicator"])["std"]
    assert len(load) == len(ref["std_loadings"]) == 24
    for row in ref["std_loadings"]:
        assert load[(row["construct"], row["item"])] == pytest.approx(row["std_all"], abs=1e-3), row


def test_mobi_wishart_chisq_is_n_minus_1_times_f_like_lavaan_wishart(mobi, mobi_sem):
    # lavaan likelihood = "wishart": chisq 573.268997 = 575.571282 * 249/250 (same F_ML minimum)
    assert mobi_sem.fit_value("chisq_wishart") == pytest.approx(mobi[0]["ML_wishart"]["fit_measures"]["chisq"], rel=1e-6)


def test_mobi_r2_of_latent_constructs_match_lavaan(mobi, mobi_sem):
    r2 = mobi_sem.r2.set_index("construct")["r2"]
    for name, value in mobi[0]["ML_default"]["r2_latent"].items():
        assert r2[name] == pytest.approx(value, abs=1e-3)


def test_mobi_sem_standardized_paths_outside_1_are_warned(mobi, mobi_sem):
    # lavaan: EXPE->VAL 2.19, QUAL->VAL -1.51, IMAG->SAT 1.38, QUAL->SAT -1.15, IMAG->LOY -2.45, SAT->LOY 3.27
    expected = {(r["from"], r["to"]) for r in mobi[0]["ML_default"]["std_regressions"] if abs(r["std_all"]) > 1}
    assert len(expected) == 6
    w = mobi_sem.warning_table
    flagged = w[w["kind"] == "standardized_path_outside_1"]["where"]
    assert {tuple(reversed(s.split(" ~ "))) for s in flagged} == expected
    assert len(mobi_sem.warnings) >= 6


def test_mobi_cfa_latent_covariance_not_positive_definite_is_warned(mobi, mobi_cfa):
    # lavaan warns "covariance matrix of latent variables is not positive definite" for the CFA
    assert any("not positive definite" in w for w in mobi[0]["CFA_ML"]["warnings"])
    kinds = set(mobi_cfa.warning_table["kind"])
    assert "latent_covariance_not_pd" in kinds
    lat = mobi_cfa.latent_correlations
    ref = pd.DataFrame(mobi[0]["CFA_ML"]["latent_correlations"]).loc[lat.index, lat.columns]
    np.testing.assert_allclose(lat.to_numpy(), ref.to_numpy(), atol=1e-3)
