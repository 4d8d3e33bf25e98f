"""The SPSS-style regression study of bukalapak_loyalty agrees with R (vendored reference, no ../shared needed).

Reference: ``tests/reference/own_data/bukalapak_loyalty_sum_scores.json`` (script
``tests/reference/scripts/own_data_regression.R``; R 4.2.2 ``lm``, psych 2.2.9, car 3.1-1, lmtest 0.9-40, nortest
1.0-4): X1 = ETRUST (etr1..5), X2 = ESAT (esat1..3), Y = ELOY (eloy1..9), ``ELOY ~ ETRUST + ESAT`` from
``data/bukalapak_loyalty/model.lav``; −99 → NA and listwise deletion over the 17 items (n = 98, data rows 27 and 81
dropped). Top-level blocks use sum scores, ``item_mean_scores`` repeats every statistic with item means (the scores
the study's config uses). R printed full precision (``jsonlite digits = NA``).
"""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, load_own
from reference.compare import assert_close, assert_scalar
from reference.compare import assumption_row as _assumption
from scipy import stats

from surveysem.regression.instrument import r_table
from surveysem.regression.study import run_regression_study

TOL = 2e-14  # relative to max(1, |value|): measured ≤ 6.1e-15 (B, SE, t, beta, R², F, SS, r, alpha, test statistics)
P_TOL = 5e-12  # p-values, proportional: measured ≤ 1.0e-12 (KS p); Shapiro-Wilk W and p see below
SW_W_TOL, SW_P_TOL = 1e-10, 3e-8  # proportional: measured 4.5e-11 and 6.1e-9 (scipy and R code Royston 1995 apart)
VAR = {"X1": "ETRUST", "X2": "ESAT", "Y": "ELOY"}


@pytest.fixture(scope="module")
def ref():
    return load_own("bukalapak_loyalty_sum_scores.json")


@pytest.fixture(scope="module", params=["sum", "mean"])
def study(request, ref):
    meta = ref["meta"]
    res = run_regression_study(ROOT / meta["data_file"], ROOT / meta["model_file"], missing_values=[-99],
                               score=request.param, boot=0)
    block = ref if request.param == "sum" else ref["item_mean_scores"]
    return f"bukalapak {request.param} scores", res, block


def test_listwise_deletion_keeps_the_98_complete_rows_like_r(study, ref):
    _, res, _ = study
    assert res.meta["n_used"] == ref["meta"]["n"] == 98
    assert res.meta["n_rows"] == ref["meta"]["n_raw"] == 100
    assert res.meta["rows_dropped"] == ref["meta"]["dropped_file_rows"] == [28, 82]  # file rows (header = row 1)


def test_item_validity_and_reliability_match_r_and_psych(study, ref):
    name, res, _ = study
    assert r_table(ref["meta"]["n"]) == pytest.approx(ref["r_table"]["r_crit"], rel=TOL)
    iv = res.item_validity.set_index("item")
    assert (iv["df"] == ref["r_table"]["df"]).all()
    for ours, theirs in (("r_item_total", "pearson_item_total"), ("r_corrected", "corrected_item_total"),
                         ("alpha_if_deleted", "alpha_if_deleted")):
        expected = pd.Series({i: v for d in ref["items"].values() for i, v in d[theirs].items()})
        assert_close(iv[ours], expected, TOL, f"{name}: {ours}")
    rel = res.reliability.set_index("variable")["cronbach_alpha"]
    assert_close(rel, pd.Series({VAR[x]: d["cronbach_alpha"] for x, d in ref["items"].items()}), TOL,
                 f"{name}: Cronbach's alpha")
    assert iv["valid"].all() and (iv["r_used"] > ref["r_table"]["r_crit"]).all()  # every corrected r > 0.199


def test_descriptives_and_correlations_match_r(study):
    name, res, block = study
    desc = res.descriptives.set_index("variable")
    for key in ("mean", "sd", "min", "max"):
        assert_close(desc[key], pd.Series({VAR[x]: d[key] for x, d in block["descriptives"].items()}), TOL,
                     f"{name}: {key}", relative=True)
    c = res.correlations.set_index(["var1", "var2"])["r"]
    names = list(VAR.values())
    theirs = pd.Series({(names[i], names[j]): block["correlations"][i][j] for i in range(3) for j in range(i + 1, 3)})
    assert_close(c, theirs, TOL, f"{name}: Pearson r")


