"""The study summary (``surveysem.report.summary.study_summary``) against the tidy tables it is written from.

Inputs are made by running the CLI on the shipped example data (``data/``) with the options ``config.yaml`` gives
each study (fewer bootstrap resamples, to keep the tests fast). Every expected value comes from the CSV the summary
reads, formatted with ``surveysem.format``: the summary must state the same decisions and numbers as the
tables, never different ones. The prose itself is not asserted.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from example_runs import run_bukalapak_loyalty, run_shopee_trust

from surveysem.cli import main
from surveysem.errors import DataError
from surveysem.format import bounded, ci, pval
from surveysem.report.summary import study_summary

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def _cli(*args) -> None:
    assert main([str(a) for a in args]) == 0


def _csv(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


# ---------------------------------------------------------------------------------------------------------------
# inputs: the example studies run through the CLI into a temporary results folder


@pytest.fixture(scope="session")
def shopee(tmp_path_factory) -> Path:
    """shopee_trust as config.yaml runs it (purify strict, CB-SEM), with B = 200."""
    study = run_shopee_trust(tmp_path_factory.mktemp("results") / "shopee_trust", boot=200, cbsem_figures=False)
    return study


@pytest.fixture(scope="session")
def shopee_md(shopee) -> str:
    return study_summary("pls", "shopee_trust", shopee / "pls", shopee / "cleaning", shopee / "cbsem")


@pytest.fixture(scope="session")
def bukalapak(tmp_path_factory) -> Path:
    return run_bukalapak_loyalty(tmp_path_factory.mktemp("results") / "bukalapak_loyalty", boot=200)


@pytest.fixture(scope="session")
def sessions(tmp_path_factory) -> Path:
    study = tmp_path_factory.mktemp("results") / "live_sessions"
    _cli("sessions", "--data", DATA / "live_sessions" / "sessions.csv", "--out", study / "sessions", "--seed", "2026",
         "--boot", "200")
    return study


@pytest.fixture(scope="session")
def coding(tmp_path_factory) -> Path:
    study = tmp_path_factory.mktemp("results") / "live_themes"
    d = DATA / "live_themes"
    _cli("coding", "--segments", d / "segments.csv", "--codebook", d / "codebook.csv", "--cases", d / "cases.csv",
         "--out", study / "coding")
    return study


# ---------------------------------------------------------------------------------------------------------------
# reading the Markdown back


def _section(md: str, title: str, level: int = 2) -> str:
    """Text of the section whose heading is ``## <number> <title>`` up to the next heading of that level."""
    hashes = "#" * level
    m = re.search(rf"^{hashes} [\d.]+ {re.escape(title)}$", md, re.M)
    assert m, f"no section {title!r}"
    rest = md[m.end():]
    nxt = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: nxt.start()] if nxt else rest


