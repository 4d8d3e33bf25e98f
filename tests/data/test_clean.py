"""Cleaning rules on small constructed frames: each test builds the violating rows and checks exactly those."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveysem.data import clean_survey, item_descriptives, mahalanobis_d2, numeric_items
from surveysem.errors import ConfigError, DataError

ITEMS = ["a1", "a2", "a3", "b1", "b2", "b3"]


def base_frame(n: int = 40, seed: int = 1) -> pd.DataFrame:
    """Random 1–5 answers as text (as read_table gives them); no constant rows, no duplicate rows."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    X = rng.integers(1, 6, size=(n, len(ITEMS)))
    assert (X.std(axis=1) > 0).all() and len({tuple(r) for r in X}) == n  # the fixture itself is clean
    df = pd.DataFrame(X.astype(str), columns=ITEMS)
    df.insert(0, "resp", [f"R{i:03d}" for i in range(n)])
    df.attrs["source"] = "data/x.csv"
    return df


def row_of(df_position: int) -> int:
    return df_position + 2  # header is row 1


def test_clean_frame_passes_unchanged():
    df = base_frame()
    res = clean_survey(df, ITEMS)
    assert res.excluded_rows.empty and res.flags.empty
    assert res.clean.shape == df.shape
    assert (res.clean[ITEMS].to_numpy() == df[ITEMS].astype(float).to_numpy()).all()
    assert res.counts["rows_clean"] == 40


def test_missing_markers_are_replaced_by_the_item_mean_of_the_other_rows():
    df = base_frame()
    df.loc[3, "a2"] = "-99"
    df.loc[10, "b1"] = ""
    res = clean_survey(df, ITEMS, missing_values=[-99], missing="mean")
    others_a2 = df["a2"].drop(index=3).astype(float).mean()
    others_b1 = df["b1"].drop(index=10).astype(float).mean()
    assert res.clean.loc[row_of(3), "a2"] == pytest.approx(others_a2)
    assert res.clean.loc[row_of(10), "b1"] == pytest.approx(others_b1)
    assert res.counts["missing_marker_cells"] == 1 and res.counts["empty_cells"] == 1
    assert res.counts["imputed_cells"] == 2
    imputed = res.flags[res.flags["action"] == "imputed"]
    assert set(zip(imputed["row"], imputed["column"])) == {(row_of(3), "a2"), (row_of(10), "b1")}
    desc = res.item_descriptives.set_index("item")
    assert desc.loc["a2", "n"] == 39 and desc.loc["a2", "share_missing"] == pytest.approx(1 / 40)


def test_listwise_deletion_excludes_exactly_the_incomplete_rows_and_names_the_columns():
    df = base_frame()
    df.loc[3, "a2"] = "-99"
    df.loc[10, ["b1", "b3"]] = ""
    res = clean_survey(df, ITEMS, missing_values=[-99], missing="listwise")
    assert res.excluded_rows["row"].tolist() == [row_of(3), row_of(10)]
    assert res.excluded_rows["respondent"].isna().all()  # no id column given
    assert "a2" in res.excluded_rows["reason"].iloc[0]
    assert "b1, b3" in res.excluded_rows["reason"].iloc[1]
    assert len(res.clean) == 38 and res.counts["listwise_excluded"] == 2


def test_missing_none_keeps_the_gaps():
    df = base_frame()
    df.loc[5, "a1"] = "-99"
    res = clean_survey(df, ITEMS, missing_values=["-99"], missing="none")
    assert np.isnan(res.clean.loc[row_of(5), "a1"]) and len(res.clean) == 40


def test_out_of_range_answer_is_a_one_line_error_naming_row_and_column():
    df = base_frame()
    df.loc[16, "b2"] = "7"
    with pytest.raises(DataError) as exc:
        clean_survey(df, ITEMS, likert=(1, 5))
    msg = exc.value.message
    assert msg.startswith("data/x.csv, row 18, column b2: 7 is outside the Likert range 1-5. ")
    assert "missing-value codes" in msg and "\n" not in msg


def test_out_of_range_set_missing_flags_exactly_those_cells():
    df = base_frame()
    df.loc[16, "b2"] = "7"
    df.loc[20, "a1"] = "0"
    res = clean_survey(df, ITEMS, out_of_range="missing", missing="none")
    oor = res.flags[res.flags["rule"] == "out_of_range"]
    assert list(zip(oor["row"], oor["column"], oor["value"])) == [(18, "b2", 7.0), (22, "a1", 0.0)]
    assert np.isnan(res.clean.loc[18, "b2"]) and np.isnan(res.clean.loc[22, "a1"])
    assert res.counts["out_of_range_cells"] == 2 and any("out-of-range" in w for w in res.warnings)