def test_simple_regressions_match_r_lm(study):
    name, res, block = study
    s = res.simple_regressions.set_index("predictor")
    for ours, theirs in (("a", "a"), ("b", "b"), ("se_b", "se_b"), ("r", "r"), ("r2", "r2"), ("t", "t"),
                         ("t_table_one_tailed", "t_table_one_tailed_0.05"),
                         ("t_table_two_tailed", "t_table_two_tailed_0.05")):
        assert_close(s[ours], pd.Series({VAR[x]: d[theirs] for x, d in block["simple"].items()}), TOL,
                     f"{name}: simple {ours}", relative=True)
    assert_close(s["p"], pd.Series({VAR[x]: d["p"] for x, d in block["simple"].items()}), P_TOL,
                 f"{name}: simple p", proportional=True)


def test_multiple_regression_coefficients_beta_vif_match_r_lm_and_car(study):
    name, res, block = study
    mult = block["multiple"]
    c = res.coefficients.set_index("term")
    terms = {"(Intercept)": "(Constant)", "X1": "ETRUST", "X2": "ESAT"}
    for ours, theirs in (("b", "B"), ("se", "SE"), ("t", "t")):
        assert_close(c[ours], pd.Series({terms[t]: d[theirs] for t, d in mult["coefficients"].items()}), TOL,
                     f"{name}: {ours}", relative=True)
    assert_close(c["p"], pd.Series({terms[t]: d["p"] for t, d in mult["coefficients"].items()}), P_TOL,
                 f"{name}: coefficient p", proportional=True)
    for ours, theirs in (("beta", "beta"), ("vif", "vif"), ("tolerance", "tolerance")):
        assert_close(c[ours].dropna(), pd.Series({VAR[x]: v for x, v in mult[theirs].items()}), TOL,
                     f"{name}: {ours}")


def test_model_summary_and_anova_match_r(study):
    name, res, block = study
    mult = block["multiple"]
    s = res.model_summary.iloc[0]
    a = res.anova.set_index("source")
    ours = pd.Series({"R": s["r"], "R2": s["r2"], "R2_adj": s["adj_r2"], "se_estimate": s["se_estimate"],
                      "F": a.loc["Regression", "f"], "ss_regression": a.loc["Regression", "ss"],
                      "ss_residual": a.loc["Residual", "ss"]})
    theirs = pd.Series({k: mult[k] for k in ("R", "R2", "R2_adj", "se_estimate")}
                       | {k: mult["anova"][k] for k in ("F", "ss_regression", "ss_residual")})
    assert_close(ours, theirs, TOL, f"{name}: model summary and ANOVA", relative=True)
    assert (a.loc["Regression", "df"], a.loc["Residual", "df"]) == (mult["anova"]["df1"], mult["anova"]["df2"])
    assert_scalar(a.loc["Regression", "p"], mult["anova"]["p"], P_TOL, f"{name}: ANOVA p", proportional=True)
    h = res.hypotheses.set_index("hypothesis")
    assert_scalar(h.loc["H3", "critical"], mult["F_table_0.05"], TOL, f"{name}: F table", relative=True)
    assert_scalar(h.loc["H1", "critical"], mult["t_table_two_tailed_0.05"], TOL, f"{name}: t table (df 95)",
                  relative=True)
    # both slopes and F significant in R (t 4.21, 4.51; F 28.98): every hypothesis accepted
    assert list(h["decision"]) == ["accepted"] * 3


