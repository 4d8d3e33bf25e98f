"""Bad input gets one line naming the variable (CLI exit 2, no output folder); the CLI writes every table."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import DATASETS, load_json, needs_shared

from surveysem.cli import main
from surveysem.errors import ConfigError, DataError, ModelError
from surveysem.regression.study import run_regression_study

MODEL = "X1 =~ a1 + a2\nX2 =~ b1 + b2\nY =~ c1 + c2\nY ~ X1 + X2\n"


def _data(n=12, seed=1):
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    d = pd.DataFrame(rng.integers(1, 6, size=(n, 6)), columns=["a1", "a2", "b1", "b2", "c1", "c2"])
    return d


def _write(tmp_path, df, model=MODEL):
    data = tmp_path / "survey.csv"
    df.to_csv(data, index=False)
    mod = tmp_path / "model.lav"
    mod.write_text(model)
    return data, mod


def _run_cli(tmp_path, data, mod, *extra):
    out = tmp_path / "out"
    code = main(["regression", "--data", str(data), "--model", str(mod), "--out", str(out), "--no-figures", *extra])
    return code, out


def _assert_one_line_error(capsys, code, out, *needles):
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("surveysem: error: ")
    for n in needles:
        assert n in lines[0], (n, lines[0])
    assert not out.exists()
    assert not list(out.parent.glob(".out.tmp-*"))  # no half-written temporary folder either
    return lines[0]


def test_zero_variance_predictor_is_a_one_line_error_naming_it(tmp_path, capsys):
    d = _data()
    d[["a1", "a2"]] = 3
    data, mod = _write(tmp_path, d)
    with pytest.raises(DataError, match="variable 'X1' has zero variance"):
        run_regression_study(data, mod)
    code, out = _run_cli(tmp_path, data, mod)
    _assert_one_line_error(capsys, code, out, "'X1'", "zero variance", "Y ~ X1 + X2")


def test_perfect_collinearity_is_a_one_line_error_naming_the_predictor(tmp_path, capsys):
    d = _data()
    d["b1"], d["b2"] = d["a2"], d["a1"]  # X2 = X1 exactly
    data, mod = _write(tmp_path, d)
    code, out = _run_cli(tmp_path, data, mod)
    line = _assert_one_line_error(capsys, code, out, "perfect", "collinearity")
    assert "'X1'" in line and "'X2'" in line


def test_fewer_rows_than_predictors_plus_two_is_a_one_line_error(tmp_path, capsys):
    d = _data(n=3)
    data, mod = _write(tmp_path, d)
    code, out = _run_cli(tmp_path, data, mod)
    _assert_one_line_error(capsys, code, out, "only 3 complete rows for 2 predictor(s)", "k + 2 = 4")


def test_listwise_deletion_below_k_plus_two_rows_is_reported(tmp_path):
    d = _data(n=6)
    d.loc[[0, 1, 2], "a1"] = -99
    data, mod = _write(tmp_path, d)
    with pytest.raises(DataError, match="only 3 complete rows"):
        run_regression_study(data, mod, missing_values=[-99])


def test_non_numeric_item_names_file_row_and_column(tmp_path, capsys):
    d = _data().astype(object)
    d.loc[4, "b2"] = "lima"
    data, mod = _write(tmp_path, d)
    code, out = _run_cli(tmp_path, data, mod)
    _assert_one_line_error(capsys, code, out, "survey.csv, row 6, column b2", '"lima" is not a number')


def test_model_without_a_regression_line_is_a_model_error(tmp_path, capsys):
    data, mod = _write(tmp_path, _data(), model="X1 =~ a1 + a2\nY =~ c1 + c2\n")
    with pytest.raises(ModelError, match="no regression line"):
        run_regression_study(data, mod)
    code, out = _run_cli(tmp_path, data, mod)
    _assert_one_line_error(capsys, code, out, "model.lav", "Y ~ X1 + X2")


def test_item_missing_from_the_data_is_named(tmp_path, capsys):
    data, mod = _write(tmp_path, _data().drop(columns=["c2"]))
    code, out = _run_cli(tmp_path, data, mod)
    _assert_one_line_error(capsys, code, out, "'c2'", "not a column")


def test_mediator_without_seed_asks_for_one(tmp_path, capsys):
    data, mod = _write(tmp_path, _data(n=30), model=MODEL + "X2 ~ X1\n")
    with pytest.raises(ConfigError, match="needs a seed"):
        run_regression_study(data, mod)
    code, out = _run_cli(tmp_path, data, mod)
    _assert_one_line_error(capsys, code, out, "X1 -> X2 -> Y", "--seed")
    # Sobel only (no bootstrap) needs no seed
    res = run_regression_study(data, mod, boot=0)
    assert np.isnan(res.mediation.set_index("effect").loc["indirect", "ci_low"])


def test_failed_run_keeps_the_previous_output_folder(tmp_path, capsys):
    good, mod = _write(tmp_path, _data(n=20))
    code, out = _run_cli(tmp_path, good, mod)
    assert code == 0 and (out / "coefficients.csv").exists()
    before = (out / "coefficients.csv").read_text()
    bad = _data(n=20)
    bad[["c1", "c2"]] = 4  # the dependent variable has no variance
    bad.to_csv(good, index=False)
    code, out = _run_cli(tmp_path, good, mod)
    assert code == 2
    assert "'Y' has zero variance" in capsys.readouterr().err
    assert (out / "coefficients.csv").read_text() == before


def test_bootstrap_is_deterministic_for_a_seed_and_changes_with_it(tmp_path):
    d = _data(n=60, seed=3)
    d["b1"] = np.clip(d["a1"] + d["b1"] // 3, 1, 5)
    model = MODEL + "X2 ~ X1\n"
    r1 = run_regression_study(d, model, boot=300, seed=7).mediation.set_index("effect")
    r2 = run_regression_study(d, model, boot=300, seed=7).mediation.set_index("effect")
    r3 = run_regression_study(d, model, boot=300, seed=8).mediation.set_index("effect")
    assert r1.loc["indirect", "ci_low"] == r2.loc["indirect", "ci_low"]
    assert r1.loc["indirect", "ci_high"] == r2.loc["indirect", "ci_high"]
    assert r1.loc["indirect", "ci_low"] != r3.loc["indirect", "ci_low"]


@needs_shared
def test_cli_writes_every_table_and_the_three_charts_matching_r(tmp_path, capsys):
    ref = load_json("regression/corp_rep_sum_scores.json")
    mod = tmp_path / "corp.lav"
    mod.write_text("X1 =~ comp_1 + comp_2 + comp_3\nX2 =~ like_1 + like_2 + like_3\n"
                   "Y =~ cusl_1 + cusl_2 + cusl_3\nY ~ X1 + X2\nX2 ~ X1\n")
    out = tmp_path / "results"
    code = main(["regression", "--data", str(DATASETS / "corp_rep_data.csv"), "--model", str(mod),
                 "--out", str(out), "--missing-value", "-99", "--boot", "500", "--seed", "11"])
    assert code == 0, capsys.readouterr().err
    expected = ["item_validity", "reliability", "descriptives", "categories", "category_frequencies",
                "category_bands", "correlations", "simple_regressions", "coefficients", "model_summary", "anova",
                "assumptions", "linearity", "mediation", "mediation_steps", "hypotheses", "residuals", "scores"]
    for name in expected:
        assert (out / f"{name}.csv").exists(), name
    a = pd.read_csv(out / "assumptions.csv", keep_default_na=False)
    for col in ["test", "statistic", "df", "p", "decision", "convention", "note"]:
        assert col in a.columns
    c = pd.read_csv(out / "coefficients.csv").set_index(["dependent", "term"])
    assert c.loc[("Y", "X2"), "b"] == pytest.approx(ref["multiple"]["coefficients"]["X2"]["B"], rel=1e-12)
    run = json.loads((out / "run.json").read_text())
    assert run["n_used"] == 336 and run["options"]["seed"] == 11
    assert run["options"]["missing_values"] == ["-99"]
    for dep in ("X2", "Y"):
        for chart in ("histogram", "pp_plot", "scatter"):
            for ext in ("png", "svg"):
                assert (out / "figures" / f"{dep}_{chart}.{ext}").stat().st_size > 1000
    r = pd.read_csv(out / "residuals.csv")
    y = r[r["dependent"] == "Y"]
    assert len(y) == 336
    # the chart data: residuals are observed - predicted; P-P observed probabilities are i/n
    assert (y["observed"] - y["predicted"]).to_numpy() == pytest.approx(y["residual"].to_numpy())
    assert sorted(y["pp_observed"]) == pytest.approx(np.arange(1, 337) / 336)
    # rows are data-file rows (header = row 1): the 8 listwise-deleted rows are absent
    assert not set(run["rows_dropped"]) & set(y["row"])
