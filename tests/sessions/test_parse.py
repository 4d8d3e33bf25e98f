"""Indonesian and English number styles in session exports, and the one-line errors for cells that are not numbers.

Expected values are the amounts as an Indonesian reader reads them (``.`` thousands, ``,`` decimal; ``rb`` = ribu =
10^3, ``jt`` = juta = 10^6) or as the English compact notation of analytics exports reads them (K = 10^3, M = 10^6).
"""
from __future__ import annotations

import pandas as pd
import pytest

from surveysem.errors import DataError
from surveysem.sessions.parse import NumberFormatError, parse_datetime_column, parse_number, parse_number_column


@pytest.mark.parametrize("cell, expected", [
    ("Rp1.250.000", 1_250_000),          # Seller Center style
    ("Rp 1.250.000,-", 1_250_000),       # price style with ",-"
    ("Rp. 25.000,-", 25_000),
    ("1.250.000,00", 1_250_000),         # both marks: the last one is the decimal mark
    ("1.250.000,50", 1_250_000.5),
    ("1,250,000.50", 1_250_000.5),       # English
    ("IDR 1250000", 1_250_000),
    ("1 250 000", 1_250_000),            # spaces as group separators
    ("1,25 jt", 1_250_000),              # 1,25 juta
    ("1,25 juta", 1_250_000),
    ("1,2rb", 1_200),                    # 1,2 ribu
    ("850rb", 850_000),
    ("12.5K", 12_500),                   # FastMoss
    ("1.25M", 1_250_000),                # M = million in English compact notation
    ("1,5 miliar", 1_500_000_000),
    ("0", 0),
    ("0.250", 0.25),                     # a leading 0 cannot start a thousands group
    ("1,5", 1.5),                        # one mark, not three digits after it: decimal
    ("12.50", 12.5),
])
def test_indonesian_and_english_amounts_parse_to_the_rupiah_value(cell, expected):
    assert parse_number(cell) == pytest.approx(expected, rel=0, abs=1e-9)


def test_an_ambiguous_single_mark_follows_the_decimal_option():
    # "1.250" is 1250 in Indonesian style (decimal ",") and 1.25 in English style (decimal ".")
    assert parse_number("1.250", decimal=",") == 1250
    assert parse_number("1.250", decimal=".") == 1.25
    assert parse_number("1,250", decimal=",") == 1.25
    assert parse_number("1,250", decimal=".") == 1250


@pytest.mark.parametrize("cell", ["lima ratus", "Rp", "1..2", "12,5,000", "1,2,3.4.5", "5 kg", "1.25.0", "3.000,"])
def test_text_that_is_not_an_amount_is_rejected(cell):
    with pytest.raises(NumberFormatError):
        parse_number(cell)


def test_a_bad_cell_is_an_error_naming_file_row_and_column():
    s = pd.Series(["Rp10.000", "Rp20.000", "dua puluh ribu", "Rp5.000"])
    with pytest.raises(DataError) as e:
        parse_number_column(s, "omzet", "live.csv")
    msg = e.value.message
    assert msg.startswith('live.csv, row 4, column omzet: "dua puluh ribu" is not a number.')  # header = row 1
    assert "\n" not in msg and "Rp1.250.000" in msg  # says how to write it


def test_a_column_reads_ambiguous_cells_with_the_mark_its_clear_cells_show():
    # row 3 "1,250,000.00" shows "." as the decimal mark, so "2,500" (row 2) is 2500, not 2.5
    vals, warnings = parse_number_column(pd.Series(["2,500", "1,250,000.00"]), "gmv", "f.csv")
    assert list(vals) == [2500, 1_250_000]
    assert warnings == []


def test_ambiguous_cells_without_evidence_are_read_indonesian_with_a_warning():
    vals, warnings = parse_number_column(pd.Series(["Rp12.500", "Rp7.000"]), "gmv", "f.csv")
    assert list(vals) == [12500, 7000]
    assert len(warnings) == 1 and "row 2" in warnings[0] and "--decimal" in warnings[0]


def test_cells_that_contradict_each_other_are_an_error_naming_both_rows():
    s = pd.Series(["1.250.000", "12,50", "1,250,000"])  # row 2: "." thousands; row 4: "," thousands
    with pytest.raises(DataError, match=r"f\.csv, column gmv: row 2 .* row 4"):
        parse_number_column(s, "gmv", "f.csv")


def test_empty_and_dash_cells_are_missing():
    vals, _ = parse_number_column(pd.Series(["", "-", None, "3"]), "orders", "f.csv")
    assert pd.isna(vals[:3]).all() and vals[3] == 3


def test_count_columns_read_a_single_mark_as_thousands():
    vals, warnings = parse_number_column(pd.Series(["6.148", "1,250", "312"]), "viewers", "f.csv", integer=True)
    assert list(vals) == [6148, 1250, 312] and warnings == []


def test_indonesian_dates_and_times_are_read_day_first():
    s = pd.Series(["2026-01-05 19:30", "05/01/2026 19.30", "5 Januari 2026 19:30 WIB", "3 Mei 2026 08:00"])
    out = parse_datetime_column(s, "start", "f.csv")
    assert list(out) == [pd.Timestamp("2026-01-05 19:30")] * 3 + [pd.Timestamp("2026-05-03 08:00")]


def test_an_unreadable_date_is_an_error_naming_the_row():
    with pytest.raises(DataError, match=r'f\.csv, row 3, column mulai: "kemarin" is not a date'):
        parse_datetime_column(pd.Series(["2026-01-05 19:30", "kemarin"]), "mulai", "f.csv")
