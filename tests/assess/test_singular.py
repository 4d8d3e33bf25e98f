"""Singular and near-singular matrices in the assessment (issue 17 item 4): ``surveysem pls --assess`` on data with
perfectly collinear items, a construct of identical items, n = number of indicators + 1, and one answer of 1e12
(now refused by the reader, so the largest accepted answer, 1e6, stands in for it).

Each used to stop with ``numpy.linalg.LinAlgError: Singular matrix`` (the estimate alone worked). Now: exit 0, the
estimate files are written, an index that needs the inverse of a singular matrix is NaN (flagged in the table's
``note`` column, with a warning in run.json and the printed summary), and no numpy RuntimeWarning escapes (the
tests turn every warning into an error).

Expected outcomes, derived by hand: with x3 = x1 the items' correlation matrix of X has rank 2, so x1 and x3 are
perfectly explained by the other items (R² = 1, VIF = 1/(1 − R²) infinite) while x2 regressed on {x1, x3} has
the finite R² = r(x1, x2)²; S (9 × 9) is singular, so d_G = ½ Σ (ln eig S⁻¹Σ̂)², F_ML (hence chi², NFI) and the
Beran-Srivastava rotation S^(-1/2) do not exist, while SRMR and d_ULS need no inverse. The LM benchmark of M and
Y regresses on x1..x3, a singular design.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from surveysem.cli import main

pytestmark = pytest.mark.filterwarnings("error")

MODEL = "X =~ x1 + x2 + x3\nM =~ m1 + m2 + m3\nY =~ y1 + y2 + y3\nM ~ X\nY ~ X + M\n"
ESTIMATE_FILES = ["paths", "loadings", "weights", "r2", "effects", "run"]


def _data(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    m = 0.5 * x + 0.85 * rng.normal(size=n)
    y = 0.4 * m + 0.3 * x + 0.8 * rng.normal(size=n)
    cols = {}
    for name, f in (("x", x), ("m", m), ("y", y)):
        for i in (1, 2, 3):
            cols[f"{name}{i}"] = np.clip(np.round(3 + 0.85 * f + 0.5 * rng.normal(size=n)), 1, 5)
    return pd.DataFrame(cols)


def _run(tmp_path, df: pd.DataFrame, *extra: str):
    data, model, out = tmp_path / "survey.csv", tmp_path / "model.lav", tmp_path / "out"
    df.to_csv(data, index=False)
    model.write_text(MODEL)
    code = main(["pls", "--data", str(data), "--model", str(model), "--out", str(out), "--boot", "40", "--seed", "42", "--assess",
                 "--predict-reps", "2", "--quiet", *extra])
    return code, out


def _check_common(code, out, capsys) -> tuple[list[str], str]:
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err and "Warning" not in captured.err
    for f in ESTIMATE_FILES:
        assert (out / f"{f}.{'json' if f == 'run' else 'csv'}").exists(), f
    warnings = json.loads((out / "run.json").read_text())["assessment"]["warnings"]
    for w in warnings:  # every warning also reaches the printed summary
        assert w in captured.out
    # a NaN statistic always comes with a note saying why (tables that carry a note column)
    for name in ("vif_outer", "vif_inner", "f2", "q2", "plspredict", "model_fit"):
        path = out / f"{name}.csv"
        if not path.exists():
            continue
        t = pd.read_csv(path, keep_default_na=False, na_values=[""])
        value = {"vif_outer": ["vif"], "vif_inner": ["vif"], "f2": ["f2"], "q2": ["q2"],
                 "plspredict": ["rmse_pls", "rmse_lm"], "model_fit": ["estimated"]}[name]
        flagged = t[value].isna().any(axis=1)
        assert (t.loc[flagged, "note"].fillna("").astype(str).str.len() > 0).all(), name
    return warnings, captured.out


def test_perfectly_collinear_items_flag_vif_fit_and_lm(tmp_path, capsys):
    df = _data(120)
    df["x3"] = df["x1"]
    code, out = _run(tmp_path, df)
    warnings, _ = _check_common(code, out, capsys)
    vif = pd.read_csv(out / "vif_outer.csv").set_index("indicator")
    assert vif.loc[["x1", "x3"], "vif"].isna().all() and (vif.loc[["x1", "x3"], "verdict"] == "fail").all()
    assert vif.loc[["x1", "x3"], "note"].str.contains("perfectly collinear").all()
    r = np.corrcoef(df["x1"], df["x2"])[0, 1]
    assert vif.loc["x2", "vif"] == pytest.approx(1 / (1 - r ** 2), rel=1e-9)
    fit = pd.read_csv(out / "model_fit.csv").set_index("index")
    assert fit.loc[["d_G", "d_G_log10", "chi2", "NFI"], "estimated"].isna().all()
    assert fit.loc[["d_G", "chi2", "NFI"], "note"].str.contains("S is singular").all()
    assert np.isfinite(fit.loc[["SRMR", "d_ULS"], "estimated"]).all()
    assert "estimated_hi95" not in fit.columns  # the exact-fit bootstrap needs S^(-1/2): skipped
    pp = pd.read_csv(out / "plspredict.csv")
    assert pp["rmse_lm"].isna().all() and pp["rmse_pls"].notna().all()
    assert pp["note"].str.contains("LM benchmark regression is singular").all()
    assert any(w.startswith("indicator VIF") for w in warnings)
    assert any(w.startswith("model fit") for w in warnings)
    assert any(w.startswith("PLSpredict") for w in warnings)


def test_construct_of_identical_items_flags_its_vif_and_the_fit(tmp_path, capsys):
    df = _data(120)
    df["m2"] = df["m1"]
    df["m3"] = df["m1"]
    code, out = _run(tmp_path, df)
    warnings, _ = _check_common(code, out, capsys)
    vif = pd.read_csv(out / "vif_outer.csv").set_index("indicator")
    assert vif.loc[["m1", "m2", "m3"], "vif"].isna().all()
    assert (vif.loc[["m1", "m2", "m3"], "verdict"] == "fail").all()
    assert vif.drop(["m1", "m2", "m3"])["vif"].notna().all()
    fit = pd.read_csv(out / "model_fit.csv").set_index("index")
    assert fit.loc[["d_G", "chi2", "NFI"], "estimated"].isna().all()
    loadings = pd.read_csv(out / "loadings.csv").set_index("indicator")
    np.testing.assert_allclose(loadings.loc[["m1", "m2", "m3"], "estimate"], 1.0, atol=1e-12)  # identical items
    assert any("items of M" in w for w in warnings)


def test_n_equal_to_indicators_plus_one_skips_plspredict_with_a_warning(tmp_path, capsys):
    df = _data(10)  # 9 indicators, 10 cases: 10 folds need 20 cases
    code, out = _run(tmp_path, df)
    warnings, _ = _check_common(code, out, capsys)
    assert not (out / "plspredict.csv").exists()
    assert any(w.startswith("PLSpredict skipped: 10 folds need at least 20 cases (n = 10)") for w in warnings)
    assert (out / "q2.csv").exists() and (out / "model_fit.csv").exists()


def test_n_equal_to_indicators_plus_one_runs_plspredict_leave_one_out(tmp_path, capsys):
    code, out = _run(tmp_path, _data(10), "--predict-folds", "loocv")
    _check_common(code, out, capsys)
    pp = pd.read_csv(out / "plspredict.csv")
    assert len(pp) == 6 and pp["note"].str.contains("leave-one-out").all()


def test_one_answer_of_1e12_is_refused_in_one_line_naming_row_and_column(tmp_path, capsys):
    # the reader refuses answers beyond 1e6 in magnitude (an answer of 1e20 used to be estimated: issue 17)
    df = _data(120)
    df.loc[5, "y2"] = 1e12
    code, out = _run(tmp_path, df)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists() and err.count("\n") == 1
    assert 'survey.csv, row 7, column y2: "1000000000000.0" is implausibly large for a questionnaire answer' in err


def test_one_answer_at_the_largest_accepted_magnitude_gives_no_traceback(tmp_path, capsys):
    # the near-singular numerics the 1e12 case exercised, at 1e6 (the largest answer the reader accepts)
    df = _data(120)
    df.loc[5, "y2"] = 1e6
    code, out = _run(tmp_path, df)
    _check_common(code, out, capsys)
    for name in ("reliability", "vif_outer", "q2", "model_fit", "verdicts"):
        assert (out / f"{name}.csv").exists(), name


def _raise_singular(*_args, **_kwargs):
    from surveysem.errors import EstimationError

    raise EstimationError("the data are singular")


def test_f2_of_a_reduced_model_that_cannot_be_estimated_is_nan_with_a_note(monkeypatch):
    from surveysem.assess.structural import f_square
    from surveysem.pls import pls

    res = pls(_data(120), MODEL)
    monkeypatch.setattr(res, "refit", _raise_singular)
    f2 = f_square(res)
    assert f2["f2"].isna().all()
    assert f2["note"].str.contains("cannot be estimated").all()
    assert len(f2.attrs["warnings"]) == len(f2)


def test_purification_keeps_an_item_whose_removal_cannot_be_estimated(monkeypatch):
    from surveysem.assess.purify import purify_items
    from surveysem.pls import pls

    df = _data(120)
    df["y3"] = np.random.default_rng(9).normal(size=120)  # a weak item: loading far below 0.708
    res = pls(df, MODEL)
    monkeypatch.setattr(res, "refit", _raise_singular)
    final, log = purify_items(res, rule="strict")
    assert final is res
    row = log.set_index("indicator").loc["y3"]
    assert row["action"] == "kept" and "cannot be estimated" in row["reason"]
