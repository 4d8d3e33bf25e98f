"""Formatted tables: APA number rules, table rendering, and agreement of every printed number with its tidy CSV.

Expected strings come from the APA Publication Manual, 7th ed. (2020), §6.36: no leading zero for statistics that
cannot exceed 1 (correlations, proportions, p), exact p to 3 decimals, "< .001" below that; and ch. 7 (table number
in bold, title in italics, a Note below).
"""
from __future__ import annotations

import html.parser
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem import format as fmt
from surveysem.errors import DataError
from surveysem.report.tables import SPECS, format_table, format_tables, latex_escape, to_latex

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------------------------------
# APA numbers


@pytest.mark.parametrize("p, expected", [
    (0.0004, "< .001"),      # APA: below .001 reported as p < .001
    (0.00099, "< .001"),
    (0.001, ".001"),
    (0.0425, ".043"),        # rounded half up on the printed value
    (0.05, ".050"),
    (0.5, ".500"),
    (1.0, "1.000"),
    (float("nan"), "–"),
])
def test_p_values_follow_apa(p, expected):
    assert fmt.pval(p) == expected


def test_bounded_statistics_lose_the_leading_zero_and_use_a_true_minus():
    assert fmt.bounded(0.7079) == ".708"
    assert fmt.bounded(-0.25) == "−.250"
    assert fmt.bounded(1.0) == "1.000"
    assert fmt.num(-0.0004) == "0.000"  # no negative zero
    assert fmt.num(2.0005) == "2.001"  # half away from zero on the decimal that is printed, as a reader rounds
    assert fmt.num(-2.0005) == "−2.001"


def test_stars_thresholds():
    assert [fmt.stars(p) for p in (0.0009, 0.001, 0.0099, 0.01, 0.049, 0.05)] == ["***", "**", "**", "*", "*", ""]


def test_ci_and_counts():
    assert fmt.ci(0.13696, 0.5143) == "[0.137, 0.514]"
    assert fmt.ci(-0.0708, 0.3646, leading_zero=False) == "[−.071, .365]"
    assert fmt.integer(5000) == "5,000"
    assert fmt.percent(0.37889) == "37.9%"


# --------------------------------------------------------------------------------------------------------------------
# One table from a hand-made tidy CSV


def _spec(kind, name):
    return next(s for s in SPECS[kind] if s.name == name)


@pytest.fixture
def hypotheses():
    return pd.DataFrame({
        "from": ["OCR", "R"], "to": ["TRUST", "TRUST"], "estimate": [0.33066, 0.14961], "boot_mean": [0.3349, 0.151],
        "se": [0.0967, 0.1123], "t": [3.4188, 1.3326], "p": [0.00063, 0.1827], "ci_low": [0.13696, -0.0708],
        "ci_high": [0.51426, 0.3646], "f2": [0.133, 0.027], "size": ["small", "small"], "supported": ["yes", "no"],
        "rule": ["two-sided bootstrap p < 0.05"] * 2, "reference": ["Hair et al. (2022), ch. 6"] * 2,
    })


def test_hypothesis_table_prints_beta_with_stars_and_apa_p(hypotheses):
    t = format_table(_spec("pls", "hypotheses"), hypotheses, number=3)
    md = t.markdown()
    assert md.startswith("**Table 3**\n\n*Structural model")
    row1 = next(line for line in md.splitlines() if line.startswith("| OCR → TRUST"))
    cells = [c.strip() for c in row1.strip("|").split("|")]
    assert cells[:7] == ["OCR → TRUST", ".331***", ".335", ".097", "3.419", "< .001", "[.137, .514]"]
    assert cells[-1] == "yes"
    row2 = next(line for line in md.splitlines() if line.startswith("| R → TRUST"))
    assert "| .150 |" in row2 and "[−.071, .365]" in row2 and "| .183 |" in row2
    note = md.split("*Note.*")[1]
    assert "* p < .05, ** p < .01, *** p < .001." in note
    assert "Rule: two-sided bootstrap p < 0.05." in note and "Source: Hair et al. (2022), ch. 6." in note
    # rule and reference live in the note, not in columns
    assert "Rule" not in t.header and "Reference" not in t.header


def test_optional_columns_are_left_out_when_absent(hypotheses):
    t = format_table(_spec("pls", "hypotheses"), hypotheses.drop(columns=["f2", "size", "boot_mean"]))
    assert "f²" not in t.header and "Mean" not in t.header and "β" in t.header


