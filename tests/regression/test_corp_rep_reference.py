"""Every statistic of the regression study against R (``reference/regression/corp_rep_sum_scores.json``).

Same data and scoring as ``reference/scripts/regression_corp_rep.R``: corp_rep_data.csv, -99 -> missing,
listwise over the 9 items (n = 336), sum scores X1 = comp_1..3, X2 = like_1..3, Y = cusl_1..3, Y ~ X1 + X2.
R printed full precision (jsonlite digits = NA), so agreement is required to 1e-8 relative or better.
"""
from __future__ import annotations

import pytest
from conftest import DATASETS, load_json, needs_shared
from reference.compare import assumption_row as _assumption

from surveysem.regression.instrument import r_table
from surveysem.regression.study import run_regression_study

pytestmark = needs_shared

MODEL = """
X1 =~ comp_1 + comp_2 + comp_3
X2 =~ like_1 + like_2 + like_3
Y  =~ cusl_1 + cusl_2 + cusl_3
Y ~ X1 + X2
"""
MEDIATION_MODEL = MODEL + "X2 ~ X1\n"

TOL = dict(rel=1e-8, abs=1e-10)


@pytest.fixture(scope="module")
def ref():
    return load_json("regression/corp_rep_sum_scores.json")


@pytest.fixture(scope="module")
def result():
    return run_regression_study(DATASETS / "corp_rep_data.csv", MODEL, missing_values=[-99], boot=0)


@pytest.fixture(scope="module")
def med_result():
    return run_regression_study(DATASETS / "corp_rep_data.csv", MEDIATION_MODEL, missing_values=[-99],
                                boot=2000, seed=20240501)


def test_listwise_deletion_keeps_the_336_complete_rows_like_r(result, ref):
    assert result.meta["n_used"] == ref["meta"]["n"] == 336
    assert result.meta["n_rows"] == 344
    assert len(result.meta["rows_dropped"]) == 8
    assert any("listwise deletion removed 8" in w for w in result.warnings)


def test_r_table_matches_r_qt_formula(result, ref):
    assert r_table(ref["meta"]["n"]) == pytest.approx(ref["r_table"]["r_crit"], **TOL)
    assert result.item_validity["r_table"].to_numpy() == pytest.approx([ref["r_table"]["r_crit"]] * 9, **TOL)
    assert (result.item_validity["df"] == ref["r_table"]["df"]).all()


def test_item_total_correlations_pearson_and_corrected_match_r(result, ref):
    iv = result.item_validity.set_index("item")
    for var, d in ref["items"].items():
        for item, r in d["pearson_item_total"].items():
            assert iv.loc[item, "variable"] == var
            assert iv.loc[item, "r_item_total"] == pytest.approx(r, **TOL)
        for item, r in d["corrected_item_total"].items():
            assert iv.loc[item, "r_corrected"] == pytest.approx(r, **TOL)
            # default verdict uses the corrected r: every corrected r exceeds 0.107 here
            assert iv.loc[item, "valid"] is True or iv.loc[item, "valid"] == True  # noqa: E712
    assert set(iv["criterion"]) == {"corrected"}


def test_cronbach_alpha_and_alpha_if_deleted_match_psych(result, ref):
    rel = result.reliability.set_index("variable")
    iv = result.item_validity.set_index("item")
    for var, d in ref["items"].items():
        assert rel.loc[var, "cronbach_alpha"] == pytest.approx(d["cronbach_alpha"], **TOL)
        assert bool(rel.loc[var, "reliable"]) == (d["cronbach_alpha"] > 0.60)
        for item, a in d["alpha_if_deleted"].items():
            assert iv.loc[item, "alpha_if_deleted"] == pytest.approx(a, **TOL)


def test_descriptives_of_sum_scores_match_r(result, ref):
    desc = result.descriptives.set_index("variable")
    for var, d in ref["descriptives"].items():
        for key in ("mean", "sd", "min", "max"):
            assert desc.loc[var, key] == pytest.approx(d[key], **TOL)


def test_correlations_match_r(result, ref):
    c = result.correlations.set_index(["var1", "var2"])["r"]
    R = ref["correlations"]
    names = ["X1", "X2", "Y"]
    for i in range(3):
        for j in range(i + 1, 3):
            assert c[(names[i], names[j])] == pytest.approx(R[i][j], **TOL)