def test_non_numeric_cell_is_named_by_row_and_column():
    df = base_frame()
    df.loc[7, "a3"] = "lima"
    df.loc[9, "b3"] = "empat"
    with pytest.raises(DataError) as exc:
        clean_survey(df, ITEMS)
    assert exc.value.message.startswith('data/x.csv, row 9, column a3: "lima" is not a number (1 more non-numeric')
    assert "\n" not in exc.value.message


@pytest.mark.parametrize("mode", ["flag", "drop"])
def test_straight_liners_are_exactly_the_constant_rows(mode):
    df = base_frame()
    df.loc[4, ITEMS] = "4"
    df.loc[12, ITEMS] = "1"
    df.loc[12, "a1"] = "-99"  # still constant over the answered items
    res = clean_survey(df, ITEMS, missing_values=[-99], straightlining=mode)
    sl = res.flags[res.flags["rule"] == "straightlining"]
    assert sl["row"].tolist() == [row_of(4), row_of(12)]
    assert sl["value"].tolist() == [4.0, 1.0]
    if mode == "drop":
        assert res.excluded_rows["row"].tolist() == [row_of(4), row_of(12)]
        assert res.excluded_rows["reason"].str.contains("straight-lining").all()
        assert len(res.clean) == 38
    else:
        assert res.excluded_rows.empty and len(res.clean) == 40
        assert (sl["action"] == "kept").all()


def test_straight_lining_is_judged_on_the_answers_as_given_not_after_reverse_coding():
    df = base_frame()
    df.loc[4, ITEMS] = "5"
    res = clean_survey(df, ITEMS, reverse=["b3"])
    assert res.flags.loc[res.flags["rule"] == "straightlining", "row"].tolist() == [row_of(4)]
    assert res.clean.loc[row_of(4), "b3"] == 1  # 5 + 1 - 5


def test_reverse_coding_maps_x_to_k_plus_1_minus_x():
    df = base_frame()
    res = clean_survey(df, ITEMS, likert=(1, 5), reverse=["a2"])
    assert (res.clean["a2"].to_numpy() == 6 - df["a2"].astype(float).to_numpy()).all()
    assert (res.clean["a1"].to_numpy() == df["a1"].astype(float).to_numpy()).all()
    res7 = clean_survey(df, ITEMS, likert=(1, 7), reverse=["a2"])
    assert (res7.clean["a2"].to_numpy() == 8 - df["a2"].astype(float).to_numpy()).all()


def test_duplicate_rows_are_flagged_after_their_first_occurrence():
    df = base_frame()
    df.iloc[20] = df.iloc[5]
    df.iloc[30] = df.iloc[5]
    df.iloc[25, 1:] = df.iloc[6, 1:]  # same answers, different respondent id: not a duplicate row
    res = clean_survey(df, ITEMS, duplicates="drop")
    assert res.excluded_rows["row"].tolist() == [row_of(20), row_of(30)]
    assert (res.excluded_rows["reason"] == f"duplicate (identical to row {row_of(5)} in every column)").all()


def test_duplicate_respondent_ids_are_found_with_an_id_column():
    df = base_frame()
    df.loc[15, "resp"] = "R002"
    res = clean_survey(df, ITEMS, id_column="resp", duplicates="flag")
    dup = res.flags[res.flags["rule"] == "duplicate"]
    assert dup["row"].tolist() == [row_of(15)] and dup["respondent"].tolist() == ["R002"]
    assert dup["detail"].iloc[0] == f"respondent id R002 already at row {row_of(2)}"
    assert res.excluded_rows.empty


def test_rows_without_any_answer_are_excluded():
    df = base_frame()
    df.loc[8, ITEMS] = ""
    res = clean_survey(df, ITEMS)
    assert res.excluded_rows["row"].tolist() == [row_of(8)]
    assert res.excluded_rows["reason"].iloc[0] == "no answer to any item"


def test_mahalanobis_outlier_is_flagged_and_kept():
    # items of one strongly correlated factor; the constructed row contradicts the pattern (1,5,1,5,1,5)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(3)))
    eta = rng.standard_normal(200)
    X = np.clip(np.round(3 + 1.2 * eta[:, None] + 0.4 * rng.standard_normal((200, 6))), 1, 5)
    X[10] = [1, 5, 1, 5, 1, 5]
    df = pd.DataFrame(X, columns=ITEMS)
    res = clean_survey(df, ITEMS, straightlining="ignore", duplicates="ignore", mahalanobis_alpha=0.001)
    out = res.flags[res.flags["rule"] == "mahalanobis"]
    assert row_of(10) in out["row"].tolist()
    assert (out["action"] == "kept").all() and row_of(10) in res.clean.index
    d2 = out.set_index("row").loc[row_of(10), "value"]
    assert d2 > 22.458  # χ²(6) 0.999 quantile (table value)