def test_matrix_table_bolds_the_own_construct_loading():
    df = pd.DataFrame({"indicator": ["a1", "b1"], "construct": ["A", "B"], "A": [0.9, 0.3], "B": [0.2, 0.8],
                       "flag": [False, False], "rule": ["own highest"] * 2})
    t = format_table(_spec("pls", "cross_loadings"), df)
    assert t.header == ["Item", "Construct", "A", "B", "Flag"]
    assert t.rows[0] == ["a1", "A", "**.900**", ".200", "no"]
    assert t.rows[1] == ["b1", "B", ".300", "**.800**", "no"]
    assert "<b>.900</b>" in t.html() and r"\textbf{.900}" in t.latex()


def test_latex_escapes_specials_and_unicode():
    assert latex_escape("R² ≥ .50 & 5% of x_1 → y") == r"R\textsuperscript{2} $\geq$ .50 \& 5\% of x\_1 $\rightarrow$ y"
    assert latex_escape("−.250***") == r"$-$.250\textsuperscript{*}\textsuperscript{*}\textsuperscript{*}"


def test_latex_table_is_booktabs_with_one_alignment_per_column(hypotheses):
    t = format_table(_spec("pls", "hypotheses"), hypotheses)
    tex = to_latex(t)
    align = re.search(r"\\begin\{tabular\}\{([lr]+)\}", tex).group(1)
    assert len(align) == len(t.header) and align[0] == "l" and align[1] == "r"
    body = tex.split(r"\midrule")[1].split(r"\bottomrule")[0].strip().splitlines()
    assert len(body) == 2 and all(line.count(" & ") == len(t.header) - 1 for line in body)
    assert r"\toprule" in tex and r"\caption{Structural model" in tex and r"\emph{Note.}" in tex


class _Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._row, self._in = [], None, False
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag == "tr":
            self._row = []
        if tag in ("td", "th"):
            self._row.append("")
            self._in = True

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()
        if tag in ("td", "th"):
            self._in = False
        if tag == "tr":
            self.rows.append(self._row)

    def handle_data(self, data):
        if self._in:
            self._row[-1] += data


def test_html_is_well_formed_and_holds_the_same_cells(hypotheses):
    t = format_table(_spec("pls", "hypotheses"), hypotheses)
    p = _Cells()
    p.feed(t.html().replace("<!DOCTYPE html>", "").replace('<meta charset="utf-8">', ""))
    assert p.rows[0] == t.header
    assert p.rows[1:] == t.rows


# --------------------------------------------------------------------------------------------------------------------
# A real step folder: every printed number is its CSV value rounded


