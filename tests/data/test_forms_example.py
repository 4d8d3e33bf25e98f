"""The Google-Forms example study (``data/bukalapak_forms``) and ``surveysem init``.

Outside values: the regression of the same answers coded as numbers (``data/bukalapak_loyalty``) as R's ``lm``
computed it (``tests/reference/own_data/bukalapak_loyalty_sum_scores.json``, X1 = e-trust, X2 = e-satisfaction,
Y = e-loyalty, n = 98 after listwise deletion of the two blank answers), and the planted defects of ``make_data.py``
(1,715 label cells = 17 items × 101 submissions − 2 blanks; one double submission; one name column).
"""
from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, load_own

from surveysem.cli import main
from surveysem.config import cli_args, load_config
from surveysem.kinds import step

FORMS = ROOT / "data" / "bukalapak_forms"
TOL = 1e-12


def _run_study(name: str, study: dict, out, kind: str = "regression") -> None:
    """The study's steps as the workflow runs them: clean, analysis, tables, summary (command lines from config)."""
    data, model = study["data"], study["model"]
    assert main(["clean", "--data", str(ROOT / data) if not str(data).startswith("/") else data, "--model",
                 str(ROOT / model) if not str(model).startswith("/") else model, "--out", str(out / "cleaning"),
                 *cli_args(study, "cleaning")]) == 0
    assert main([kind, "--data", str(out / "cleaning" / "clean.csv"), "--model",
                 str(ROOT / model) if not str(model).startswith("/") else model, "--out", str(out / kind),
                 *cli_args(study, kind)]) == 0
    assert main(["report", "tables", "--kind", kind, "--in", str(out / kind), "--cleaning", str(out / "cleaning"),
                 "--title", name, "--out", str(out / "tables")]) == 0
    assert main(["report", "summary", "--kind", kind, "--study", name, "--title", name, "--in", str(out / kind),
                 "--cleaning", str(out / "cleaning"), "--out", str(out / "summary.md")]) == 0


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "config.yaml")


@pytest.fixture(scope="module")
def forms(config, tmp_path_factory):
    out = tmp_path_factory.mktemp("results") / "bukalapak_forms"
    _run_study("bukalapak_forms", config["studies"]["bukalapak_forms"], out)
    return out


@pytest.fixture(scope="module")
def numeric(config, tmp_path_factory):
    out = tmp_path_factory.mktemp("results") / "bukalapak_loyalty"
    _run_study("bukalapak_loyalty", config["studies"]["bukalapak_loyalty"], out)
    return out


def test_make_data_regenerates_the_committed_export_byte_for_byte(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_forms", FORMS / "make_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "OUT", tmp_path / "form_responses.csv")
    mod.main()
    assert (tmp_path / "form_responses.csv").read_bytes() == (FORMS / "form_responses.csv").read_bytes()


def test_the_export_holds_the_planted_defects():
    raw = pd.read_csv(FORMS / "form_responses.csv", dtype=str, keep_default_na=False)
    assert list(raw.columns[:6]) == ["Timestamp", "Nama", "Jenis Kelamin", "Usia", "Pekerjaan", "Domisili"]
    items = raw.columns[6:]
    assert len(items) == 17 and all(" " in h and h.split(" ")[0][0] in "XY" for h in items)
    cells = raw[items].to_numpy().ravel()
    assert (cells == "").sum() == 2 and sum(c.endswith(" ") for c in cells) == 1
    assert raw.drop(columns="Timestamp").duplicated().sum() == 1 and not raw.duplicated().any()


def test_cleaning_recodes_every_label_drops_the_double_submission_and_the_name_column(forms):
    counts = json.loads((forms / "cleaning" / "cleaning_counts.json").read_text())
    assert counts["recoded_cells"] == 17 * 101 - 2 and counts["label_set"] == "id5"
    assert counts["duplicates"] == 1 and counts["rows_clean"] == 100
    assert counts["identifying_columns_dropped"] == ["Nama"] and counts["duplicates_ignore_columns"] == ["Timestamp"]
    cols = pd.read_csv(forms / "cleaning" / "columns.csv")
    assert list(cols.columns) == ["item", "header", "rule"] and len(cols) == 17
    assert cols.iloc[0].tolist() == ["X1.1", "X1.1 Saya percaya Bukalapak menjaga kerahasiaan data pribadi saya",
                                     "prefix"]
    report = (forms / "cleaning" / "cleaning_report.md").read_text()
    assert "## Identifying columns dropped" in report and "Nama" in report


