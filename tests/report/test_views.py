"""The summary's tables are views of the printed tables' specs (``TableSpec.view``): one header and format each.

Expected cells are worked by hand from the frames written in each test, with the formatting rules of
``surveysem.format`` (APA 7th ed. §6.36: no leading zero for statistics bounded by 1).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.report.tables import SPECS, View, format_table, format_tables

SUMMARY = Path(__file__).resolve().parents[2] / "src" / "surveysem" / "report" / "summary"

#: columns of one CSV printed under two labels on purpose, with the reason
TWO_LABELS = {
    ("simple_regressions", "r2"): "KD is r² × 100%, a quantity of its own (Sugiyono 2015)",
    ("comparison", "from,to"): "the printed table mixes paths and loadings; the summary's view shows paths only",
    ("comparison", "pls_estimate"): "as above: β names a path coefficient, not a loading",
    ("comparison", "cb_std"): "as above",
}


def _spec(kind, name):
    return next(s for s in SPECS[kind] if s.name == name)


def _all_specs():
    return [(kind, s) for kind, specs in SPECS.items() for s in specs]


@pytest.mark.parametrize("kind, spec", _all_specs(), ids=lambda x: x if isinstance(x, str) else x.name)
def test_every_view_names_existing_columns_once(kind, spec):
    names = [c.name for c in (*spec.columns, *spec.extra)]
    assert len(names) == len(set(names)), f"{kind}/{spec.name}: a column name twice"
    for name, view in spec.views.items():
        assert isinstance(view, View)
        spec.view(name)  # raises KeyError on a column the spec does not define


@pytest.mark.parametrize("kind, spec", _all_specs(), ids=lambda x: x if isinstance(x, str) else x.name)
def test_a_csv_column_has_one_label_wherever_it_is_printed(kind, spec):
    labels: dict[str, set[str]] = {}
    for c in (*spec.columns, *spec.extra):
        if isinstance(c.how, str):  # a callable derives a new value from several columns
            labels.setdefault(c.src, set()).add(c.label.strip())
    two = {src: ls for src, ls in labels.items() if len(ls) > 1 and (spec.name, src) not in TWO_LABELS}
    assert not two, f"{kind}/{spec.name}: {two}"


def test_no_summary_table_has_a_header_of_its_own():
    """Every table of the summary goes through a TableSpec view: no hand-written header list is left."""
    hand_made = [f"{p.name}:{i}" for p in SUMMARY.glob("*.py")
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\.table\(\s*\[", line)]
    assert hand_made == []


def test_triangle_view_blanks_the_upper_half_and_bolds_the_diagonal():
    fl = pd.DataFrame({"construct": ["A", "B"], "A": [0.9, 0.35], "B": [np.nan, 0.8], "sqrt_ave": [0.9, 0.8],
                       "verdict": ["pass", "pass"]})
    t = format_table(_spec("pls", "fornell_larcker").view(), fl)
    assert t.header == ["Construct", "A", "B"]  # the verdict column is not part of the compact view
    assert t.rows == [["A", "**.900**", ""], ["B", ".350", "**.800**"]]
    assert t.numeric == [False, True, True]


def test_view_rows_filter_and_order_as_declared():
    om = pd.DataFrame({"construct": ["A", "A", "F"], "indicator": ["a1", "a2", "f1"],
                       "mode": ["reflective", "reflective", "composite"], "loading": [0.81, 0.62, 0.7],
                       "verdict": ["pass", "warn", "pass"]})
    refl = format_table(_spec("pls", "outer_model").view("reflective"), om)
    assert [r[1] for r in refl.rows] == ["a1", "a2"]
    # columns without a bootstrap stay in the view, printed as a dash (the printed table drops them)
    assert refl.header == ["Construct", "Indicator", "Loading", "t", "p", "Verdict"]
    assert refl.rows[0] == ["A", "a1", ".810", "–", "–", "pass"]
    acc = pd.DataFrame({"account": ["b", "a", "c"], "sessions": [3, 3, 5], "gmv_mean": [1500.4, 2000.0, np.nan]})
    t = format_table(_spec("sessions", "accounts").view(), acc)
    assert [r[0] for r in t.rows] == ["c", "a", "b"]  # most sessions first, then by name
    assert [r[3] for r in t.rows] == ["–", "Rp2,000", "Rp1,500"]


def test_derived_columns_keep_the_format_of_their_spec():
    purif = pd.DataFrame({"step": [1, 2], "construct": ["T", "T"], "indicator": ["t4", "t2"], "loading": [0.539, 0.6],
                          "action": ["dropped", "kept"], "ave_before": [0.616, 0.71], "ave_after": [0.716, np.nan],
                          "rho_c_before": [0.887, 0.9], "rho_c_after": [0.91, np.nan]})
    t = format_table(_spec("pls", "item_purification").view(), purif)
    assert t.header == ["Step", "Construct", "Indicator", "Loading", "Action", "AVE", "ρC"]
    assert t.rows[0][5:] == [".616 → .716", ".887 → .910"] and t.rows[1][5:] == [".710", ".900"]
    assert t.numeric == [True, False, False, True, False, False, False]
    prev = pd.DataFrame({"rank": [2, 1], "theme": ["T2", "T1"], "label": ["b", "a"], "cases_with_theme": [3, 9],
                         "n_cases": [11, 11], "share_of_cases": [3 / 11, 9 / 11]})
    t = format_table(_spec("coding", "prevalence").view(), prev)
    assert [r[:4] for r in t.rows] == [["1", "T1", "a", "9 of 11"], ["2", "T2", "b", "3 of 11"]]
    assert t.rows[0][4] == "81.8%"  # 9/11 = 0.8182


def test_summary_only_tables_are_not_printed(tmp_path):
    reg = tmp_path / "regression"
    reg.mkdir()
    pd.DataFrame({"x": ["X"], "m": ["M"], "y": ["Y"], "effect": ["indirect"], "estimate": [0.2], "se": [0.05],
                  "statistic_name": ["z"], "statistic": [4.0], "p": [0.0001], "ci_low": [0.1], "ci_high": [0.3],
                  "method": ["Sobel"]}).to_csv(reg / "mediation.csv", index=False)
    tables = format_tables("regression", reg, tmp_path / "tables")
    assert tables == [] and not (tmp_path / "tables" / "mediation.md").exists()
    assert (tmp_path / "tables" / "mediation.csv").exists()  # the tidy CSV is still copied
    t = format_table(_spec("regression", "mediation").view(), pd.read_csv(reg / "mediation.csv"))
    assert t.rows == [["X → M → Y", "indirect", "0.200", "0.050", "z = 4.000", "< .001", "[0.100, 0.300]", "Sobel"]]


def test_missing_values_read_n_a_in_sentences_and_a_dash_in_tables(tmp_path):
    """Without a bootstrap, t and p are missing: the summary's sentences say n/a, its tables an en dash."""
    from surveysem.cli import main
    from surveysem.report.summary import study_summary

    data = Path(__file__).resolve().parents[2] / "data" / "shopee_trust"
    out = tmp_path / "study" / "pls"
    assert main(["pls", "--data", str(data / "data.csv"), "--model", str(data / "model.lav"), "--missing-value",
                 "-99", "--boot", "0", "--assess", "--predict-folds", "0", "--no-draws", "--quiet",
                 "--out", str(out)]) == 0
    md = study_summary("pls", "s", out)
    sentences = [line for line in md.splitlines() if line and not line.startswith("|")]
    assert any("t = n/a, p = n/a" in s for s in sentences)
    assert not any(re.search(r"= –", s) for s in sentences)
    rows = [line for line in md.splitlines() if line.startswith("| H1 |")]
    assert rows and rows[0].split("|")[4].strip() == "–"  # the hypotheses table: t of H1