def _tables(text: str) -> list[list[dict]]:
    """Every pipe table in ``text`` as a list of rows (dicts keyed by the header)."""
    tables, block = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            cells = [[c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in block]
            header, body = cells[0], cells[2:]
            tables.append([dict(zip(header, r)) for r in body])
            block = []
    return tables


def _table_with(text: str, column: str) -> list[dict]:
    found = [t for t in _tables(text) if t and column in t[0]]
    assert found, f"no table with column {column!r}"
    return found[0]


# ---------------------------------------------------------------------------------------------------------------
# PLS


def test_pls_hypotheses_carry_the_decision_and_beta_of_the_tables(shopee, shopee_md):
    paths = _csv(shopee / "pls" / "paths.csv")
    hyp = _csv(shopee / "pls" / "hypotheses.csv").set_index(["from", "to"])
    rows = _table_with(_section(shopee_md, "Hypotheses"), "Decision")
    direct = rows[: len(paths)]
    assert len(direct) == len(paths)
    for i, (r, p) in enumerate(zip(direct, paths.to_dict("records"))):
        assert r["Hypothesis"] == f"H{i + 1}"
        assert r["Path"] == f"{p['from']} → {p['to']}"
        assert r["β"] == bounded(p["estimate"])
        assert r["p"] == pval(p["p"])
        assert r["95% CI"] == ci(p["ci_low"], p["ci_high"], leading_zero=False)
        expected = "supported" if hyp.loc[(p["from"], p["to"]), "supported"] == "yes" else "not supported"
        assert r["Decision"] == expected
    # the example replicates Wibowo & Safitri (2022): R -> MB is the one direct path that is not supported
    assert [r["Path"] for r in direct if r["Decision"] == "not supported"] == ["R → MB"]


def test_pls_indirect_hypotheses_follow_mediation_csv(shopee, shopee_md):
    paths = _csv(shopee / "pls" / "paths.csv")
    med = _csv(shopee / "pls" / "mediation.csv")
    rows = _table_with(_section(shopee_md, "Hypotheses"), "Decision")[len(paths):]
    assert len(rows) == len(med) > 0
    for i, (r, m) in enumerate(zip(rows, med.to_dict("records"))):
        assert r["Hypothesis"] == f"H{len(paths) + i + 1}"
        assert r["Path"].startswith(m["chain"].replace(" -> ", " → "))
        assert r["β"] == bounded(m["estimate"])
        assert r["Decision"] == ("supported" if m["indirect_significant"] else "not supported")


def test_pls_mediation_section_carries_zhao_type_and_reasoning_of_each_row(shopee, shopee_md):
    med = _csv(shopee / "pls" / "mediation.csv")
    text = _section(shopee_md, "Mediation")
    rows = {r["Chain"]: r for r in _table_with(text, "Zhao type")}
    assert len(rows) == len(med)
    for m in med.to_dict("records"):
        row = rows[m["chain"].replace(" -> ", " → ")]
        assert row["Zhao type"] == m["zhao_type"]
        assert row["Indirect effect"] == bounded(m["estimate"])
        assert " ".join(m["reasoning"].split()) in text
    # Wibowo & Safitri (2022): trust mediates OCR partially (complementary) and R fully (indirect-only)
    assert dict(zip(med["chain"], med["zhao_type"])) == {
        "OCR -> TRUST -> MB": "complementary", "R -> TRUST -> MB": "indirect-only"}


def test_pls_measurement_section_names_the_purified_item(shopee, shopee_md):
    log = _csv(shopee / "pls" / "item_purification.csv")
    assert list(log.loc[log["action"] == "dropped", "indicator"]) == ["trust4"]  # as Wibowo & Safitri (2022) drop Z4
    purification = _section(shopee_md, "Item purification", level=3)
    assert "trust4" in purification
    row = _table_with(purification, "Action")[0]
    assert (row["Indicator"], row["Action"], row["Loading"]) == ("trust4", "dropped", bounded(log["loading"].iloc[0]))
    assert "trust4" in _section(shopee_md, "Measurement model")
    loadings = _table_with(_section(shopee_md, "Indicator loadings", level=3), "Verdict")
    assert "trust4" not in {r["Indicator"] for r in loadings}


def test_pls_loadings_and_reliability_tables_match_the_csvs(shopee, shopee_md):
    om = _csv(shopee / "pls" / "outer_model.csv")
    rows = _table_with(_section(shopee_md, "Indicator loadings", 3), "Verdict")
    assert [r["Indicator"] for r in rows] == list(om["indicator"])
    assert [r["Loading"] for r in rows] == [bounded(x) for x in om["loading"]]
    assert [r["Verdict"] for r in rows] == list(om["verdict"])
    rel = _csv(shopee / "pls" / "reliability.csv")
    rows = _table_with(_section(shopee_md, "Internal consistency reliability and convergent validity", 3), "AVE")
    assert [r["AVE"] for r in rows] == [bounded(x) for x in rel["ave"]]
    assert [r["ρA"] for r in rows] == [bounded(x) for x in rel["rho_a"]]


def test_pls_htmt_table_gives_upper_bound_and_verdict(shopee, shopee_md):
    ht = _csv(shopee / "pls" / "htmt.csv")
    rows = _table_with(_section(shopee_md, "Discriminant validity", 3), "95% upper bound")
    assert len(rows) == len(ht)
    for r, h in zip(rows, ht.to_dict("records")):
        assert r["Pair"] == f"{h['construct_a']} – {h['construct_b']}"
        assert r["Verdict"] == h["verdict"]
        assert float(r["95% upper bound"]) == pytest.approx(h["upper_one_sided"], abs=5e-4)


def test_cbsem_section_flags_the_paths_whose_significance_differs(shopee, shopee_md):
    comp = _csv(shopee / "cbsem" / "comparison.csv")
    comp = comp[comp["kind"] == "path"]
    rows = _table_with(_section(shopee_md, "CB-SEM cross-check"), "Significance differs")
    assert [r["Path"] for r in rows] == [f"{a} → {b}" for a, b in zip(comp["from"], comp["to"])]
    assert [r["Significance differs"] == "yes" for r in rows] == [bool(x) for x in comp["significance_differs"]]
    assert [r["CB-SEM β (std.all)"] for r in rows] == [bounded(x) for x in comp["cb_std"]]


def test_pls_warnings_from_every_step_reach_the_summary(shopee, shopee_md):
    import json

    text = _section(shopee_md, "Warnings")
    runs = [json.loads((shopee / "pls" / "run.json").read_text()),
            json.loads((shopee / "cleaning" / "cleaning_counts.json").read_text())]
    expected = [w for r in runs for w in r.get("warnings", [])]
    expected += list(_csv(shopee / "cbsem" / "warnings.csv")["message"])
    assert expected  # the example has warnings: missing answers, a straight-liner, listwise deletion in CB-SEM
    for w in expected:
        assert " ".join(w.split()) in text


def test_pls_summary_links_resolve_relative_to_the_study_folder(shopee, shopee_md):
    links = re.findall(r"\]\(([^)]+)\)", shopee_md)
    assert links
    for link in links:
        assert not Path(link).is_absolute()
        assert (shopee / link).exists(), link


def test_pls_p_values_are_apa(shopee, shopee_md):
    paths = _csv(shopee / "pls" / "paths.csv")
    assert (paths["p"] < 0.001).any()  # so the "< .001" form is exercised
    assert not re.search(r"\| \.000 \|", shopee_md)  # never p = .000: below .001 it is "< .001"
    assert "| < .001 |" in shopee_md
    assert not re.search(r"\| 0\.\d{3} \|", _section(shopee_md, "Hypotheses"))  # no leading zero on β or p


def test_excluded_rows_are_listed_with_their_reason(shopee, tmp_path):
    cleaning = tmp_path / "cleaning"
    _cli("clean", "--data", DATA / "shopee_trust" / "data.csv", "--model", DATA / "shopee_trust" / "model.lav",
         "--out", cleaning, "--missing-value", "-99", "--id-column", "id", "--missing", "none",
         "--straightlining", "drop")
    ex = _csv(cleaning / "excluded_rows.csv")
    assert len(ex) == 1
    md = study_summary("pls", "shopee_trust", shopee / "pls", cleaning)
    rows = _table_with(_section(md, "Sample and data cleaning"), "Reason for exclusion")
    assert [(int(r["Row"]), r["Reason for exclusion"]) for r in rows] == list(zip(ex["row"], ex["reason"]))


def test_formative_construct_reports_weights_and_vif(tmp_path, shopee):
    model = tmp_path / "model.lav"
    model.write_text(re.sub(r"^R\s*=~", "R <~", (DATA / "shopee_trust" / "model.lav").read_text(), flags=re.M))
    assert re.search(r"^R <~", model.read_text(), re.M)
    out = tmp_path / "study" / "pls"
    _cli("pls", "--data", shopee / "cleaning" / "clean.csv", "--model", model, "--out", out, "--boot", "100",
         "--seed", "1", "--assess", "--predict-folds", "0", "--fit-boot", "0", "--no-draws", "--quiet")
    md = study_summary("pls", "formative", out)
    om = _csv(out / "outer_model.csv")
    form = om[om["mode"] == "composite"]
    assert list(form["indicator"]) == ["r1", "r2", "r3"]
    rows = _table_with(_section(md, "Formative (composite) indicators", 3), "Weight")
    assert [r["Indicator"] for r in rows] == list(form["indicator"])
    assert [r["Weight"] for r in rows] == [bounded(w) for w in form["weight"]]
    vif = _csv(out / "vif_outer.csv").set_index("indicator")
    assert [r["VIF"] for r in rows] == [f"{vif.loc[i, 'vif']:.3f}" for i in form["indicator"]]


# ---------------------------------------------------------------------------------------------------------------
# regression, sessions, coding


def test_pls_sample_size_section_carries_the_rows_of_sample_size_csv(shopee, shopee_md):
    ss = _csv(shopee / "pls" / "sample_size.csv")
    text = _section(shopee_md, "Sample size")
    rows = _table_with(text, "n required")
    assert [r["Method"] for r in rows] == list(ss["method"])
    assert [r["n required"] for r in rows] == [str(int(n)) for n in ss["n_required"]]
    assert [r["Enough"] for r in rows] == list(ss["enough"])
    first = ss.iloc[0]  # the sentence names the path and the n the inverse square root method needs
    assert f"{first['subject'].replace(' -> ', ' → ')} (|β| = {bounded(first['effect'])})" in text
    assert f"needs n ≥ {int(first['n_required'])}" in text
    assert "not a power calculation" in text  # the 10-times rule is put in its place
    assert "Measurement model" not in text  # the section ends before the measurement model


def test_regression_power_section_carries_power_csv(bukalapak):
    md = study_summary("regression", "bukalapak_loyalty", bukalapak / "regression", bukalapak / "cleaning")
    pw = _csv(bukalapak / "regression" / "power.csv").iloc[0]
    text = _section(md, "Sample size and power")
    assert f"f² = {pw['f2']:.3f}) has power {bounded(pw['power_actual'])} at n = {int(pw['n_actual'])}" in text
    assert f"needs n ≥ {int(pw['n_required'])}" in text
    assert _table_with(text, "n required")[0]["n required"] == str(int(pw["n_required"]))


def test_regression_hypothesis_decisions_equal_hypotheses_csv(bukalapak):
    md = study_summary("regression", "bukalapak_loyalty", bukalapak / "regression", bukalapak / "cleaning")
    hyp = _csv(bukalapak / "regression" / "hypotheses.csv")
    rows = _table_with(_section(md, "Hypotheses"), "Decision")
    assert [(r["Hypothesis"], r["Decision"]) for r in rows] == list(zip(hyp["hypothesis"], hyp["decision"]))
    for reason in hyp["reason"]:
        assert " ".join(reason.split()) in md


def test_regression_coefficients_and_validity_match_the_csvs(bukalapak):
    md = study_summary("regression", "bukalapak_loyalty", bukalapak / "regression", bukalapak / "cleaning")
    coef = _csv(bukalapak / "regression" / "coefficients.csv")
    rows = _table_with(_section(md, "Multiple linear regression"), "Beta")
    assert [r["Term"] for r in rows] == list(coef["term"])
    assert [r["p"] for r in rows] == [pval(p) for p in coef["p"]]
    assert [r["Beta"] for r in rows] == [bounded(b) for b in coef["beta"]]
    iv = _csv(bukalapak / "regression" / "item_validity.csv")
    rows = _table_with(_section(md, "Instrument validity and reliability"), "r table")
    assert [r["Decision"] == "valid" for r in rows] == [bool(v) for v in iv["valid"]]
    figures = sorted(p.name for p in (bukalapak / "regression" / "figures").glob("*.png"))
    assert figures
    for name in figures:
        assert f"(regression/figures/{name})" in md


def test_sessions_verdict_equals_hypotheses_csv(sessions):
    md = study_summary("sessions", "live_sessions", sessions / "sessions")
    hyp = _csv(sessions / "sessions" / "hypotheses.csv")
    rows = _table_with(_section(md, "Hypothesis"), "Verdict")
    assert [(r["Hypothesis"], r["Verdict"]) for r in rows] == list(zip(hyp["hypothesis"], hyp["verdict"]))
    assert [r["95% CI"] for r in rows] == [ci(a, b, leading_zero=False) for a, b in zip(hyp["ci_low"], hyp["ci_high"])]
    acc = _csv(sessions / "sessions" / "accounts.csv").set_index("account")
    rows = _table_with(_section(md, "Sessions and accounts"), "Mean GMV/session")
    assert {r["Account"]: int(r["Sessions"]) for r in rows} == acc["sessions"].to_dict()
    for r in rows:  # Rp with thousands separators, rounded to the rupiah
        assert r["Mean GMV/session"] == f"Rp{round(acc.loc[r['Account'], 'gmv_mean']):,}"


def test_coding_matrix_counts_equal_matrix_counts_csv(coding):
    md = study_summary("coding", "live_themes", coding / "coding")
    mc = _csv(coding / "coding" / "matrix_counts.csv")
    themes = list(_csv(coding / "coding" / "codebook.csv")["theme"])
    rows = _table_with(_section(md, "Case × theme matrix"), "Themes")
    assert [r["Case"] for r in rows] == list(mc["case"])
    for r, m in zip(rows, mc.to_dict("records")):
        assert [int(r[t]) for t in themes] == [m[t] for t in themes]
    prev = _csv(coding / "coding" / "prevalence.csv")
    rows = _table_with(_section(md, "Prevalence of the themes"), "Rank")
    assert {r["Theme"]: int(r["Rank"]) for r in rows} == dict(zip(prev["theme"], prev["rank"]))
    assert "audit.csv" in _section(md, "Case × theme matrix")


# ---------------------------------------------------------------------------------------------------------------
# errors and determinism


def test_unknown_kind_raises_data_error(shopee):
    with pytest.raises(DataError, match="unknown study kind 'sem'"):
        study_summary("sem", "shopee_trust", shopee / "pls")


def test_missing_folder_names_the_folder_and_what_to_run(tmp_path):
    missing = tmp_path / "nostudy" / "pls"
    with pytest.raises(DataError) as err:
        study_summary("pls", "nostudy", missing)
    msg = err.value.message
    assert str(missing) in msg and "surveysem pls" in msg and "\n" not in msg


def test_incomplete_folder_raises_data_error(shopee, tmp_path):
    copy = tmp_path / "study" / "pls"
    shutil.copytree(shopee / "pls", copy)
    (copy / "hypotheses.csv").unlink()  # e.g. `surveysem pls` without --assess
    with pytest.raises(DataError, match="hypotheses.csv") as err:
        study_summary("pls", "study", copy)
    assert "--assess" in err.value.message
    with pytest.raises(DataError, match="surveysem cbsem"):
        study_summary("pls", "shopee_trust", shopee / "pls", cbsem_dir=tmp_path / "no_cbsem")


def test_table_without_an_expected_column_raises_data_error(shopee, tmp_path):
    copy = tmp_path / "study" / "pls"
    shutil.copytree(shopee / "pls", copy)
    _csv(copy / "paths.csv").drop(columns="estimate").to_csv(copy / "paths.csv", index=False)
    with pytest.raises(DataError, match="paths.csv has no column estimate"):
        study_summary("pls", "study", copy)


def test_output_is_identical_on_two_calls(shopee, bukalapak, sessions, coding):
    calls = [("pls", shopee / "pls", shopee / "cleaning", shopee / "cbsem"),
             ("regression", bukalapak / "regression", bukalapak / "cleaning", None),
             ("sessions", sessions / "sessions", None, None),
             ("coding", coding / "coding", None, None)]
    for kind, a, c, cb in calls:
        first = study_summary(kind, "s", a, c, cb, title="A title")
        assert first == study_summary(kind, "s", a, c, cb, title="A title")
        assert first.startswith("# A title\n") and first.endswith("\n")


def test_pls_summary_does_not_depend_on_whether_the_tables_step_ran_first(shopee, shopee_md, tmp_path):
    # the workflow runs `report tables` and `report summary` independently, in either order: the text must be the
    # same bytes both ways (a run once differed by the "Formatted APA tables" line)
    import shutil

    study = tmp_path / "shopee_trust"
    for sub in ("pls", "cleaning", "cbsem"):
        shutil.copytree(shopee / sub, study / sub)
    args = ("pls", "shopee_trust", study / "pls", study / "cleaning", study / "cbsem")
    without = study_summary(*args)
    (study / "tables").mkdir()
    assert study_summary(*args) == without
    assert "`tables/` (written by `surveysem report tables`)" in without
