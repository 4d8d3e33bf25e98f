"""Bad input to `surveysem pls`: one line on stderr naming file, row/column and the fix; exit 2; no output folder."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveysem.cli import main
from surveysem.errors import DataError, EstimationError
from surveysem.pls import pls

MODEL = "X =~ x1 + x2 + x3\nY =~ y1 + y2\nY ~ X\n"


def _data(n=60, seed=0):
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    d = {f"x{i}": np.clip(np.round(3 + f + rng.normal(size=n)), 1, 5) for i in (1, 2, 3)}
    d |= {f"y{i}": np.clip(np.round(3 + 0.6 * f + rng.normal(size=n)), 1, 5) for i in (1, 2)}
    return pd.DataFrame(d)


def _run(tmp_path, df=None, model=MODEL, csv_text=None, extra=()):
    data, mfile, out = tmp_path / "survey.csv", tmp_path / "model.lav", tmp_path / "out"
    if csv_text is not None:
        data.write_text(csv_text)
    else:
        (df if df is not None else _data()).to_csv(data, index=False)
    mfile.write_text(model)
    code = main(["pls", "--data", str(data), "--model", str(mfile), "--out", str(out), "--quiet", "--boot", "0",
                 "--seed", "42", *extra])
    return code, out


def _one_line_error(capsys):
    err = capsys.readouterr().err.strip()
    assert err.startswith("surveysem: error: ")
    assert "\n" not in err and "Traceback" not in err
    return err


def test_valid_input_writes_every_documented_table(tmp_path):
    code, out = _run(tmp_path, extra=["--boot", "50"])
    assert code == 0
    for name in ["paths", "loadings", "weights", "effects", "r2", "cross_loadings", "scores", "boot_failed"]:
        assert (out / f"{name}.csv").exists(), name
    assert (out / "run.json").exists() and (out / "boot_draws.parquet").exists()
    paths = pd.read_csv(out / "paths.csv")
    assert list(paths.columns) == ["from", "to", "estimate", "boot_mean", "se", "t", "p", "ci_low", "ci_high",
                                   "bca_low", "bca_high"]
    eff = pd.read_csv(out / "effects.csv", keep_default_na=False)
    assert list(eff.columns[:5]) == ["from", "to", "via", "kind", "estimate"]


def test_text_in_a_numeric_column_names_row_and_column(tmp_path, capsys):
    df = _data().astype(object)
    df.loc[16, "y2"] = "lima"
    code, out = _run(tmp_path, df)
    err = _one_line_error(capsys)
    assert code == 2 and not out.exists()
    assert 'survey.csv, row 18, column y2: "lima" is not a number' in err


def test_missing_column_named_by_model_lists_columns_and_closest_match(tmp_path, capsys):
    code, out = _run(tmp_path, _data().rename(columns={"x2": "x_2"}))
    err = _one_line_error(capsys)
    assert code == 2 and not out.exists()
    assert "indicator 'x2' of X is not a column of" in err and "Did you mean 'x_2'?" in err


def test_constant_item_is_named_with_the_fix(tmp_path, capsys):
    df = _data()
    df["x3"] = 4
    code, out = _run(tmp_path, df)
    err = _one_line_error(capsys)
    assert code == 2 and not out.exists()
    assert "column x3: indicator 'x3' is constant" in err and "Remove x3 from X" in err


def test_too_few_rows(tmp_path, capsys):
    code, out = _run(tmp_path, _data(n=2))
    err = _one_line_error(capsys)
    assert code == 2 and not out.exists()
    assert "only 2 usable rows" in err


def test_singular_composite_block_is_an_error_not_a_crash():
    df = _data()
    df["x3"] = df["x1"]  # duplicate item in a Mode B block
    with pytest.raises(EstimationError, match="perfectly collinear"):
        pls(df, "X <~ x1 + x2 + x3\nY =~ y1 + y2\nY ~ X")


def test_non_convergence_is_an_error_or_a_flagged_result():
    df = _data()
    with pytest.raises(EstimationError, match="did not converge in 1 iterations"):
        pls(df, MODEL, max_iter=1)
    res = pls(df, MODEL, max_iter=1, on_nonconvergence="warn")
    assert not res.converged and any("did not converge" in w for w in res.warnings)


def test_all_missing_indicator_is_an_error():
    df = _data()
    df["y2"] = -99
    with pytest.raises(DataError, match="'y2' has no valid answers"):
        pls(df, MODEL, missing_values=[-99])


def test_failed_run_keeps_previous_results(tmp_path, capsys):
    code, out = _run(tmp_path)
    assert code == 0
    before = (out / "paths.csv").read_text()
    df = _data().astype(object)
    df.loc[0, "x1"] = "?"
    code, _ = _run(tmp_path, df)
    assert code == 2
    assert (out / "paths.csv").read_text() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.tmp")]


def test_bad_model_file_is_one_line_with_line_number(tmp_path, capsys):
    code, out = _run(tmp_path, model="X =~ x1 + x2\nY =~ y1\nY ~ X\nX ~ Y\n")
    err = _one_line_error(capsys)
    assert code == 2 and not out.exists()
    assert "model.lav, line 4: the structural model has a cycle" in err
