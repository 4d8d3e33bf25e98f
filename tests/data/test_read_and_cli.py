"""read_table's wrong-delimiter check and the `surveysem clean` command (outputs, atomicity, exit codes)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from surveysem.cli import main
from surveysem.data import read_table
from surveysem.errors import DataError

MODEL = "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A\n"
ITEMS = ["a1", "a2", "a3", "b1", "b2", "b3"]


def write_survey(path, n=40, seed=1, sep=","):
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    X = rng.integers(1, 6, size=(n, 6))
    df = pd.DataFrame(X, columns=ITEMS)
    df.insert(0, "id", range(1, n + 1))
    df.to_csv(path, index=False, sep=sep)
    return df


def test_quoted_lines_read_as_one_column_are_a_delimiter_error(tmp_path):
    p = tmp_path / "quoted.csv"
    p.write_text('"id;a1;a2"\n"1;3;4"\n"2;5;4"\n')
    with pytest.raises(DataError) as exc:
        read_table(p)
    msg = exc.value.message
    assert msg.startswith(f"{p}, row 1: the header 'id;a1;a2' was read as a single column although it contains 2 semicolons")
    assert "\n" not in msg


def test_csv_pasted_into_one_excel_column_is_a_delimiter_error(tmp_path):
    p = tmp_path / "pasted.xlsx"
    pd.DataFrame({"id,a1,a2": ["1,3,4", "2,5,4"]}).to_excel(p, index=False)
    with pytest.raises(DataError, match="Text to Columns with the comma delimiter"):
        read_table(p)


def test_semicolon_file_is_split_correctly(tmp_path):
    p = tmp_path / "semi.csv"
    write_survey(p, sep=";")
    df = read_table(p)
    assert list(df.columns) == ["id"] + ITEMS and len(df) == 40


def test_single_column_file_without_delimiters_is_accepted(tmp_path):
    p = tmp_path / "one.csv"
    p.write_text("score\n1\n2\n")
    assert read_table(p).shape == (2, 1)


def test_cli_clean_writes_all_outputs(tmp_path):
    data = tmp_path / "survey.csv"
    df = write_survey(data)
    df.loc[3, "a2"] = -99
    df.loc[6, ITEMS] = 2  # straight-liner
    df.to_csv(data, index=False)
    (tmp_path / "m.lav").write_text(MODEL)
    out = tmp_path / "results" / "cleaning"
    rc = main(["clean", "--data", str(data), "--model", str(tmp_path / "m.lav"), "--out", str(out),
               "--missing-value", "-99", "--straightlining", "drop", "--id-column", "id"])
    assert rc == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "clean.csv", "excluded_rows.csv", "flags.csv", "item_descriptives.csv", "cleaning_counts.json",
        "cleaning_report.md", ".surveysem"])  # .surveysem: the marker of a surveysem output folder (io.MARKER)
    clean = pd.read_csv(out / "clean.csv")
    assert len(clean) == 39 and 7 not in clean["id"].tolist()
    assert clean.loc[clean["id"] == 4, "a2"].iloc[0] == pytest.approx(df["a2"].drop(index=[3, 6]).mean())
    ex = pd.read_csv(out / "excluded_rows.csv")
    assert ex.to_dict("records") == [{"row": 8, "respondent": 7, "reason": "straight-lining (answered 2 to every item)"}]
    counts = json.loads((out / "cleaning_counts.json").read_text())
    assert counts["missing_marker_cells"] == 1 and counts["rows_clean"] == 39
    assert "straight-lining" in (out / "cleaning_report.md").read_text()


@pytest.mark.parametrize("bad_cell, message", [
    ("7", "survey.csv, row 18, column b2: 7 is outside the Likert range 1-5."),
    ("lima", 'survey.csv, row 18, column b2: "lima" is not a number.'),
])
def test_cli_clean_bad_cell_exits_2_and_leaves_no_output(tmp_path, capsys, bad_cell, message):
    data = tmp_path / "survey.csv"
    df = write_survey(data).astype(str)
    df.loc[16, "b2"] = bad_cell
    df.to_csv(data, index=False)
    (tmp_path / "m.lav").write_text(MODEL)
    out = tmp_path / "cleaning"
    rc = main(["clean", "--data", str(data), "--model", str(tmp_path / "m.lav"), "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and not out.exists()
    assert set(tmp_path.iterdir()) == {data, tmp_path / "m.lav"}  # no temporary folder left behind
    assert err.count("\n") == 1 and err.startswith("surveysem: error: ")
    assert message in err


def test_cli_clean_failure_keeps_the_previous_results(tmp_path):
    data = tmp_path / "survey.csv"
    write_survey(data)
    (tmp_path / "m.lav").write_text(MODEL)
    out = tmp_path / "cleaning"
    assert main(["clean", "--data", str(data), "--model", str(tmp_path / "m.lav"), "--out", str(out)]) == 0
    before = (out / "clean.csv").read_bytes()
    (tmp_path / "m.lav").write_text(MODEL.replace("b3", "b9"))
    assert main(["clean", "--data", str(data), "--model", str(tmp_path / "m.lav"), "--out", str(out)]) == 2
    assert (out / "clean.csv").read_bytes() == before