@pytest.fixture(scope="module")
def pls_tables(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report_tables")
    pls = tmp / "pls"
    subprocess.run([sys.executable, "-m", "surveysem", "pls", "--data", str(ROOT / "data/shopee_trust/data.csv"),
                    "--model", str(ROOT / "data/shopee_trust/model.lav"), "--missing-value", "-99", "--boot", "200",
                    "--seed", "5", "--assess", "--purify", "strict", "--out", str(pls)], check=True, cwd=ROOT,
                   capture_output=True)
    out = tmp / "tables"
    r = subprocess.run([sys.executable, "-m", "surveysem", "report", "tables", "--kind", "pls", "--in", str(pls),
                        "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return pls, out


def _parse(cell: str) -> float:
    cell = cell.replace("*", "").replace("−", "-").strip()
    if cell.startswith("."):
        cell = "0" + cell
    if cell.startswith("-."):
        cell = "-0" + cell[1:]
    return float(cell)


def test_every_csv_is_copied_unchanged(pls_tables):
    pls, out = pls_tables
    for p in pls.glob("*.csv"):
        assert (out / p.name).read_bytes() == p.read_bytes(), p.name


def test_printed_loadings_and_paths_are_the_csv_values_rounded(pls_tables):
    pls, out = pls_tables
    outer = pd.read_csv(pls / "outer_model.csv")
    md = (out / "outer_model.md").read_text().splitlines()
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in md if line.startswith("| ")][1:]
    assert len(rows) == len(outer)
    for cells, (_, r) in zip(rows, outer.iterrows()):
        assert cells[1] == r["indicator"]
        assert abs(_parse(cells[3]) - r["loading"]) <= 0.0005 + 1e-12
        assert abs(_parse(cells[5]) - r["loading_t"]) <= 0.0005 + 1e-12
    hyp = pd.read_csv(pls / "hypotheses.csv")
    text = (out / "hypotheses.md").read_text()
    for _, r in hyp.iterrows():
        line = next(x for x in text.splitlines() if x.startswith(f"| {r['from']} → {r['to']} |"))
        beta = line.split("|")[2].strip()
        assert abs(_parse(beta) - r["estimate"]) <= 0.0005 + 1e-12
        assert beta.count("*") == (3 if r["p"] < .001 else 2 if r["p"] < .01 else 1 if r["p"] < .05 else 0)
        assert line.rstrip(" |").endswith(r["supported"])


def test_purified_item_and_rule_reach_the_printed_table(pls_tables):
    pls, out = pls_tables
    purif = pd.read_csv(pls / "item_purification.csv")
    assert (purif["indicator"] == "trust4").any()  # seed 002 dropped its weak trust item the same way
    md = (out / "item_purification.md").read_text()
    assert "trust4" in md and "0.708" in md.split("*Note.*")[1]


def test_index_lists_every_printed_table_once_in_number_order(pls_tables):
    _, out = pls_tables
    index = (out / "index.md").read_text()
    numbers = [int(n) for n in re.findall(r"\*\*Table (\d+)\.\*\*", index)]
    printed = sorted(out.glob("*.md"))
    assert numbers == list(range(1, len(printed)))  # every .md but the index itself
    for link in re.findall(r"\]\(([^)]+\.md)\)", index):
        assert (out / link).exists()
    page = (out / "tables.html").read_text()
    assert page.count("<section") == len(numbers)


def test_missing_folder_is_a_one_line_error_and_leaves_nothing(tmp_path):
    out = tmp_path / "tables"
    r = subprocess.run([sys.executable, "-m", "surveysem", "report", "tables", "--kind", "pls", "--in",
                        str(tmp_path / "nope"), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("surveysem: error: ") and "nope" in r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_kind_and_empty_folder_raise(tmp_path):
    with pytest.raises(DataError, match="unknown table kind"):
        format_tables("anova", tmp_path, tmp_path / "o")
    with pytest.raises(DataError, match="no CSV tables"):
        format_tables("pls", tmp_path, tmp_path / "o")


def test_cleaning_and_cbsem_tables_are_numbered_on_in_subfolders(tmp_path):
    clean = tmp_path / "cleaning"
    clean.mkdir()
    pd.DataFrame({"item": ["x1"], "n": [10], "mean": [3.0], "sd": [1.0], "skewness": [0.1],
                  "excess_kurtosis": [-0.2], "min": [1.0], "max": [5.0], "share_missing": [0.0]}
                 ).to_csv(clean / "item_descriptives.csv", index=False)
    pd.DataFrame(columns=["row", "respondent", "reason"]).to_csv(clean / "excluded_rows.csv", index=False)
    cb = tmp_path / "cbsem"
    cb.mkdir()
    pd.DataFrame({"index": ["df", "cfi"], "value": [24.0, 0.961], "threshold": [np.nan, ">= .95"],
                  "verdict": [np.nan, "good"], "convention": ["", "Bentler (1990)"]}).to_csv(cb / "fit.csv", index=False)
    sess = tmp_path / "sessions"
    sess.mkdir()
    pd.DataFrame({"term": ["const"], "b": [1.5], "se_hc3": [0.5], "t": [3.0], "p": [0.01], "ci_low": [0.4],
                  "ci_high": [2.6]}).to_csv(sess / "regression.csv", index=False)
    out = tmp_path / "tables"
    r = subprocess.run([sys.executable, "-m", "surveysem", "report", "tables", "--kind", "sessions", "--in",
                        str(sess), "--cleaning", str(clean), "--cbsem", str(cb), "--out", str(out)], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (out / "cleaning" / "item_descriptives.md").read_text().startswith("**Table 1**")
    assert not (out / "cleaning" / "excluded_rows.md").exists()  # nothing excluded: no empty table
    assert (out / "cleaning" / "excluded_rows.csv").exists()
    assert (out / "regression.md").read_text().startswith("**Table 2**")
    fit = (out / "cbsem" / "fit.md").read_text()
    assert fit.startswith("**Table 3**") and "| df | 24 |" in fit and "| cfi | 0.961 |" in fit


def test_coder_agreement_table_prints_kappa_and_the_agreement_shares():
    # T3 over 11 segments: both 2, coder 1 only 1, coder 2 only 0, neither 8 -> p_o = 10/11, p_e = 78/121,
    # kappa = 32/43 = .744 (Cohen 1960); Landis & Koch (1977): 0.61-0.80 substantial.
    df = pd.DataFrame([{"theme": "T3", "label": "Conversion", "n_segments": 11, "both_yes": 2, "coder_1_only": 1,
                        "coder_2_only": 0, "both_no": 8, "p_observed": 10 / 11, "p_expected": 78 / 121,
                        "kappa": 32 / 43, "interpretation": "substantial", "note": ""}])
    t = format_table(_spec("coding", "agreement"), df)
    row = dict(zip(t.header, t.rows[0]))
    assert row["κ"] == ".744" and row["Observed agreement"] == "90.9%" and row["Chance agreement"] == "64.5%"
    assert "Landis & Koch (1977)" in " ".join(t.notes)