def test_simple_regressions_match_r_lm(result, ref):
    s = result.simple_regressions.set_index("predictor")
    for x, d in ref["simple"].items():
        for ours, theirs in (("a", "a"), ("b", "b"), ("r", "r"), ("r2", "r2"), ("t", "t"), ("p", "p"),
                             ("t_table_one_tailed", "t_table_one_tailed_0.05"),
                             ("t_table_two_tailed", "t_table_two_tailed_0.05")):
            assert s.loc[x, ours] == pytest.approx(d[theirs], rel=1e-7, abs=1e-300), (x, ours)
        assert s.loc[x, "kd_percent"] == pytest.approx(100 * d["r"] ** 2, **TOL)
    # Sugiyono bands: r = 0.425 moderate, r = 0.606 strong
    assert s.loc["X1", "strength"] == "moderate"
    assert s.loc["X2", "strength"] == "strong"


def test_multiple_regression_coefficients_match_r_lm(result, ref):
    c = result.coefficients.set_index("term")
    mult = ref["multiple"]
    for term, d in mult["coefficients"].items():
        ours = "(Constant)" if term == "(Intercept)" else term
        for k_ours, k_ref in (("b", "B"), ("se", "SE"), ("t", "t"), ("p", "p")):
            assert c.loc[ours, k_ours] == pytest.approx(d[k_ref], rel=1e-7, abs=1e-300), (term, k_ours)
    for x in ("X1", "X2"):
        assert c.loc[x, "beta"] == pytest.approx(mult["beta"][x], **TOL)
        assert c.loc[x, "vif"] == pytest.approx(mult["vif"][x], **TOL)
        assert c.loc[x, "tolerance"] == pytest.approx(mult["tolerance"][x], **TOL)


def test_model_summary_and_anova_match_r(result, ref):
    mult = ref["multiple"]
    s = result.model_summary.iloc[0]
    assert s["r"] == pytest.approx(mult["R"], **TOL)
    assert s["r2"] == pytest.approx(mult["R2"], **TOL)
    assert s["adj_r2"] == pytest.approx(mult["R2_adj"], **TOL)
    assert s["se_estimate"] == pytest.approx(mult["se_estimate"], **TOL)
    a = result.anova.set_index("source")
    assert a.loc["Regression", "f"] == pytest.approx(mult["anova"]["F"], **TOL)
    assert a.loc["Regression", "df"] == mult["anova"]["df1"]
    assert a.loc["Residual", "df"] == mult["anova"]["df2"]
    assert a.loc["Regression", "p"] == pytest.approx(mult["anova"]["p"], rel=1e-7)
    assert a.loc["Regression", "ss"] == pytest.approx(mult["anova"]["ss_regression"], **TOL)
    assert a.loc["Residual", "ss"] == pytest.approx(mult["anova"]["ss_residual"], **TOL)


def test_normality_tests_match_r_ks_lillie_and_shapiro(result, ref):
    ra = ref["assumptions"]
    ks = _assumption(result, "normality: Kolmogorov-Smirnov (asymptotic)")
    assert ks["statistic"] == pytest.approx(ra["ks_uncorrected"]["D"], **TOL)
    assert ks["p"] == pytest.approx(ra["ks_uncorrected"]["p"], rel=1e-7)
    li = _assumption(result, "normality: Kolmogorov-Smirnov (Lilliefors)")
    assert li["statistic"] == pytest.approx(ra["lilliefors"]["D"], **TOL)
    assert li["p"] == pytest.approx(ra["lilliefors"]["p"], rel=1e-6)
    sw = _assumption(result, "normality: Shapiro-Wilk")
    assert sw["statistic"] == pytest.approx(ra["shapiro_wilk"]["W"], rel=1e-6)
    assert sw["p"] == pytest.approx(ra["shapiro_wilk"]["p"], rel=1e-4)  # Royston's approximation, two codes
    assert ks["decision"] == li["decision"] == sw["decision"] == "not normal"


def test_glejser_and_breusch_pagan_match_r(result, ref):
    ra = ref["assumptions"]
    for x in ("X1", "X2"):
        g = _assumption(result, "heteroskedasticity: Glejser", x)
        assert g["statistic"] == pytest.approx(ra["glejser"]["t"][x], rel=1e-7)
        assert g["p"] == pytest.approx(ra["glejser"]["p"][x], rel=1e-6)
    assert _assumption(result, "heteroskedasticity: Glejser", "X1")["decision"] == "no heteroskedasticity"
    assert _assumption(result, "heteroskedasticity: Glejser", "X2")["decision"] == "heteroskedasticity"
    bp = _assumption(result, "heteroskedasticity: Breusch-Pagan (Koenker)")
    assert bp["statistic"] == pytest.approx(ra["breusch_pagan"]["BP"], **TOL)
    assert bp["p"] == pytest.approx(ra["breusch_pagan"]["p"], rel=1e-7)
    assert bp["df"] == str(ra["breusch_pagan"]["df"])
    bpc = _assumption(result, "heteroskedasticity: Breusch-Pagan (classic)")
    assert bpc["statistic"] == pytest.approx(ra["breusch_pagan_classic"]["BP"], **TOL)
    assert bpc["p"] == pytest.approx(ra["breusch_pagan_classic"]["p"], rel=1e-7)


