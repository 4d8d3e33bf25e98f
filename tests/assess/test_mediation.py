"""Mediation: bootstrapped specific indirect effects agree with seminr when replaying its resamples; the Zhao,
Lynch & Chen (2010) type is right on constructed data of all five types."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, load_json, needs_shared, require_shared

from surveysem.assess.discriminant import htmt_table
from surveysem.assess.mediation import mediation, zhao_type
from surveysem.errors import SurveysemError
from surveysem.pls import pls

TOL = 2e-13  # replayed seminr resamples: measured ≤ 5.1e-14 (t), ≤ 3.3e-15 otherwise
VAF_TOL = 2e-10  # surveysem at its default tol 1e-7, cSEM at 1e-10: measured 8.0e-11


@pytest.fixture(scope="module")
def seminr_indices():
    require_shared()
    # 1-based rows of seminr's 5000 replicates (set.seed(123 + i); sample.int(344, replace = TRUE))
    return pd.read_csv(REFERENCE / "seminr" / "boot_indices_corp_rep_data_seed123_n5000.csv.gz", header=None).to_numpy() - 1


@pytest.fixture(scope="module", params=["simple", "extended"])
def replayed(request, corp_rep_raw, corp_rep_models, seminr_indices):
    name = request.param
    res = pls(corp_rep_raw, corp_rep_models[name], missing_values=[-99])
    boot = res.bootstrap(indices=seminr_indices, bca=False)
    return name, res, boot, load_json(f"seminr/corp_rep_{name}_bootstrap.json")


@needs_shared
def test_specific_indirect_effect_ci_matches_seminr_replay(replayed):
    _, res, boot, ref = replayed
    med = mediation(res, boot).set_index("chain")
    for r in ref["specific_indirect_effects"]:
        row = med.loc[r["path"]]
        assert row["estimate"] == pytest.approx(r["original"], abs=TOL)
        assert row["boot_mean"] == pytest.approx(r["boot_mean"], abs=TOL)
        assert row["se"] == pytest.approx(r["boot_sd"], abs=TOL)
        assert row["t"] == pytest.approx(r["t"], abs=TOL)
        assert row["ci_low"] == pytest.approx(r["ci_2.5"], abs=TOL)
        assert row["ci_high"] == pytest.approx(r["ci_97.5"], abs=TOL)


@needs_shared
def test_bootstrapped_htmt_matches_seminr_replay(replayed):
    _, res, boot, ref = replayed
    h = htmt_table(res, boot).set_index(["construct_a", "construct_b"])
    assert len(h) == len(ref["htmt"])
    for key, r in ref["htmt"].items():
        a, b = key.split(" -> ")
        row = h.loc[(a, b)]
        assert row["htmt"] == pytest.approx(r["original"], abs=TOL)
        assert row["boot_mean"] == pytest.approx(r["boot_mean"], abs=TOL)
        assert row["se"] == pytest.approx(r["boot_sd"], abs=TOL)
        assert row["ci_low"] == pytest.approx(r["ci_2.5"], abs=TOL)
        assert row["ci_high"] == pytest.approx(r["ci_97.5"], abs=TOL)
        # the one-sided 95 % upper bound lies between the median and the two-sided 97.5 % bound
        assert r["boot_mean"] - 3 * r["boot_sd"] < row["upper_one_sided"] <= r["ci_97.5"] + 1e-12


@needs_shared
def test_htmt_verdict_uses_the_one_sided_upper_bound(replayed):
    name, res, boot, ref = replayed
    h = htmt_table(res, boot)
    for row in h.itertuples(index=False):
        expect = "pass" if row.upper_one_sided < 0.85 else ("warn" if row.upper_one_sided < 0.90 else "fail")
        if row.note:  # a composite construct is involved
            expect = "n/a"
        assert row.verdict == expect
    if name == "simple":
        # seminr: HTMT(COMP, LIKE) = 0.780, its 97.5 % bound 0.857 > 0.85, so the one-sided 95 % bound decides
        row = h.set_index(["construct_a", "construct_b"]).loc[("COMP", "LIKE")]
        assert row["upper_one_sided"] < 0.857


@needs_shared
def test_vaf_of_single_mediator_matches_csem(corp_rep_raw, corp_rep_models, seminr_indices):
    # cSEM assess()$Effects$Variance_accounted_for: total indirect / total effect; one mediator, so specific = total
    res = pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99])
    med = mediation(res, res.bootstrap(indices=seminr_indices[:200], bca=False)).set_index("from")
    ref = load_json("csem/corp_rep_simple_cSEM.json")["PLS_tol1e-10"]["assess"]["Effects"]["Variance_accounted_for"]
    for name, v in zip(ref["Name"], ref["Estimate"]):
        x = name.split(" ~ ")[1]
        assert med.loc[x, "vaf"] == pytest.approx(v, abs=VAF_TOL)


@pytest.mark.parametrize("ind_sig,dir_sig,ind,dire,expect", [
    (True, True, 0.2, 0.3, "complementary"),
    (True, True, -0.2, -0.3, "complementary"),
    (True, True, 0.2, -0.3, "competitive"),
    (True, False, 0.2, 0.01, "indirect-only"),
    (False, True, 0.01, 0.3, "direct-only"),
    (False, False, 0.01, 0.02, "no-effect"),
])
def test_zhao_decision_tree(ind_sig, dir_sig, ind, dire, expect):
    assert zhao_type(ind_sig, dir_sig, ind, dire) == expect


def _mediation_data(a, b, c, n=400, seed=1):
    """X -> M (a), M -> Y (b), X -> Y (c); three items per construct with loading 0.85."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    m = a * x + np.sqrt(1 - a ** 2) * rng.normal(size=n)
    y_sys = b * m + c * x
    var = b ** 2 + c ** 2 + 2 * a * b * c
    y = y_sys + np.sqrt(max(1 - var, 0.05)) * rng.normal(size=n)
    cols = {}
    for name, f in (("x", x), ("m", m), ("y", y)):
        f = (f - f.mean()) / f.std()
        for i in (1, 2, 3):
            cols[f"{name}{i}"] = 0.85 * f + np.sqrt(1 - 0.85 ** 2) * rng.normal(size=n)
    return pd.DataFrame(cols)


