"""The minimum-sample-size table of the PLS assessment (``sample_size.csv``) and its wiring through ``surveysem pls``.

Expected numbers are derived here from the formulas, each cited: Kock & Hadaya (2018), n_min = ⌈((z_.95 + z_.80) /
|p_min|)²⌉ (one-tailed, 2.486 for the defaults); the 10-times rule (Barclay et al. 1995: ten times the most arrows
pointing at one construct); Slovin / Yamane (1967), N = 1000, e = .05 → 285.7 → 286.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
from scipy import stats

from surveysem.assess.sample_size import COLUMNS, arrows_at_constructs, sample_size_table
from surveysem.cli import main
from surveysem.model import parse_model

MODEL = parse_model("A =~ a1 + a2\nB =~ b1 + b2\nF <~ f1 + f2 + f3 + f4\nY =~ y1 + y2\nY ~ A + B + F\nB ~ A\n")


def _isr(beta: float) -> int:
    return math.ceil(((stats.norm.ppf(0.95) + stats.norm.ppf(0.80)) / abs(beta)) ** 2)


def test_counts_arrows_per_construct():
    arrows = arrows_at_constructs(MODEL).set_index("construct")
    assert arrows.loc["F", "formative_indicators"] == 4 and arrows.loc["A", "formative_indicators"] == 0
    assert arrows.loc["Y", "structural_paths"] == 3 and arrows.loc["B", "structural_paths"] == 1


def test_rows_for_the_smallest_and_the_smallest_significant_path_the_ten_times_rule_and_slovin():
    paths = pd.DataFrame({"from": ["A", "B", "F", "A"], "to": ["Y", "Y", "Y", "B"],
                          "estimate": [0.40, -0.12, 0.25, 0.55], "p": [0.001, 0.30, 0.01, 0.0001]})
    t = sample_size_table(paths, MODEL, n=150, population_size=1000)
    assert list(t.columns) == COLUMNS
    isr = t[t["method"] == "inverse square root"]
    assert list(isr["subject"]) == ["B -> Y", "F -> Y"]  # smallest |beta| (not significant), smallest significant
    assert list(isr["n_required"]) == [_isr(0.12), _isr(0.25)] == [430, 99]
    assert list(isr["enough"]) == ["no", "yes"]
    ten = t[t["method"] == "10-times rule"].iloc[0]
    assert ten["subject"] == "F" and ten["n_required"] == 40 and ten["enough"] == "yes"  # 4 formative indicators
    sl = t[t["method"] == "Slovin"].iloc[0]
    assert sl["n_required"] == 286 and sl["enough"] == "no" and "not a power calculation" in sl["note"]
    assert set(t["reference"].str.len() > 0) == {True}


def test_no_slovin_row_without_a_population_and_one_row_when_the_smallest_path_is_significant():
    paths = pd.DataFrame({"from": ["A", "B"], "to": ["Y", "Y"], "estimate": [0.30, 0.20], "p": [0.001, 0.01]})
    t = sample_size_table(paths, parse_model("A =~ a1\nB =~ b1\nY =~ y1\nY ~ A + B\n"), n=200)
    assert list(t["method"]) == ["inverse square root", "10-times rule"]
    assert t["n_required"].tolist() == [_isr(0.20), 20]


def _survey(tmp_path, n=120, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    m = 0.5 * x + 0.85 * rng.normal(size=n)
    y = 0.4 * m + 0.3 * x + 0.8 * rng.normal(size=n)
    cols = {f"{k}{i}": np.clip(np.round(3 + 0.85 * f + 0.5 * rng.normal(size=n)), 1, 5)
            for k, f in (("x", x), ("m", m), ("y", y)) for i in (1, 2, 3)}
    data, model = tmp_path / "survey.csv", tmp_path / "model.lav"
    pd.DataFrame(cols).to_csv(data, index=False)
    model.write_text("X =~ x1 + x2 + x3\nM =~ m1 + m2 + m3\nY =~ y1 + y2 + y3\nM ~ X\nY ~ X + M\n")
    return data, model


def test_pls_assess_writes_sample_size_csv_with_the_population_option(tmp_path):
    data, model = _survey(tmp_path)
    out = tmp_path / "out"
    assert main(["pls", "--data", str(data), "--model", str(model), "--out", str(out), "--boot", "100", "--seed", "1",
                 "--assess", "--predict-folds", "0", "--q2-distance", "0", "--population-size", "1000",
                 "--quiet"]) == 0
    ss = pd.read_csv(out / "sample_size.csv", keep_default_na=False, na_values=[""])
    paths = pd.read_csv(out / "paths.csv")
    smallest = paths.loc[paths["estimate"].abs().idxmin()]
    first = ss.iloc[0]
    assert first["method"] == "inverse square root"
    assert first["subject"] == f"{smallest['from']} -> {smallest['to']}"
    assert first["effect"] == abs(smallest["estimate"]) and first["n_required"] == _isr(smallest["estimate"])
    assert first["n_actual"] == 120 and first["enough"] == ("yes" if _isr(smallest["estimate"]) <= 120 else "no")
    assert ss.loc[ss["method"] == "10-times rule", "n_required"].tolist() == [20]  # Y has 2 paths
    assert ss.loc[ss["method"] == "Slovin", "n_required"].tolist() == [286]
    v = pd.read_csv(out / "verdicts.csv")
    rows = v[v["criterion"] == "minimum sample size"]
    assert len(rows) == (ss["method"] == "inverse square root").sum()
    run = json.loads((out / "run.json").read_text())
    assert run["assessment"]["settings"]["population_size"] == 1000


def test_bad_population_size_is_a_one_line_error(tmp_path, capsys):
    data, model = _survey(tmp_path)
    code = main(["assess", "--data", str(data), "--model", str(model), "--out", str(tmp_path / "o"), "--quiet",
                 "--population-size", "0"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "--population-size" in err and "\n" not in err


def test_without_a_bootstrap_or_a_significant_path_only_the_smallest_path_is_sized():
    model = parse_model("A =~ a1\nB =~ b1\nY =~ y1\nY ~ A + B\n")
    no_boot = pd.DataFrame({"from": ["A", "B"], "to": ["Y", "Y"], "estimate": [0.30, 0.20]})
    isr = sample_size_table(no_boot, model, n=100).query("method == 'inverse square root'")
    assert list(isr["subject"]) == ["B -> Y"] and isr["n_required"].tolist() == [_isr(0.20)]
    none_sig = no_boot.assign(p=[0.2, 0.4])
    isr = sample_size_table(none_sig, model, n=100).query("method == 'inverse square root'")
    assert list(isr["subject"]) == ["B -> Y"] and "no path is significant" in isr["note"].iloc[0]