def test_deviation_from_linearity_matches_r_nested_anova(result, ref):
    for x, d in ref["assumptions"]["deviation_from_linearity"].items():
        row = _assumption(result, "linearity: deviation from linearity", x)
        assert row["statistic"] == pytest.approx(d["F"], **TOL)
        assert row["p"] == pytest.approx(d["p"], rel=1e-7)
        assert row["df"] == f"{d['df1']}, {d['df2']}"
        assert row["decision"] == "linear"


def test_vif_rows_in_assumptions_match_car_vif(result, ref):
    for x in ("X1", "X2"):
        row = _assumption(result, "multicollinearity: VIF", x)
        assert row["statistic"] == pytest.approx(ref["multiple"]["vif"][x], **TOL)
        assert row["decision"] == "no multicollinearity"


def test_hypothesis_decisions_follow_the_r_t_and_f_values(result, ref):
    # R: t(X1) = 1.362 < t-table(.025, 333) = 1.967 -> rejected; t(X2) = 10.04 -> accepted;
    # F = 98.1 > F-table(.05; 2, 333) = 3.023 -> accepted
    h = result.hypotheses.set_index("hypothesis")
    assert list(h.index) == ["H1", "H2", "H3"]
    assert h.loc["H1", "decision"] == "rejected"
    assert h.loc["H2", "decision"] == "accepted"
    assert h.loc["H3", "decision"] == "accepted"
    assert h.loc["H3", "critical"] == pytest.approx(ref["multiple"]["F_table_0.05"], **TOL)
    # the partial t test uses the multiple regression's df = 333 (R's simple-regression table has df = 334)
    from scipy import stats
    assert h.loc["H1", "critical"] == pytest.approx(stats.t.ppf(0.975, 333), **TOL)
    assert h.loc["H1", "critical"] > ref["simple"]["X1"]["t_table_two_tailed_0.05"]
    assert h.loc["H1", "reason"].startswith("H1: X1 has an effect on Y: rejected (|t| = 1.362 <= t-table = 1.967")


def test_mediation_by_regression_matches_r(med_result, ref):
    d = ref["mediation_X1_X2_Y"]
    e = med_result.mediation.set_index("effect")
    assert e.loc["a", "estimate"] == pytest.approx(d["a"], **TOL)
    assert e.loc["a", "se"] == pytest.approx(d["se_a"], **TOL)
    assert e.loc["b", "estimate"] == pytest.approx(d["b"], **TOL)
    assert e.loc["b", "se"] == pytest.approx(d["se_b"], **TOL)
    assert e.loc["indirect", "estimate"] == pytest.approx(d["indirect"], **TOL)
    assert e.loc["c_prime", "estimate"] == pytest.approx(d["direct"], **TOL)
    assert e.loc["c", "estimate"] == pytest.approx(d["total"], **TOL)
    assert e.loc["indirect", "statistic"] == pytest.approx(d["sobel_z"], **TOL)
    # Hayes (2022) eq. 4.5: c = c' + ab without covariates
    assert e.loc["c", "estimate"] == pytest.approx(e.loc["c_prime", "estimate"] + e.loc["indirect", "estimate"])
    lo, hi = e.loc["indirect", "ci_low"], e.loc["indirect", "ci_high"]
    assert lo < d["indirect"] < hi and lo > 0
    # a, b, c significant, c' not (p = .174): full mediation
    assert set(med_result.mediation_steps["conclusion"]) == {"full mediation"}


def test_mediation_model_keeps_the_y_equation_and_adds_x2_on_x1(med_result, ref):
    assert med_result.meta["equations"] == ["X2 ~ X1", "Y ~ X1 + X2"]
    c = med_result.coefficients.set_index(["dependent", "term"])
    assert c.loc[("Y", "X2"), "b"] == pytest.approx(ref["multiple"]["coefficients"]["X2"]["B"], **TOL)
    assert c.loc[("X2", "X1"), "b"] == pytest.approx(ref["mediation_X1_X2_Y"]["a"], **TOL)
