"""The respondent profile: which columns ``auto`` picks, the order of the categories, counts that sum to N."""
from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveysem.describe import frequency_table, natural_key, respondent_profile, select_columns
from surveysem.describe.profile import MAX_CATEGORIES, NO_ANSWER, order_categories
from surveysem.errors import ConfigError


def _shuffled(values, seed=3):
    out = list(values)
    random.Random(seed).shuffle(out)
    return out


@pytest.mark.parametrize("ordered", [
    ["< 18 tahun", "18-22 tahun", "23-30 tahun", "31-40 tahun", "> 40 tahun"],
    ["Kurang dari 18", "18 – 22", "23 – 30", "Lebih dari 30"],
    ["< Rp 1 juta", "Rp 1-3 juta", "Rp 3-5 juta", "> Rp 5 juta"],
    ["< Rp 500.000", "Rp 500.000 - 1 juta", "Rp 1,5 - 3 juta", "Di atas Rp 3 juta"],
    ["Under 18", "18-24", "25-34", "35+"],
    ["1 tahun", "2 tahun", "10 tahun"],  # numbers, not text: 10 after 2
])
def test_numeric_bands_print_in_their_natural_order_whatever_the_order_of_the_answers(ordered):
    counts = {c: 1 + i % 3 for i, c in enumerate(_shuffled(ordered))}
    assert order_categories(counts, "Usia") == ordered


def test_natural_key_reads_the_first_number_its_unit_and_its_side():
    assert natural_key("< 18") == (18, -1)
    assert natural_key("18-22 tahun") == (18, 0)
    assert natural_key("> 40") == (40, 1)
    assert natural_key("Rp 1-3 juta") == (1e6, 0)
    assert natural_key("Rp 500.000 - 1 juta") == (500_000, 0)
    assert natural_key("500 ribu - 1 juta") == (500_000, 0)
    assert natural_key("Perempuan") is None


def test_text_categories_are_ordered_by_frequency_then_alphabetically():
    assert order_categories({"Mahasiswa": 5, "Karyawan": 9, "Wiraswasta": 5, "Lainnya": 1}, "Pekerjaan") == [
        "Karyawan", "Mahasiswa", "Wiraswasta", "Lainnya"]


def test_the_config_order_wins_and_an_unlisted_answer_is_an_error():
    counts = {"SMA": 4, "S1": 10, "D3": 2}
    assert order_categories(counts, "Pendidikan", ["SMA", "D3", "S1", "S2"]) == ["SMA", "D3", "S1", "S2"]
    with pytest.raises(ConfigError, match="profile_order of column 'Pendidikan' does not list the answer 'S1'"):
        order_categories(counts, "Pendidikan", ["SMA", "D3"])


def test_counts_sum_to_n_with_missing_answers_in_their_own_row():
    s = pd.Series(["Laki-laki", "Perempuan", None, " Perempuan ", "", "Perempuan", float("nan")])
    t = frequency_table(s, "Jenis Kelamin")
    assert list(t["category"]) == ["Perempuan", "Laki-laki", NO_ANSWER]  # spaces trimmed: one 'Perempuan'
    assert list(t["n"]) == [3, 1, 3]
    assert t["n"].sum() == len(s)
    assert t["percent"].tolist() == pytest.approx([300 / 7, 100 / 7, 300 / 7])
    assert t["cumulative_percent"].iloc[-1] == pytest.approx(100.0)


def test_a_listed_category_nobody_chose_is_printed_with_zero():
    t = frequency_table(pd.Series(["S1", "S1", "SMA"]), "Pendidikan", ["SMA", "D3", "S1"])
    assert list(zip(t["category"], t["n"])) == [("SMA", 1), ("D3", 0), ("S1", 2)]


def _survey(n=30) -> pd.DataFrame:
    rng = random.Random(7)
    return pd.DataFrame({
        "Timestamp": [f"2024/05/{1 + i % 28:02d} 09:{i % 60:02d}:11" for i in range(n)],
        "id": [str(i + 1) for i in range(n)],
        "Nama": [f"Responden {i}" for i in range(n)],
        "Email": [f"r{i}@kampus.ac.id" for i in range(n)],
        "Jenis Kelamin": [rng.choice(["Laki-laki", "Perempuan"]) for _ in range(n)],
        "Twelve": [f"c{i % MAX_CATEGORIES}" for i in range(n)],
        "Thirteen": [f"c{i % (MAX_CATEGORIES + 1)}" for i in range(n)],
        "Umur": [str(18 + i % 9) for i in range(n)],
        "Kosong": [""] * n,
        "x1": [str(1 + i % 5) for i in range(n)],
    })


