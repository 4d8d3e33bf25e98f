"""Interaction terms agree with R seminr 2.3.2's ``interaction_term()`` (../shared/reference/seminr/corp_rep_moderation*,
made by reference/scripts/seminr_moderation.R): the corporate-reputation model of Hair et al. (2021, ch. 8) with
switching costs SC moderating CUSA → CUSL, for the methods two_stage, product_indicator and orthogonal.

seminr names the interaction ``CUSA*SC`` (two-stage indicator ``CUSA*SC_intxn``); surveysem names it as the model
file writes it, ``CUSA:SC`` (indicator ``CUSA:SC``). seminr reports the interaction's loadings on the scale of its
rescaled score (Henseler & Chin 2010: the standardized score times k = Σ sd(x_i)|λ_i| / Σ|λ_i|); surveysem's
loadings are correlations, so seminr's = ours × k, with k computed here from the data by that formula.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, load_json, needs_shared
from reference.compare import assert_close, assert_scalar

from surveysem.assess.structural import f_square
from surveysem.pls import pls

pytestmark = needs_shared
METHODS = ["two_stage", "product_indicator", "orthogonal"]
TOL = 1e-12  # measured ≤ 5.3e-15 (weights, orthogonal); the contract asks 1e-6
DRAW_TOL = 1e-12  # every replayed path draw: measured ≤ 1.1e-14
F2_TOL = 1e-9  # f² refits two models: measured ≤ 1e-13

# Hair et al. (2021), PLS-SEM Using R, ch. 8 (seminr demo/seminr-primer-chap8.R), in lavaan syntax
MODEL = """
QUAL <~ qual_1 + qual_2 + qual_3 + qual_4 + qual_5 + qual_6 + qual_7 + qual_8
PERF <~ perf_1 + perf_2 + perf_3 + perf_4 + perf_5
CSOR <~ csor_1 + csor_2 + csor_3 + csor_4 + csor_5
ATTR <~ attr_1 + attr_2 + attr_3
COMP =~ comp_1 + comp_2 + comp_3
LIKE =~ like_1 + like_2 + like_3
CUSA =~ cusa
SC =~ switch_1 + switch_2 + switch_3 + switch_4
CUSL =~ cusl_1 + cusl_2 + cusl_3
COMP + LIKE ~ QUAL + PERF + CSOR + ATTR
CUSA ~ COMP + LIKE
CUSL ~ COMP + LIKE + CUSA + SC + CUSA:SC
"""


def _ours(name: str) -> str:
    return name.replace("CUSA*SC_intxn", "CUSA:SC").replace("CUSA*SC", "CUSA:SC")


@pytest.fixture(scope="module", params=METHODS)
def fitted(request, corp_rep_raw):
    method = request.param
    res = pls(corp_rep_raw, MODEL, missing_values=[-99], interaction=method)
    return method, res, load_json("seminr/corp_rep_moderation.json")[method]


@pytest.fixture(scope="module")
def seminr_indices():
    # 1-based rows as R wrote them: replicate i used set.seed(123 + i); sample.int(344, replace = TRUE)
    return pd.read_csv(REFERENCE / "seminr" / "boot_indices_corp_rep_data_seed123_n5000.csv.gz", header=None).to_numpy() - 1


def test_paths_r2_and_weights_match_seminr(fitted):
    method, res, ref = fitted
    theirs = pd.Series({(_ours(p["from"]), p["to"]): p["coef"] for p in ref["path_coefficients"]})
    assert_close(res.paths.set_index(["from", "to"])["estimate"], theirs, TOL, f"moderation {method}: paths")
    assert_close(res.r2.set_index("construct")["r2"], pd.Series(ref["r2"]), TOL, f"moderation {method}: R²")
    assert_close(res.r2.set_index("construct")["r2_adj"], pd.Series(ref["adj_r2"]), TOL,
                 f"moderation {method}: adjusted R²")
    w = pd.Series({(_ours(i), _ours(c)): v for i, row in ref["outer_weights"].items() for c, v in row.items() if v})
    assert_close(res.weights.set_index(["indicator", "construct"])["estimate"], w, TOL,
                 f"moderation {method}: weights (interaction indicators included)")
    interaction = ref["interaction_path"]
    assert_scalar(res.paths.set_index(["from", "to"]).loc[("CUSA:SC", "CUSL"), "estimate"], interaction["coef"], TOL,
                  f"moderation {method}: interaction path")
    assert res.iterations - 1 == ref["iterations"]  # seminr counts the updates after the first


def test_interaction_indicators_are_named_and_made_as_seminr_makes_them(fitted):
    method, res, ref = fitted
    ours = list(res.loadings.loc[res.loadings["construct"] == "CUSA:SC", "indicator"])
    assert ours == [_ours(i) for i in np.atleast_1d(ref["interaction_indicators"])]


def test_loadings_match_seminr_with_the_interaction_rescaled_by_henseler_chin_k(fitted):
    method, res, ref = fitted
    loads = res.loadings.set_index(["indicator", "construct"])["estimate"]
    x = res.indicator_plan.indicator_data()
    inter = loads.xs("CUSA:SC", level="construct")
    # Henseler & Chin (2010) as seminr's adjust_interaction: k = Σ sd(x_i)|λ_i| / Σ|λ_i|, sd with n − 1, of the
    # interaction indicators on their own scale (products of standardized items / of stage-1 scores, residuals)
    sd = x[list(inter.index)].std(ddof=1)
    k = float((sd * inter.abs()).sum() / inter.abs().sum())
    scaled = loads.copy()
    scaled.loc[(slice(None), "CUSA:SC")] = (inter * k).to_numpy()
    theirs = pd.Series({(_ours(i), _ours(c)): v for i, row in ref["outer_loadings"].items() for c, v in row.items() if v})
    assert_close(scaled, theirs, 1e-9, f"moderation {method}: loadings (interaction × k)")
    assert_scalar(k, float(res.fit.extra["interaction_scale"][0, 0]), 1e-12, f"moderation {method}: k")


def test_f2_matches_seminr_and_main_effects_of_constituents_get_none(fitted):
    method, res, ref = fitted
    f2 = f_square(res).set_index(["from", "to"])
    theirs = pd.Series({(_ours(a), b): v for a, row in ref["f_square"].items() for b, v in row.items()
                        if v is not None and v != 0})
    assert_close(f2["f2"].dropna(), theirs, F2_TOL, f"moderation {method}: f²")
    for main in [("CUSA", "CUSL"), ("SC", "CUSL")]:  # seminr: NA
        assert np.isnan(f2.loc[main, "f2"]) and "constituent of the interaction CUSA:SC" in f2.loc[main, "note"]


def test_replayed_bootstrap_draws_equal_seminr_draws(fitted, seminr_indices):
    method, res, ref = fitted
    boot = res.bootstrap(indices=seminr_indices, seed=None, bca=False)
    theirs = pd.read_csv(REFERENCE / "seminr" / f"corp_rep_moderation_{method}_boot_path_draws.csv.gz")
    ours = boot.draws_frame()
    assert boot.n_ok == len(theirs) == 5000
    for col in theirs.columns:  # "CUSA*SC->CUSL"
        assert_close(pd.Series(ours[f"path:{_ours(col)}"].to_numpy()), pd.Series(theirs[col].to_numpy()), DRAW_TOL,
                     f"moderation {method}: replayed draws {col}")
    paths = boot.paths.set_index(["from", "to"])
    for key, v in ref["bootstrap"]["paths"].items():  # "CUSA*SC -> CUSL"
        a, b = (_ours(s.strip()) for s in key.split("->"))
        row = paths.loc[(a, b)]
        assert row["se"] == pytest.approx(v["boot_sd"], abs=1e-13)
        assert row["boot_mean"] == pytest.approx(v["boot_mean"], abs=1e-13)
        assert row["ci_low"] == pytest.approx(v["ci_2.5"], abs=1e-13)
        assert row["ci_high"] == pytest.approx(v["ci_97.5"], abs=1e-13)
    assert_scalar(paths.loc[("CUSA:SC", "CUSL"), "se"], ref["interaction_path"]["boot_sd"], 1e-13,
                  f"moderation {method}: bootstrap SD of the interaction path")
