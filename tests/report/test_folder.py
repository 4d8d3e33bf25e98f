"""The one results-folder reader (``surveysem.report.folder``) that tables, figures and the summary share.

Inputs are hand-made folders; expected texts are the settings written into them, so each assertion checks that the
reader reports what the folder holds, and that every problem is one line naming the folder and the command to run.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from surveysem.errors import DataError
from surveysem.report.folder import Bootstrap, ResultsFolder, bootstrap_phrase
from surveysem.report.tables import SPECS, format_table


def _pls_folder(tmp_path, bootstrap: dict | None = None):
    d = tmp_path / "pls"
    d.mkdir()
    run = {"model": "A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n"}
    if bootstrap is not None:
        run["bootstrap"] = bootstrap
    (d / "run.json").write_text(json.dumps(run))
    pd.DataFrame({"construct": ["A"], "verdict": ["n/a"], "value": [""]}).to_csv(d / "reliability.csv", index=False)
    return d


def test_missing_and_incomplete_folders_are_one_line_errors_naming_folder_and_command(tmp_path):
    with pytest.raises(DataError) as err:
        ResultsFolder(tmp_path / "nope", "pls")
    msg = err.value.message
    assert str(tmp_path / "nope") in msg and "surveysem pls" in msg and "\n" not in msg
    d = _pls_folder(tmp_path)
    with pytest.raises(DataError, match="no paths.csv") as err:
        ResultsFolder(d, "pls", required=("run.json", "paths.csv"))
    assert "surveysem pls" in err.value.message and "\n" not in err.value.message


def test_unreadable_json_and_missing_column_name_the_file_and_the_fix(tmp_path):
    d = _pls_folder(tmp_path)
    (d / "run.json").write_text("{not json")
    folder = ResultsFolder(d, "pls")
    with pytest.raises(DataError, match="cannot read run.json") as err:
        _ = folder.run
    assert "surveysem pls" in err.value.message and "\n" not in err.value.message
    with pytest.raises(DataError, match="reliability.csv has no column ave"):
        folder.csv("reliability.csv", ("construct", "ave"))
    with pytest.raises(DataError, match="no htmt.csv"):
        folder.need("htmt.csv")
    assert folder.csv("htmt.csv") is None


def test_na_words_stay_text_for_the_summary_and_are_missing_for_pandas_readers(tmp_path):
    d = _pls_folder(tmp_path)
    text = ResultsFolder(d, "pls").csv("reliability.csv")
    assert text.loc[0, "verdict"] == "n/a" and pd.isna(text.loc[0, "value"])  # only an empty cell is missing
    pandas = ResultsFolder(d, "pls", pandas_na=True).csv("reliability.csv")
    assert pd.isna(pandas.loc[0, "verdict"])


def test_bootstrap_settings_are_read_from_run_json_and_absent_without_resamples(tmp_path):
    folder = ResultsFolder(_pls_folder(tmp_path, {"boot": 5000, "seed": 7, "ci": 0.9, "p_value": "two-sided",
                                                  "n_failed": 2, "n_ok": 4998}), "pls")
    assert folder.bootstrap == Bootstrap(boot=5000, seed=7, level=0.9, p_value="two-sided", n_failed=2, n_ok=4998)
    assert Bootstrap.from_run({"bootstrap": {"boot": 0}}) is None
    assert Bootstrap.from_run({}) is None
    # the sessions step records its bootstrap among its options
    assert Bootstrap.from_run({"options": {"boot": 2000, "seed": 3, "level": 0.95}}) == Bootstrap(2000, 3, 0.95)


def test_one_bootstrap_wording_states_resamples_seed_level_and_failures():
    b = Bootstrap(boot=5000, seed=7, level=0.9, p_value="two-sided", n_failed=2, n_ok=4998)
    note = bootstrap_phrase(b, "note")
    assert note.startswith("Bootstrap with 5,000 resamples (seed 7)") and "90% CI = percentile interval" in note
    assert "2 failed resamples excluded" in note and note.endswith(".")
    assert bootstrap_phrase(b, "settings", "BCa in the CSVs") == (
        "bootstrap B = 5,000, seed 7; 90% percentile intervals (BCa in the CSVs); p two-sided")
    assert bootstrap_phrase(b, "resamples") == "B = 5,000 bootstrap resamples (4,998 usable)"
    assert bootstrap_phrase(None, "note") == "" and bootstrap_phrase(None, "settings") == "no bootstrap"
    with pytest.raises(ValueError):
        bootstrap_phrase(b, "essay")


def test_printed_table_note_uses_the_folder_bootstrap_wording(tmp_path):
    run = {"bootstrap": {"boot": 200, "seed": 5, "ci": 0.95}}
    spec = next(s for s in SPECS["pls"] if s.name == "hypotheses")
    df = pd.DataFrame({"from": ["A"], "to": ["B"], "estimate": [0.3], "p": [0.01]})
    t = format_table(spec, df, run=run)
    assert bootstrap_phrase(Bootstrap.from_run(run), "note") in t.notes