def test_the_forms_regression_equals_the_numeric_study_and_r(forms, numeric):
    ref = load_own("bukalapak_loyalty_sum_scores.json")["multiple"]
    ours = pd.read_csv(forms / "regression" / "coefficients.csv")
    theirs = pd.read_csv(numeric / "regression" / "coefficients.csv")
    pd.testing.assert_frame_equal(ours, theirs, check_exact=False, rtol=TOL, atol=TOL)
    b = ours.set_index("term")
    for var, x in (("ETRUST", "X1"), ("ESAT", "X2")):
        assert b.loc[var, "b"] == pytest.approx(ref["coefficients"][x]["B"], rel=TOL)
        assert b.loc[var, "se"] == pytest.approx(ref["coefficients"][x]["SE"], rel=TOL)
    for name in ("model_summary.csv", "anova.csv", "assumptions.csv", "hypotheses.csv", "reliability.csv",
                 "descriptives.csv", "correlations.csv", "simple_regressions.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(forms / "regression" / name),
                                      pd.read_csv(numeric / "regression" / name), check_exact=False, rtol=TOL,
                                      atol=TOL, obj=name)
    ms = pd.read_csv(forms / "regression" / "model_summary.csv")
    assert ms["r2"].iloc[0] == pytest.approx(ref["R2"], rel=TOL)
    # item tables: the same numbers under the form's item codes (etr1 = X1.1, ..., eloy9 = Y.9)
    iv, iv0 = (pd.read_csv(d / "regression" / "item_validity.csv") for d in (forms, numeric))
    codes = dict(zip(iv0["item"], iv["item"]))
    assert codes["etr1"] == "X1.1" and codes["esat3"] == "X2.3" and codes["eloy9"] == "Y.9"
    pd.testing.assert_frame_equal(iv.drop(columns="item"), iv0.drop(columns="item"), check_exact=False, rtol=TOL,
                                  atol=TOL)


def test_no_name_from_the_export_appears_in_any_result_file(forms):
    names = set(pd.read_csv(FORMS / "form_responses.csv", dtype=str)["Nama"])
    assert len(names) > 50
    files = [p for p in forms.rglob("*") if p.is_file()]
    assert any(p.name == "summary.md" for p in files) and any(p.suffix == ".html" for p in files)
    for p in files:
        text = p.read_bytes().decode("utf-8", errors="replace")
        hit = [n for n in names if n in text]
        assert not hit, f"{p.relative_to(forms)} holds {hit[:3]}"
    assert "Nama" not in pd.read_csv(forms / "cleaning" / "clean.csv").columns


def test_numeric_study_writes_none_of_the_new_files(numeric):
    assert not any((numeric / "cleaning" / f).exists() for f in ("columns.csv", "labels.csv", "value_labels.csv"))
    counts = json.loads((numeric / "cleaning" / "cleaning_counts.json").read_text())
    assert not {"label_set", "recoded_cells", "identifying_columns_dropped"} & set(counts)


def test_the_cleaning_step_declares_the_new_files():
    assert {"columns.csv", "labels.csv", "value_labels.csv"} <= set(step("cleaning").files)


