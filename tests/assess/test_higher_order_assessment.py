"""The assessment of a model with higher-order constructs (Sarstedt et al. 2019): both levels in every measurement
table, a ``level`` column, the HOC assessed on its lower-order constructs, the steps that cannot handle a HOC yet
skipped with a warning — run as the workflow runs it (``surveysem pls --assess``) on the tiktok_gifting example
grouped as its paper does (``data/tiktok_gifting/model_hoc.lav``)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from example_runs import DATA, cli

MODEL = DATA / "tiktok_gifting" / "model_hoc.lav"
HOCS = {"SOC": ("IDN", "ITR", "INF"), "TEC": ("CNV", "CMP", "PRS")}


@pytest.fixture(scope="module", params=["two_stage", "repeated_indicators"])
def folder(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param) / "pls"
    cli("pls", "--data", DATA / "tiktok_gifting" / "data.csv", "--model", MODEL, "--missing-value", "-99",
        "--out", out, "--boot", "60", "--seed", "1", "--assess", "--hoc", request.param, "--quiet")
    return request.param, out


def _csv(folder, name):
    return pd.read_csv(folder / f"{name}.csv", keep_default_na=False, na_values=[""])


def test_every_measurement_table_has_both_levels(folder):
    method, out = folder
    for name in ("reliability", "outer_model", "vif_outer", "fornell_larcker", "cross_loadings"):
        t = _csv(out, name)
        assert set(t.loc[t["construct"].isin(HOCS), "level"]) == {"higher"}, name
        assert set(t.loc[~t["construct"].isin(HOCS), "level"]) == {"lower"}, name
    rel = _csv(out, "reliability")
    assert {"IDN", "ITR", "INF", "CNV", "CMP", "PRS", "SOC", "TEC"} <= set(rel["construct"])
    om = _csv(out, "outer_model")
    assert {"idn1", "cnv3"} <= set(om["indicator"])  # the LOCs' items, with their bootstrap columns
    assert om.loc[om["indicator"] == "idn1", "loading_se"].notna().all()
    cl = _csv(out, "cross_loadings").set_index("indicator")
    assert cl.loc["idn1", "level"] == "lower" and cl.loc["idn1", "IDN"] > 0.7
    if method == "two_stage":  # idn1 is an item of stage 1, where SOC is not a construct; IDN (a score) of stage 2
        assert np.isnan(cl.loc["idn1", "SOC"]) and cl.loc["IDN", "construct"] == "SOC"
    ht = _csv(out, "htmt")
    pair = ht[(ht["construct_a"] == "IDN") & (ht["construct_b"] == "ITR")]
    assert len(pair) == 1 and pair["level"].iloc[0] == "lower" and np.isfinite(pair["upper_one_sided"].iloc[0])
    assert set(ht.loc[ht["construct_a"].isin(HOCS) | ht["construct_b"].isin(HOCS), "level"]) == {"higher"}


def test_the_hoc_is_measured_by_its_lower_order_constructs(folder):
    method, out = folder
    om = _csv(out, "outer_model")
    soc = om[om["construct"] == "SOC"]
    if method == "two_stage":  # indicators = the LOC scores
        assert list(soc["indicator"]) == ["IDN", "ITR", "INF"]
        w = _csv(out, "weights")
        assert {"SOC"} == set(w.loc[w["indicator"].isin(HOCS["SOC"]), "construct"])
    else:  # repeated indicators: copies of the LOCs' items, and the LOC -> HOC paths (formative HOC)
        assert "idn1@SOC" in set(soc["indicator"]) and len(soc) == 11
        eff = _csv(out, "effects")
        direct = eff[(eff["kind"] == "direct") & (eff["to"] == "SOC")]
        assert set(direct["from"]) == {"IDN", "ITR", "INF"}


def test_steps_that_cannot_handle_a_hoc_are_skipped_with_a_warning(folder):
    _, out = folder
    run = json.loads((out / "run.json").read_text())
    warnings = " ".join(run["assessment"]["warnings"])
    for step in ("Q² (blindfolding)", "PLSpredict", "model fit"):
        assert step in warnings
        assert "higher-order constructs" in warnings
    for name in ("q2", "plspredict", "model_fit"):
        assert not (out / f"{name}.csv").exists()
    assert run["settings"]["hoc"] in ("two_stage", "repeated_indicators")


def test_hoc_reliability_comes_from_the_lower_order_scores(folder):
    """Formative HOC (``<~``): rho_A = 1 and verdicts n/a as for any composite; its alpha is the standardized alpha
    of its three LOC scores, m/(m − 1)·(1 − m/ΣR) (Cronbach 1951), computed here from the construct correlations."""
    method, out = folder
    rel = _csv(out, "reliability").set_index("construct")
    corr = _csv(out, "construct_corr").set_index("construct")
    if method == "repeated_indicators":
        R = corr.loc[list(HOCS["SOC"]), list(HOCS["SOC"])].to_numpy()
        assert rel.loc["SOC", "alpha"] == pytest.approx(3 / 2 * (1 - 3 / R.sum()), abs=1e-12)
    assert rel.loc["SOC", "rho_a"] == 1 and rel.loc["SOC", "alpha_verdict"] == "n/a"
    assert rel.loc["SOC", "n_items"] == 3


def test_tables_and_summary_print_the_level(folder, tmp_path):
    _, out = folder
    cli("report", "tables", "--kind", "pls", "--in", out, "--out", tmp_path / "tables")
    text = (tmp_path / "tables" / "reliability.md").read_text()
    assert "Construct level" in text and "| higher |" in text
    cli("report", "summary", "--kind", "pls", "--study", "tiktok_hoc", "--in", out, "--out", tmp_path / "summary.md")
    summary = (tmp_path / "summary.md").read_text()
    assert "Higher-order constructs: SOC (formative) of IDN, ITR and INF; TEC (formative) of CNV, CMP and PRS" in summary


def test_every_printed_text_of_a_hoc_study_is_in_the_indonesian_catalogue(folder, tmp_path):
    from surveysem import i18n
    _, out = folder
    i18n.reset_missing()
    cli("report", "tables", "--kind", "pls", "--in", out, "--language", "id", "--out", tmp_path / "tables")
    cli("report", "summary", "--kind", "pls", "--study", "tiktok_hoc", "--in", out, "--language", "id",
        "--out", tmp_path / "summary.md")
    missing = i18n.missing()
    assert not missing, "no Indonesian entry for:\n" + "\n".join(sorted(missing))
    assert "Konstruk orde tinggi: SOC (formatif) dari IDN, ITR dan INF" in (tmp_path / "summary.md").read_text()


def test_figures_draw_the_links_of_the_higher_order_constructs(folder, tmp_path):
    """The path diagram links each LOC to its formative HOC, labelled with the HOC's weight (two-stage) or the
    LOC -> HOC path (repeated indicators); every figure of the step is written."""
    from surveysem.report.figures import _higher_order_links, _read_study
    _, out = folder
    model, rows = _higher_order_links(_read_study(out))
    assert ("IDN", "SOC") in {(p.source, p.target) for p in model.paths}
    w = _csv(out, "weights")
    eff = _csv(out, "effects")
    expected = w[(w["construct"] == "SOC") & (w["indicator"] == "IDN")]["estimate"]
    if expected.empty:  # repeated indicators: the inner path
        expected = eff[(eff["kind"] == "direct") & (eff["from"] == "IDN") & (eff["to"] == "SOC")]["estimate"]
    assert rows[("IDN", "SOC")]["estimate"] == pytest.approx(float(expected.iloc[0]), abs=1e-12)
    cli("report", "figures", "--kind", "pls", "--in", out, "--out", tmp_path / "figures")
    assert (tmp_path / "figures" / "path_diagram.png").exists()