def test_mahalanobis_distance_matches_a_hand_computation():
    # one variable x = (0, 2): mean 1, S = 2 (n − 1) → D² = 1²/2 = 0.5 each
    d2, singular = mahalanobis_d2(np.array([[0.0], [2.0]]))
    assert d2 == pytest.approx([0.5, 0.5]) and not singular
    # two variables: rows (0,0), (2,0), (0,2), (2,2): mean (1,1), S = diag(4/3, 4/3) → D² = 2 · 1/(4/3) = 1.5
    d2, _ = mahalanobis_d2(np.array([[0, 0], [2, 0], [0, 2], [2, 2]], float))
    assert d2 == pytest.approx([1.5] * 4)


def test_item_descriptives_match_excel_skew_and_kurt():
    # Excel/SPSS: KURT(1,2,3,4,5) = -1.2, SKEW(1,2,3,4,5) = 0.
    # SKEW(1,2,3,4,10): mean 4, deviations -3,-2,-1,0,6 → m2 = 50/5 = 10, m3 = 180/5 = 36,
    # g1 = 36 / 10^1.5 = 1.138420, G1 = g1·√(n(n−1))/(n−2) = 1.138420·√20/3 = 1.697056
    X = pd.DataFrame({"u": [1, 2, 3, 4, 5], "v": [1, 2, 3, 4, 10], "w": [1, np.nan, 3, 4, 5]}, dtype=float)
    d = item_descriptives(X).set_index("item")
    assert d.loc["u", "excess_kurtosis"] == pytest.approx(-1.2)
    assert d.loc["u", "skewness"] == pytest.approx(0.0, abs=1e-12)
    assert d.loc["v", "skewness"] == pytest.approx(36 / 10**1.5 * np.sqrt(20) / 3)
    assert d.loc["u", "sd"] == pytest.approx(np.sqrt(2.5))  # Σ(x − 3)² / (n − 1) = 10/4
    assert d.loc["w", "n"] == 4 and d.loc["w", "share_missing"] == pytest.approx(0.2)
    assert list(d.loc["v", ["min", "max"]]) == [1, 10]


def test_too_few_rows_is_an_error():
    df = base_frame(n=10)
    with pytest.raises(DataError, match=r"only 10 usable rows for 6 items.*at least 11"):
        clean_survey(df, ITEMS)


def test_constant_item_is_an_error_naming_the_column():
    df = base_frame()
    df["b2"] = "4"
    with pytest.raises(DataError) as exc:
        clean_survey(df, ITEMS)
    assert exc.value.message.startswith("data/x.csv, column b2: every usable row has the same answer (4)")
    assert "Remove b2 from the model" in exc.value.message


@pytest.mark.parametrize("kwargs, text", [
    (dict(missing="pairwise"), "missing is 'pairwise'. Use one of: mean, listwise, none."),
    (dict(reverse=["zz"]), "reverse-coded item 'zz' is not an item of the model"),
    (dict(id_column="nope"), "id column 'nope' is not in the file"),
    (dict(straightlining="remove"), "straightlining is 'remove'"),
])
def test_bad_options_are_config_errors(kwargs, text):
    with pytest.raises(ConfigError) as exc:
        clean_survey(base_frame(), ITEMS, **kwargs)
    assert text in exc.value.message


def test_report_lists_rules_counts_and_excluded_rows():
    df = base_frame()
    df.loc[4, ITEMS] = "3"
    res = clean_survey(df, ITEMS, straightlining="drop", missing_values=[-99])
    md = res.to_markdown()
    assert "# Data cleaning: data/x.csv" in md
    assert "| straight-lining respondents | 1 |" in md
    assert f"| {row_of(4)} |" in md and "straight-lining (answered 3 to every item)" in md
    assert "| item | n | mean | sd | skewness | excess_kurtosis | min | max | share_missing |" in md


def test_numeric_items_counts_the_other_bad_cells():
    df = base_frame()
    for i in (2, 3, 4):
        df.loc[i, "b1"] = "x"
    with pytest.raises(DataError, match=r"row 4, column b1: \"x\" is not a number \(2 more non-numeric cells"):
        numeric_items(df, ITEMS)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(n=st.integers(16, 40), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_straight_lining_flags_exactly_the_planted_rows_property(n, seed, data):
    # base rows always hold two different answers (a2 = a1 mod 5 + 1), so only the planted rows are constant
    planted = data.draw(st.sets(st.integers(0, n - 1), max_size=5))
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    X = rng.integers(1, 6, size=(n, len(ITEMS)))
    X[:, 1] = X[:, 0] % 5 + 1
    for i in planted:
        X[i] = data.draw(st.integers(1, 5))
    df = pd.DataFrame(X, columns=ITEMS)
    kept = df.drop(index=list(planted))
    if any(kept[c].nunique() == 1 for c in ITEMS):
        return  # a constant column is a different (error) rule
    res = clean_survey(df, ITEMS, straightlining="drop", duplicates="ignore", mahalanobis_alpha=None)
    assert res.excluded_rows["row"].tolist() == sorted(i + 2 for i in planted)
    assert len(res.clean) == n - len(planted)
