"""Higher-order constructs, two-stage approach, agree with R seminr 2.3.2 (``../shared/reference/seminr/hoc.json``,
script ``scripts/seminr_hoc.R``: ``higher_composite(name, dimensions, method = two_stage, weights = mode_A)`` and
``estimate_pls(..., inner_weights = path_weighting, missing = mean_replacement)``).

Cases: (a) seminr's demo model 1 on mobi (Satisfaction = HOC of Image and Value); (b) corporate reputation REP = HOC
of COMP and LIKE in the extended model (corp_rep data, -99 missing, mean replacement). Compared: paths, R², adjusted
R², the combined loadings and weights (LOC items from stage 1, the rest from stage 2, as seminr combines them), the
stage-1 paths and R², the reliability of the HOC (computed on its LOC scores) and of the LOCs, the HOC's HTMT, and
seminr's iteration counts (seminr reports our number of weight updates minus one).
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import DATASETS, load_json, needs_shared

from surveysem.assess.discriminant import cross_loadings, fornell_larcker, htmt_table
from surveysem.assess.higher_order import lower_order_result, with_levels
from surveysem.assess.reliability import outer_model, reliability
from surveysem.assess.structural import vif_outer
from surveysem.pls import pls

pytestmark = needs_shared
TOL = 1e-6  # the contract's tolerance; measured ≤ 4e-15 (seminr printed 15 significant digits)

MOBI = """
Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation =~ CUEX1 + CUEX2 + CUEX3
Quality =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5 + PERQ6 + PERQ7
Value =~ PERV1 + PERV2
Satisfaction =~ Image + Value
Complaints =~ CUSCO
Loyalty =~ CUSL1 + CUSL2 + CUSL3
Satisfaction ~ Expectation + Quality
Complaints + Loyalty ~ Satisfaction
"""

CORP_REP = """
QUAL <~ qual_1 + qual_2 + qual_3 + qual_4 + qual_5 + qual_6 + qual_7 + qual_8
PERF <~ perf_1 + perf_2 + perf_3 + perf_4 + perf_5
CSOR <~ csor_1 + csor_2 + csor_3 + csor_4 + csor_5
ATTR <~ attr_1 + attr_2 + attr_3
COMP =~ comp_1 + comp_2 + comp_3
LIKE =~ like_1 + like_2 + like_3
REP =~ COMP + LIKE
CUSA =~ cusa
CUSL =~ cusl_1 + cusl_2 + cusl_3
REP ~ QUAL + PERF + CSOR + ATTR
CUSA ~ REP
CUSL ~ REP + CUSA
"""

CASES = {
    "mobi_demo_satisfaction_hoc": ("mobi.csv", MOBI, [], ("Image", "Value"), "Satisfaction"),
    "corp_rep_rep_hoc": ("corp_rep_data.csv", CORP_REP, [-99], ("COMP", "LIKE"), "REP"),
}


@pytest.fixture(scope="module", params=list(CASES))
def fitted(request):
    data, model, missing, locs, hoc = CASES[request.param]
    res = pls(DATASETS / data, model, missing_values=missing)
    return res, load_json("seminr/hoc.json")[request.param], locs, hoc


def test_paths_and_r2_match_seminr(fitted):
    res, ref, _, _ = fitted
    assert len(res.paths) == len(ref["path_coefficients"])
    for row, p in zip(res.paths.itertuples(index=False), ref["path_coefficients"]):
        assert (row[0], row[1]) == (p["from"], p["to"])
        assert row.estimate == pytest.approx(p["coef"], abs=TOL)
    r2 = res.r2.set_index("construct")
    for name, value in ref["r2"].items():
        assert r2.loc[name, "r2"] == pytest.approx(value, abs=TOL)
        assert r2.loc[name, "r2_adj"] == pytest.approx(ref["adj_r2"][name], abs=TOL)


@pytest.mark.parametrize("table, key", [("loadings", "outer_loadings"), ("weights", "outer_weights")])
def test_combined_loadings_and_weights_match_seminr(fitted, table, key):
    """Every non-zero entry of seminr's combined matrix, and no other row: the LOCs' items from stage 1."""
    res, ref, locs, hoc = fitted
    ours = getattr(res, table)
    expected = {(c, i): v for i, row in ref[key].items() for c, v in row.items() if v != 0}
    got = {(r.construct, r.indicator): r.estimate for r in ours.itertuples(index=False)}
    assert set(got) == set(expected)
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, abs=TOL), k
    # the HOC's indicators are its LOCs (their stage-1 scores)
    assert set(ours.loc[ours["construct"] == hoc, "indicator"]) == set(locs)


def test_stage1_paths_and_r2_match_seminr(fitted):
    res, ref, _, _ = fitted
    lower = lower_order_result(res)
    st1 = ref["stage1"]
    assert len(lower.paths) == len(st1["structural_model"])
    for row in lower.paths.itertuples(index=False):
        assert row.estimate == pytest.approx(st1["path_coef_matrix"][row[0]][row[1]], abs=TOL)
    r2 = lower.r2.set_index("construct")["r2"]
    for name, value in st1["rSquared"]["Rsq"].items():
        assert r2[name] == pytest.approx(value, abs=TOL)
    lam = lower.loadings.set_index("indicator")["estimate"]
    for item, row in st1["outer_loadings"].items():
        assert lam[item] == pytest.approx(sum(row.values()), abs=TOL)


def test_reliability_of_hoc_and_locs_matches_seminr(fitted):
    """The HOC's alpha, rho_A, rho_C and AVE computed on its LOCs' scores (seminr's stage-2 summary) and the LOCs'
    on their items (stage 1); with the level column."""
    res, ref, locs, hoc = fitted
    rel = _levels(res)["reliability"].set_index("construct")
    for ours, theirs in (("alpha", "alpha"), ("rho_c", "rhoC"), ("ave", "AVE"), ("rho_a", "rhoA")):
        for name in (hoc,) + locs:
            assert rel.loc[name, ours] == pytest.approx(ref["reliability"][theirs][name], abs=TOL), (name, ours)
    assert rel.loc[hoc, "level"] == "higher"
    assert set(rel.loc[list(locs), "level"]) == {"lower"}
    assert list(rel.index) == list(res.model.construct_names)  # the user's order, both levels


def test_htmt_of_hoc_matches_seminr(fitted):
    """HTMT of the HOC (on its LOC scores) with every other stage-2 construct; seminr stores the lower triangle."""
    res, ref, _, hoc = fitted
    ht = _levels(res)["htmt"]
    rows = ht[(ht["level"] == "higher")]
    assert len(rows) == len(res.structure.constructs) - 1
    for r in rows.itertuples(index=False):
        a, b = r.construct_a, r.construct_b
        theirs = ref["htmt"][a][b] if ref["htmt"][a][b] is not None else ref["htmt"][b][a]
        assert r.htmt == pytest.approx(theirs, abs=TOL)


def test_iterations_are_seminr_plus_one(fitted):
    res, ref, _, _ = fitted
    assert res.iterations == ref["iterations_stage2"] + 1
    assert int(res.fit.extra["stage1_iterations"][0]) == ref["iterations_stage1"] + 1


def _levels(res):
    return with_levels(res, None, dict(reliability=reliability(res), outer_model=outer_model(res),
                                       htmt=htmt_table(res), vif_outer=vif_outer(res),
                                       fornell_larcker=fornell_larcker(res), cross_loadings=cross_loadings(res)))


def test_stage2_scores_are_the_lower_order_scores(fitted):
    """The HOC's indicator columns are the stage-1 LOC scores (unit variance, n − 1), so the stage-2 matrix is the
    correlation matrix of the stage-2 indicator data."""
    res, _, locs, _ = fitted
    data = res.indicator_plan.indicator_data()
    lower = lower_order_result(res)
    for loc in locs:
        assert np.allclose(data[loc].to_numpy(), lower.scores[loc].to_numpy(), atol=1e-12)
        assert data[loc].std(ddof=1) == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(np.corrcoef(data.to_numpy(), rowvar=False), res.S, atol=1e-12)