def test_auto_takes_text_columns_with_at_most_twelve_categories_and_says_why_it_skips_the_others():
    sel = select_columns(_survey(), items=["x1"], profile="auto", id_column="id")
    assert sel.columns == ["Jenis Kelamin", "Twelve"]
    why = {d["column"]: (d["status"], d["reason"]) for d in sel.decisions}
    assert why["Timestamp"] == ("excluded", "a timestamp or date")  # never a characteristic: no note
    assert why["Thirteen"][0] == "skipped" and "13 different answers" in why["Thirteen"][1]
    assert why["Umur"][0] == "skipped" and why["Umur"][1].startswith("numbers")
    assert why["Kosong"] == ("skipped", "no answers")
    assert why["Nama"][0] == why["Email"][0] == why["id"][0] == "excluded"
    assert "x1" not in why  # items are described elsewhere
    notes = sel.notes()
    assert len(notes) == 3 and all("'" in n for n in notes)  # each note names its column
    assert not any("Nama" in n or "Email" in n for n in notes)


def test_an_id_column_is_never_profiled_even_without_id_column_set():
    sel = select_columns(_survey().rename(columns={"id": "No"}), items=["x1"])
    assert "No" not in sel.columns
    assert {"column": "No", "status": "excluded", "reason": "an identifier"} in sel.decisions


def test_a_listed_profile_is_taken_as_given_in_its_order():
    sel = select_columns(_survey(), items=["x1"], profile=["Umur", "Jenis Kelamin"])
    assert sel.columns == ["Umur", "Jenis Kelamin"]


def test_an_unknown_profile_column_is_one_line_naming_it_and_the_columns_there_are():
    with pytest.raises(ConfigError) as err:
        select_columns(_survey(), items=["x1"], profile=["Jenis kelamin"], id_column="id", source="survey.csv")
    msg = str(err.value)
    assert "\n" not in msg
    assert "'Jenis kelamin' is not a column of the data" in msg
    assert "Jenis Kelamin, Twelve" in msg  # the columns available
    assert "Nama" not in msg and "Email" not in msg and "x1" not in msg.split("Use one of")[1]


@pytest.mark.parametrize("column, words", [("Nama", "identifies a respondent"), ("id", "identifies a respondent"),
                                           ("x1", "is an item of the model")])
def test_an_identifying_or_item_column_cannot_be_profiled(column, words):
    with pytest.raises(ConfigError, match=words):
        select_columns(_survey(), items=["x1"], profile=[column], id_column="id")


def test_profile_none_tabulates_nothing():
    sel = select_columns(_survey(), items=["x1"], profile="none", id_column="id")
    assert sel.columns == [] and respondent_profile(_survey(), sel.columns).empty


def test_every_profile_column_sums_to_n():
    df = _survey(23)
    df.loc[[2, 5], "Jenis Kelamin"] = None
    prof = respondent_profile(df, ["Jenis Kelamin", "Twelve"])
    assert prof.groupby("column")["n"].sum().to_dict() == {"Jenis Kelamin": 23, "Twelve": 23}
    assert prof[prof["column"] == "Jenis Kelamin"]["category"].iloc[-1] == NO_ANSWER


def test_profile_order_for_a_column_not_profiled_is_an_error():
    with pytest.raises(ConfigError, match="profile_order names column 'Usia'"):
        respondent_profile(_survey(), ["Jenis Kelamin"], {"Usia": ["< 18"]})


@given(st.lists(st.one_of(st.none(), st.sampled_from(["A", " A", "B ", "18-22", "< 18", ""])), min_size=1, max_size=60))
def test_any_column_counts_every_row_once(values):
    t = frequency_table(pd.Series(values, dtype=object), "c")
    assert t["n"].sum() == len(values)
    assert t["cumulative_percent"].iloc[-1] == pytest.approx(100.0)
    assert t["category"].is_unique