MED_MODEL = "X =~ x1 + x2 + x3\nM =~ m1 + m2 + m3\nY =~ y1 + y2 + y3\nM ~ X\nY ~ X + M\n"


@pytest.mark.parametrize("a,b,c,expect,words", [
    (0.5, 0.5, 0.3, "complementary", "partially mediates"),
    (0.5, 0.5, -0.4, "competitive", "opposite directions"),
    (0.5, 0.5, 0.0, "indirect-only", "fully mediates"),
    (0.0, 0.5, 0.5, "direct-only", "does not mediate"),
    (0.0, 0.0, 0.0, "no-effect", "no mediation"),
])
def test_mediation_type_on_constructed_data(a, b, c, expect, words):
    res = pls(_mediation_data(a, b, c), MED_MODEL)
    med = mediation(res, res.bootstrap(boot=1000, seed=3, bca=False))
    assert len(med) == 1
    row = med.iloc[0]
    assert row["chain"] == "X -> M -> Y"
    assert row["zhao_type"] == expect
    assert words in row["reasoning"] and "Zhao et al. 2010" in row["reasoning"]
    assert row["estimate"] == pytest.approx(res.paths.set_index(["from", "to"]).loc[("X", "M"), "estimate"]
                                            * res.paths.set_index(["from", "to"]).loc[("M", "Y"), "estimate"])


def test_serial_chain_without_direct_path_is_reported_with_a_note():
    rng = np.random.default_rng(5)
    n = 300
    x = rng.normal(size=n)
    m1 = 0.6 * x + 0.8 * rng.normal(size=n)
    m2 = 0.6 * m1 + 0.8 * rng.normal(size=n)
    y = 0.6 * m2 + 0.8 * rng.normal(size=n)
    cols = {f"{k}{i}": 0.85 * v + 0.5 * rng.normal(size=n) for k, v in (("x", x), ("a", m1), ("b", m2), ("y", y))
            for i in (1, 2)}
    model = "X =~ x1 + x2\nA =~ a1 + a2\nB =~ b1 + b2\nY =~ y1 + y2\nA ~ X\nB ~ A\nY ~ B\n"
    res = pls(pd.DataFrame(cols), model)
    med = mediation(res, res.bootstrap(boot=500, seed=1, bca=False)).set_index("chain")
    row = med.loc["X -> A -> B -> Y"]
    assert row["via"] == "A -> B" and "serial mediation" in row["note"]
    assert "no direct path" in row["note"] and row["zhao_type"] == "indirect-only"
    assert row["direct"] == 0 and row["vaf"] == pytest.approx(1.0)  # the only route from X to Y


def test_mediation_without_bootstrap_is_a_one_line_error():
    res = pls(_mediation_data(0.5, 0.5, 0.3, n=100), MED_MODEL)
    with pytest.raises(SurveysemError, match="needs a bootstrap"):
        mediation(res, None)
