"""``surveysem cbsem`` end to end: files, their columns, lavaan's numbers, and bad input (exit 2, no folder)."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import DATASETS, REFERENCE, needs_shared

from surveysem.cli import main

pytestmark = needs_shared

BOLLEN = """ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"""


@pytest.fixture
def model_file(tmp_path):
    p = tmp_path / "bollen.lav"
    p.write_text(BOLLEN)
    return p


@pytest.fixture
def pls_dir(tmp_path):
    d = tmp_path / "pls"
    d.mkdir()
    pd.DataFrame({"from": ["ind60", "ind60", "dem60"], "to": ["dem60", "dem65", "dem65"],
                  "estimate": [0.44, 0.16, 0.87], "boot_mean": [0.44, 0.16, 0.87], "se": [0.1, 0.1, 0.05],
                  "t": [4.4, 1.6, 17.4], "p": [0.0, 0.11, 0.0], "ci_low": [0.24, -0.04, 0.77],
                  "ci_high": [0.64, 0.36, 0.97], "bca_low": [0.24, -0.04, 0.77], "bca_high": [0.64, 0.36, 0.97]}
                 ).to_csv(d / "paths.csv", index=False)
    pd.DataFrame({"construct": ["ind60"], "indicator": ["x1"], "estimate": [0.92], "boot_mean": [0.92],
                  "se": [0.02], "t": [46.0], "p": [0.0], "ci_low": [0.88], "ci_high": [0.96], "bca_low": [0.88],
                  "bca_high": [0.96]}).to_csv(d / "loadings.csv", index=False)
    return d


def test_cli_writes_documented_tables_with_lavaans_fit(tmp_path, model_file, pls_dir, capsys):
    out = tmp_path / "cb"
    rc = main(["cbsem", "--data", str(DATASETS / "political_democracy.csv"), "--model", str(model_file),
               "--out", str(out), "--pls-dir", str(pls_dir)])
    assert rc == 0
    for name in ("fit.csv", "estimates.csv", "warnings.csv", "comparison.csv", "comparison.png", "comparison.svg",
                 "run.json", "summary.txt"):
        assert (out / name).exists(), name
    fit = pd.read_csv(out / "fit.csv")
    assert list(fit.columns[:2]) == ["index", "value"] and {"convention", "threshold", "verdict"} <= set(fit.columns)
    ref = json.loads((REFERENCE / "lavaan" / "political_democracy.json").read_text())["with_residual_covariances"]
    f = fit.set_index("index")["value"]
    assert f["chisq"] == pytest.approx(ref["fit"]["chisq"], rel=1e-6)  # full precision in the CSV
    assert f["cfi"] == pytest.approx(ref["fit"]["cfi"], rel=1e-6)
    est = pd.read_csv(out / "estimates.csv")
    assert list(est.columns[:8]) == ["lhs", "op", "rhs", "estimate", "se", "z", "p", "std"]
    cmp = pd.read_csv(out / "comparison.csv")
    assert {"pls_estimate", "cb_std", "sign_differs", "significance_differs"} <= set(cmp.columns)
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["missing_column", "text_cell", "missing_pls_dir", "bad_estimator"])
def test_cli_bad_input_exits_2_with_one_line_and_no_output_folder(tmp_path, model_file, capsys, bad):
    data = pd.read_csv(DATASETS / "political_democracy.csv", index_col=0)
    model = model_file
    extra = []
    if bad == "missing_column":
        data = data.drop(columns="y7")
    elif bad == "text_cell":
        data = data.astype(object)
        data.iloc[3, data.columns.get_loc("x2")] = "lima"
    elif bad == "missing_pls_dir":
        extra = ["--pls-dir", str(tmp_path / "nowhere")]
    elif bad == "bad_estimator":
        extra = ["--estimator", "WLSMV"]
    csv = tmp_path / "data.csv"
    data.to_csv(csv, index=False)
    out = tmp_path / "cb"
    rc = main(["cbsem", "--data", str(csv), "--model", str(model), "--out", str(out), *extra])
    assert rc == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("surveysem: error: ")
    expected = {"missing_column": "y7", "text_cell": "lima", "missing_pls_dir": "nowhere",
                "bad_estimator": "cbsem: option --estimator: 'WLSMV' is not one of ML, MLR"}[bad]
    assert expected in err[0]
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cb")]


def test_cli_composite_model_writes_a_skipped_note_not_an_error(tmp_path):
    m = tmp_path / "m.lav"
    m.write_text("ind60 <~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem60 ~ ind60\n")
    out = tmp_path / "cb"
    rc = main(["cbsem", "--data", str(DATASETS / "political_democracy.csv"), "--model", str(m), "--out", str(out)])
    assert rc == 0
    w = pd.read_csv(out / "warnings.csv")
    assert w["kind"].tolist() == ["skipped_composite"]
    assert json.loads((out / "run.json").read_text())["skipped"] is True


def test_items_dropped_by_pls_purification_are_left_out_of_the_cbsem(tmp_path, model_file, pls_dir):
    # The PLS step dropped y4 (item_purification.csv); the cross-check must fit the same measurement model, and the
    # residual covariances that name y4 (y2 ~~ y4, y4 ~~ y8) go with it. df then follows by counting: 10 observed
    # variables give 55 moments; 31 - (1 loading + 1 residual variance + 2 covariances) = 27 free parameters -> 28 df
    # (lavaan's df for the full Bollen model is 35 with 11 variables: 66 - 31).
    pd.DataFrame({"step": [1], "construct": ["dem60"], "indicator": ["y4"], "loading": [0.6], "action": ["dropped"]}
                 ).to_csv(pls_dir / "item_purification.csv", index=False)
    out = tmp_path / "cb"
    assert main(["cbsem", "--data", str(DATASETS / "political_democracy.csv"), "--model", str(model_file),
                 "--pls-dir", str(pls_dir), "--out", str(out)]) == 0
    est = pd.read_csv(out / "estimates.csv")
    assert "y4" not in set(est["rhs"]) | set(est["lhs"])
    fit = pd.read_csv(out / "fit.csv").set_index("index")["value"]
    assert fit["df"] == 28
    notes = pd.read_csv(out / "warnings.csv")
    assert notes["message"].str.contains("y4").any()