def test_assumption_tests_match_r_ks_shapiro_glejser_breusch_pagan_linearity(study):
    name, res, block = study
    ra = block["assumptions"]
    ks = _assumption(res, "normality: Kolmogorov-Smirnov (asymptotic)")
    li = _assumption(res, "normality: Kolmogorov-Smirnov (Lilliefors)")
    sw = _assumption(res, "normality: Shapiro-Wilk")
    bp = _assumption(res, "heteroskedasticity: Breusch-Pagan (Koenker)")
    bpc = _assumption(res, "heteroskedasticity: Breusch-Pagan (classic)")
    stat = {"KS D": (ks["statistic"], ra["ks_uncorrected"]["D"]), "Lilliefors D": (li["statistic"], ra["lilliefors"]["D"]),
            "BP (Koenker)": (bp["statistic"], ra["breusch_pagan"]["BP"]),
            "BP (classic)": (bpc["statistic"], ra["breusch_pagan_classic"]["BP"])}
    pval = {"KS p": (ks["p"], ra["ks_uncorrected"]["p"]), "BP (Koenker) p": (bp["p"], ra["breusch_pagan"]["p"]),
            "BP (classic) p": (bpc["p"], ra["breusch_pagan_classic"]["p"])}
    for x in ("X1", "X2"):
        g = _assumption(res, "heteroskedasticity: Glejser", VAR[x])
        stat[f"Glejser t {x}"] = (g["statistic"], ra["glejser"]["t"][x])
        pval[f"Glejser p {x}"] = (g["p"], ra["glejser"]["p"][x])
        d = ra["deviation_from_linearity"][x]
        lin = _assumption(res, "linearity: deviation from linearity", VAR[x])
        stat[f"deviation from linearity F {x}"] = (lin["statistic"], d["F"])
        pval[f"deviation from linearity p {x}"] = (lin["p"], d["p"])
        assert lin["df"] == f"{d['df1']}, {d['df2']}"
    assert_close(pd.Series({k: v[0] for k, v in stat.items()}), pd.Series({k: v[1] for k, v in stat.items()}), TOL,
                 f"{name}: assumption test statistics", relative=True)
    assert_close(pd.Series({k: v[0] for k, v in pval.items()}), pd.Series({k: v[1] for k, v in pval.items()}), P_TOL,
                 f"{name}: assumption p-values", proportional=True)
    # Shapiro-Wilk: scipy and R implement Royston's (1995) algorithm in two codes
    assert_scalar(sw["statistic"], ra["shapiro_wilk"]["W"], SW_W_TOL, f"{name}: Shapiro-Wilk W", proportional=True)
    assert_scalar(sw["p"], ra["shapiro_wilk"]["p"], SW_P_TOL, f"{name}: Shapiro-Wilk p", proportional=True)
    # decisions at alpha = .05 follow R's p: residuals normal, linear in both predictors, Glejser flags ESAT only
    assert {ks["decision"], li["decision"], sw["decision"]} == {"normal"}
    assert _assumption(res, "heteroskedasticity: Glejser", "ETRUST")["decision"] == "no heteroskedasticity"
    assert _assumption(res, "heteroskedasticity: Glejser", "ESAT")["decision"] == "heteroskedasticity"
    assert (ra["glejser"]["p"]["X1"] > 0.05) and (ra["glejser"]["p"]["X2"] < 0.05)


@pytest.mark.xfail(strict=True, reason="surveysem's Lilliefors p comes from statsmodels pvalmethod='approx', which "
                   "falls back to table interpolation when p > 0.1; nortest::lillie.test switches to Stephens' "
                   "modified-statistic formulas there: p = 0.4719 here vs R's 0.4602 (the decision is the same)")
def test_lilliefors_p_above_0_1_matches_nortest(study):
    name, res, block = study
    li = _assumption(res, "normality: Kolmogorov-Smirnov (Lilliefors)")
    assert_scalar(li["p"], block["assumptions"]["lilliefors"]["p"], P_TOL, f"{name}: Lilliefors p",
                  proportional=True)


def test_r_table_critical_values_come_from_students_t_with_df_n_minus_2(ref):
    # hand check of the r-table formula R used (Sugiyono 2015): r = t / sqrt(df + t²), t = t(0.975, df), df = n − 2
    df = ref["r_table"]["df"]
    t = stats.t.ppf(0.975, df)
    assert_scalar(t / (df + t * t) ** 0.5, ref["r_table"]["r_crit"], 1e-15, "bukalapak: r-table formula")
