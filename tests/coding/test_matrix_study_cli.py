"""Case x theme matrix by hand, errors naming the row, the paper's own coding (seed 001), and the CLI."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import SHARED, needs_shared

from surveysem.cli import main
from surveysem.coding import run_coding_study
from surveysem.errors import ConfigError, DataError

ROOT = Path(__file__).resolve().parents[2]
THEMES = ROOT / "data" / "live_themes"
BOOK = pd.DataFrame({"theme": ["T1", "T2", "T3"], "label": ["a", "b", "c"], "definition": ["", "", ""]})


def _seg(rows):
    return pd.DataFrame(rows, columns=["case", "source", "segment_id", "theme", "excerpt"])


SEGS = [
    ("X", "int1", "1", "T1;T3", "e1"),   # row 2: one segment, two themes in one cell
    ("X", "int1", "2", "T1", "e2"),      # row 3
    ("Y", "obs", "1", "T2", "e3"),       # row 4: segment ids are per case
    ("Y", "doc", "2", "T2", "e4"),       # row 5
    ("Y", "doc", "2", "T3", "e4"),       # row 6: same segment, second theme as a second row
]


def test_matrix_counts_presence_prevalence_and_cooccurrence_by_hand():
    r = run_coding_study(_seg(SEGS), BOOK, cases=pd.DataFrame({"case": ["X", "Y", "Z"]}))
    m = r.matrix.set_index(["case", "theme"])
    # X: T1 in segments 1 and 2 -> 2; T3 in segment 1 -> 1. Y: T2 in 1 and 2 -> 2 (two sources); T3 in 2 -> 1
    assert m.loc[("X", "T1"), "segments"] == 2 and m.loc[("X", "T3"), "segments"] == 1
    assert m.loc[("Y", "T2"), "segments"] == 2 and m.loc[("Y", "T2"), "sources"] == 2
    assert not m.loc[("X", "T2"), "present"] and not m.loc[("Z", "T1"), "present"]
    assert r.matrix_counts.columns.tolist() == ["case", "T1", "T2", "T3", "themes_present", "segments"]
    assert r.matrix_presence.set_index("case").loc["Z", "themes_present"] == 0
    p = r.prevalence.set_index("theme")
    # T3 present in X and Y: 2 of 3 listed cases, 2 of 2 coded cases
    assert p.loc["T3", "cases_with_theme"] == 2 and p.loc["T3", "share_of_cases"] == pytest.approx(2 / 3)
    assert p.loc["T3", "share_of_coded_cases"] == 1.0 and p.loc["T3", "cases"] == "X; Y"
    c = r.cooccurrence.set_index(["level", "theme_a", "theme_b"])
    # segment level: T1&T3 share X/1 only; T2&T3 share Y/2 only; T1 alone in X/2
    assert c.loc[("segment", "T1", "T3"), "count"] == 1 and c.loc[("segment", "T2", "T3"), "count"] == 1
    assert c.loc[("segment", "T1", "T2"), "count"] == 0 and c.loc[("segment", "T1", "T1"), "count"] == 2
    # Jaccard T1,T3 at segment level: |{X1}| / |{X1, X2, Y2}| = 1/3
    assert c.loc[("segment", "T1", "T3"), "jaccard"] == pytest.approx(1 / 3)
    # case level: T1&T3 both in X; T2&T3 both in Y
    assert c.loc[("case", "T1", "T3"), "count"] == 1 and c.loc[("case", "T3", "T3"), "count"] == 2
    a = r.audit
    assert len(a) == 6  # X1:T1, X1:T3, X2:T1, Y1:T2, Y2:T2, Y2:T3
    assert a[(a["case"] == "Y") & (a["theme"] == "T3")]["row"].tolist() == [6]
    assert any("Z" in w for w in r.warnings)


def test_a_multi_theme_cell_equals_the_same_codes_on_separate_rows():
    one = run_coding_study(_seg([("X", "s", "1", "T1|T2", "e")]), BOOK).matrix
    two = run_coding_study(_seg([("X", "s", "1", "T1", "e"), ("X", "s", "1", "T2", "e")]), BOOK).matrix
    pd.testing.assert_frame_equal(one, two)


@pytest.mark.parametrize("bad, needle", [
    (("X", "s", "3", "T4", "e"), "row 7, column theme: theme 'T4' is not in the codebook. Use one of the codebook's codes (T1, T2, T3)"),
    (("X", "s", "3", "t2", "e"), "row 7, column theme: theme 't2' is not in the codebook. Did you mean 'T2'?"),
    (("W", "s", "3", "T1", "e"), "row 7, column case: case 'W' is not in the case list"),
    (("", "s", "3", "T1", "e"), "row 7, column case: the case is empty"),
    (("X", "s", "1", "T1", "e"), "segment '1' of case 'X' is given theme 'T1' twice (rows 2 and 7)"),
])
def test_bad_segments_are_errors_naming_the_row(bad, needle):
    d = _seg(SEGS + [bad])
    d.attrs["source"] = "segs.csv"
    with pytest.raises(DataError) as e:
        run_coding_study(d, BOOK, cases=pd.DataFrame({"case": ["X", "Y"]}))
    assert needle in e.value.message and e.value.message.startswith("segs.csv")


def test_codebook_errors_name_the_rows():
    book = pd.DataFrame({"theme": ["T1", "T2", "T1"], "label": ["a", "b", "c"]})
    book.attrs["source"] = "book.csv"
    with pytest.raises(DataError, match=r"book\.csv, column theme: theme 'T1' is listed in rows 2 and 4"):
        run_coding_study(_seg(SEGS), book)
    with pytest.raises(DataError, match="has no column 'label'"):
        run_coding_study(_seg(SEGS), pd.DataFrame({"theme": ["T1"]}))


def test_unknown_coder_is_a_config_error():
    with pytest.raises(ConfigError, match="no coder column"):
        run_coding_study(_seg(SEGS), BOOK, coder="ana")


# --- the paper's own coding --------------------------------------------------------------------------------------

# The Banyumas study, "HASIL DAN PEMBAHASAN", the cases each theme subsection cites (typed from the paper):
PAPER = {
    "T1": {"Bin Dawood Boutique", "Cilengko Orchids"},                                  # Tema 1
    "T2": {"Bin Dawood Boutique", "Opak Izul Berkah", "Rumah Durian Cahaya Bulan"},     # Tema 2
    "T3": {"Bin Dawood Boutique", "Anjab Store"},                                       # Tema 3
    "T4": {"Rumah Durian Cahaya Bulan", "Opak Izul Berkah"},                            # Tema 4
    "T5": {"Opak Izul Berkah", "Bin Dawood Boutique"},                                  # "Tema S" (5)
}


def _paper_result():
    return run_coding_study(THEMES / "segments.csv", THEMES / "codebook.csv", cases=THEMES / "cases.csv")


def test_live_themes_reproduce_the_papers_theme_by_case_findings():
    r = _paper_result()
    got = {t: set(g.loc[g["present"], "case"]) for t, g in r.matrix.groupby("theme")}
    assert got == PAPER
    # "Kepercayaan muncul sebagai tema yang dominan lintas kasus" (trust is the dominant theme across cases)
    p = r.prevalence.set_index("theme")
    assert p["cases_with_theme"].idxmax() == "T2" and (p["rank"] == 1).sum() == 1
    # the analytics-only accounts of the case table carry no theme
    pres = r.matrix_presence.set_index("case")
    for acct in ("Keylaafood", "Gajah Sakti Purwokerto", "radefa.optik"):
        assert pres.loc[acct, "themes_present"] == 0


@needs_shared
def test_every_excerpt_quotes_the_paper():
    text = " ".join(next((SHARED / "seeds").glob("001_*.txt")).read_text(encoding="utf-8").split())
    norm = lambda s: re.sub(r"[^a-z0-9 ]", "", s.lower().replace("-", " "))  # noqa: E731
    text = norm(text)
    seg = pd.read_csv(THEMES / "segments.csv")
    for _, r in seg.iterrows():
        words = norm(r["excerpt"]).split()
        windows = {" ".join(words[i:i + 6]) for i in range(len(words) - 5)}
        hits = sum(w in text for w in windows)
        assert hits >= len(windows) // 2, (r["segment_id"], hits, len(windows))


def test_cli_writes_every_table_and_the_heatmap(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["coding", "--segments", str(THEMES / "segments.csv"), "--codebook", str(THEMES / "codebook.csv"),
                 "--cases", str(THEMES / "cases.csv"), "--out", str(out)])
    assert code == 0
    for f in ["codebook.csv", "cases.csv", "matrix.csv", "matrix_counts.csv", "matrix_presence.csv",
              "prevalence.csv", "cooccurrence.csv", "audit.csv", "summary.txt", "run.json",
              "figures/case_theme_heatmap.png", "figures/case_theme_heatmap.svg"]:
        assert (out / f).exists(), f
    assert not (out / "agreement.csv").exists()  # one coder: no kappa
    run = json.loads((out / "run.json").read_text())
    assert run["n_segments"] == 11 and run["n_cases"] == 11
    assert "11 segments" in capsys.readouterr().out


def test_cli_unknown_theme_exits_2_with_one_line_and_no_output(tmp_path, capsys):
    seg = pd.read_csv(THEMES / "segments.csv")
    seg.loc[3, "theme"] = "T6"
    seg.to_csv(tmp_path / "segments.csv", index=False)
    out = tmp_path / "out"
    code = main(["coding", "--segments", str(tmp_path / "segments.csv"), "--codebook", str(THEMES / "codebook.csv"),
                 "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("surveysem: error: ") and "segments.csv, row 5, column theme: theme 'T6'" in err[0]
    assert not out.exists() and not list(tmp_path.glob(".out.tmp-*"))


def test_cli_with_two_coders_writes_the_agreement_table(tmp_path):
    seg = pd.read_csv(THEMES / "segments.csv")
    second = seg.copy()
    second.loc[second["segment_id"] == "S03", "theme"] = "T2"  # the second coder does not see T3 in S03
    seg["coder"], second["coder"] = "A", "B"
    pd.concat([seg, second]).to_csv(tmp_path / "two.csv", index=False)
    out = tmp_path / "out"
    assert main(["coding", "--segments", str(tmp_path / "two.csv"), "--codebook", str(THEMES / "codebook.csv"),
                 "--out", str(out), "--no-figures"]) == 0
    a = pd.read_csv(out / "agreement.csv").set_index("theme")
    # T3 over 11 segments: both yes 2 (S06, S07), A only 1 (S03), B only 0, both no 8
    # p_o = 10/11; p_e = (3/11)(2/11) + (8/11)(9/11) = 78/121; kappa = (110/121 - 78/121)/(43/121) = 32/43
    assert a.loc["T3", "kappa"] == pytest.approx(32 / 43)
    assert a.loc["T1", "kappa"] == pytest.approx(1.0)