# -------------------------------------------------------------------------------------------------------- init
def test_init_writes_a_model_and_config_entry_that_run_unchanged(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    data = tmp_path / "form_responses.csv"
    shutil.copy(FORMS / "form_responses.csv", data)
    out = tmp_path / "start"
    assert main(["init", str(data), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "X1 (X1.1..X1.5, 5); X2 (X2.1..X2.3, 3); Y (Y.1..Y.9, 9)" in printed
    assert "text labels of the set id5" in printed and "Jenis Kelamin, Usia, Pekerjaan, Domisili" in printed
    assert "identifying columns (never written to any result): Nama" in printed
    assert "the dependent variable: Y (the last construct)" in printed
    model = (out / "model.lav").read_text()
    assert "X1 =~ X1.1 + X1.2 + X1.3 + X1.4 + X1.5" in model and "\nY ~ X1 + X2\n" in model
    cfg = load_config(out / "study.yaml")
    (name, study), = cfg["studies"].items()
    assert name == "form_responses" and study["labels"] == "id5" and study["duplicates"] == "drop"
    assert study["likert"] == [1, 5] and study["kind"] == "regression"
    assert study["profile"] == ["Jenis Kelamin", "Usia", "Pekerjaan", "Domisili"]  # the export's demographics
    res = tmp_path / "results" / name
    _run_study(name, study, res)
    assert main(["describe", "--data", str(data), "--cleaning", str(res / "cleaning"), "--model", study["model"],
                 "--out", str(res / "describe"), *cli_args(study, "describe")]) == 0
    profile = pd.read_csv(res / "describe" / "profile.csv")
    assert list(dict.fromkeys(profile["column"])) == study["profile"]
    assert (profile.groupby("column")["n"].sum() == 100).all()  # 101 submissions - 1 double submission
    coef = pd.read_csv(res / "regression" / "coefficients.csv").set_index("term")
    ref = load_own("bukalapak_loyalty_sum_scores.json")["multiple"]
    for x in ("X1", "X2"):  # R's lm on the numeric file, the same constructs X1, X2, Y
        assert coef.loc[x, "b"] == pytest.approx(ref["coefficients"][x]["B"], rel=TOL)
        assert coef.loc[x, "t"] == pytest.approx(ref["coefficients"][x]["t"], rel=TOL)


def test_init_on_numbers_finds_the_missing_code_and_groups_by_prefix(tmp_path, capsys):
    data = tmp_path / "angket.csv"
    rng = np.random.default_rng(3)
    df = pd.DataFrame(rng.integers(1, 6, size=(40, 6)), columns=["KP1", "KP2", "KP3", "KK1", "KK2", "KK3"])
    df.iloc[3, 1] = -99
    df.iloc[7, 4] = 9
    df.insert(0, "No", range(1, 41))
    df.to_csv(data, index=False)
    assert main(["init", str(data), "--kind", "pls"]) == 0
    model = (tmp_path / "model.lav").read_text()
    assert "KP =~ KP1 + KP2 + KP3" in model and "KK =~ KK1 + KK2 + KK3" in model and "\nKK ~ KP\n" in model
    entry = (tmp_path / "study.yaml").read_text()
    assert "missing_values: [-99, 9]" in entry and "likert: [1, 5]" in entry and "kind: pls" in entry
    assert "labels:" not in entry and "duplicates:" not in entry


def test_init_prefers_the_five_point_set_when_the_middle_point_was_never_chosen(tmp_path, capsys):
    data = tmp_path / "a.csv"
    rows = ["Sangat Setuju", "Setuju", "Tidak Setuju", "Sangat Tidak Setuju", "Setuju"]  # no "Netral": id4 fits too
    data.write_text("X1.1 Saya,X1.2 Saya\n" + "".join(f"{a},{b}\n" for a, b in zip(rows, rows[::-1])))
    assert main(["init", str(data)]) == 0
    printed = capsys.readouterr().out
    assert "labels: id5" in (tmp_path / "study.yaml").read_text()
    assert "likert: [1, 5] (the label set id5; the answers fit id4, id6, id7 too" in printed


def test_init_never_overwrites_a_file(tmp_path, capsys):
    data = tmp_path / "a.csv"
    data.write_text("X1.1 Saya,X1.2 Saya\n1,2\n3,4\n")
    (tmp_path / "study.yaml").write_text("mine\n")
    assert main(["init", str(data)]) == 2
    err = capsys.readouterr().err
    assert "study.yaml exists; init never replaces a file" in err and err.count("\n") == 1
    assert (tmp_path / "study.yaml").read_text() == "mine\n" and not (tmp_path / "model.lav").exists()


def test_init_without_item_codes_is_a_one_line_error(tmp_path, capsys):
    data = tmp_path / "a.csv"
    data.write_text("Nama,Usia\nAni,20\n")
    assert main(["init", str(data)]) == 2
    err = capsys.readouterr().err
    assert "no column header starts with an item code" in err and err.count("\n") == 1
