"""Reading a survey file never shifts, invents or silently drops answers (issue 17, "silent wrong results" and
"tracebacks"): every case a careful tester found has a test here with its expected outcome.

Expected estimates come from R seminr 2.3.2 on the unmodified example file (``../shared/reference/own_data/
shopee_trust.json``, script ``own_data_seminr_estimate.R``; ``seminr/corp_rep_simple.json`` for corp_rep): a file that
only differs in how it is written (line ends, encoding, quotes, a trailing delimiter on every line, an empty row)
must give seminr's numbers; a file whose columns would shift must stop with one line naming the file and row.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import DATASETS, REFERENCE, ROOT, needs_shared

from surveysem.cli import main
from surveysem.data import clean_survey, numeric_items, read_table
from surveysem.data.read import row_numbers
from surveysem.errors import DataError
from surveysem.model import read_model
from surveysem.pls import pls

SHOPEE = ROOT / "data" / "shopee_trust" / "data.csv"
SHOPEE_MODEL = ROOT / "data" / "shopee_trust" / "model.lav"
TOL = 1e-8  # surveysem agrees with seminr to ~1e-12 on this model (tests/pls); 1e-8 leaves room, no more


def shopee_lines() -> list[str]:
    return SHOPEE.read_text(encoding="utf-8").splitlines()


def write(path: Path, lines: list[str], end: str = "\n", encoding: str = "utf-8") -> Path:
    path.write_bytes((end.join(lines) + end).encode(encoding))
    return path


def seminr_shopee_paths() -> dict[tuple[str, str], float]:
    ref = json.loads((REFERENCE / "own_data" / "shopee_trust.json").read_text())
    return {(a, b): v for a, row in ref["path_coef_matrix"].items() for b, v in row.items() if v}


def assert_matches_seminr_shopee(path: Path) -> None:
    res = pls(path, SHOPEE_MODEL, missing_values=[-99])
    ref = seminr_shopee_paths()
    got = {(r["from"], r["to"]): r["estimate"] for r in res.paths.to_dict("records")}
    assert set(got) == set(ref)
    for k, v in ref.items():
        assert got[k] == pytest.approx(v, abs=TOL), k
    assert res.n == 75


def error_of(path: Path, **kw) -> str:
    with pytest.raises(DataError) as exc:
        read_table(path, **kw)
    msg = exc.value.message
    assert "\n" not in msg and len(msg.splitlines()) == 1
    assert msg.startswith(str(path))
    return msg


# ------------------------------------------------------------------------------------------ shifted columns
def test_trailing_delimiter_on_every_data_row_is_an_error_naming_row_2(tmp_path):
    # pandas took the first column as the index and shifted every answer one column to the left
    lines = shopee_lines()
    p = write(tmp_path / "d.csv", [lines[0]] + [ln + "," for ln in lines[1:]])
    msg = error_of(p)
    assert msg.startswith(f"{p}, row 2: every data row ends with a comma that the header (row 1) does not have")
    assert "Remove the comma at the end of the data rows, or end the header row with one too." in msg


@needs_shared
def test_trailing_delimiter_on_corp_rep_data_rows_stops_instead_of_cusa_cusl_minus_0_002(tmp_path):
    # issue 17: CUSA -> CUSL went from seminr's 0.504 to -0.002 with exit 0
    lines = (DATASETS / "corp_rep_data.csv").read_text().splitlines()
    data = write(tmp_path / "corp_rep.csv", [lines[0]] + [ln + "," for ln in lines[1:]])
    out = tmp_path / "out"
    rc = main(["pls", "--data", str(data), "--model", str(REFERENCE / "models" / "corp_rep_simple.lav"),
               "--out", str(out), "--missing-value", "-99", "--quiet"])
    assert rc == 2 and not out.exists()


@needs_shared
def test_trailing_delimiter_on_every_line_including_the_header_is_ignored(tmp_path):
    # the extra column is empty in every row including the header: it carries nothing
    p = write(tmp_path / "d.csv", [ln + "," for ln in shopee_lines()])
    assert list(read_table(p).columns) == shopee_lines()[0].split(",")
    assert_matches_seminr_shopee(p)


def test_one_extra_field_in_the_first_data_row_is_an_error_naming_row_2(tmp_path):
    lines = shopee_lines()
    p = write(tmp_path / "d.csv", [lines[0], lines[1] + ",5"] + lines[2:])
    msg = error_of(p)
    assert msg.startswith(f"{p}, row 2: the row has 18 fields but the header (row 1) has 17: 1 extra field")


def test_header_missing_a_cell_is_an_error(tmp_path):
    lines = shopee_lines()
    header = lines[0].split(",")
    del header[3]
    p = write(tmp_path / "d.csv", [",".join(header)] + lines[1:])
    msg = error_of(p)
    assert "every data row has 17 fields but the header (row 1) names only 16 columns: the header misses 1 name" in msg
    assert msg.startswith(f"{p}, row 2: ")


def test_row_with_a_missing_field_is_an_error_naming_that_row(tmp_path):
    lines = shopee_lines()
    short = lines[9].split(",")
    del short[5]
    p = write(tmp_path / "d.csv", lines[:9] + [",".join(short)] + lines[10:])
    msg = error_of(p)
    assert msg.startswith(f"{p}, row 10: the row has 16 fields but the header (row 1) has 17: 1 field is missing")


def test_decimal_comma_in_a_comma_separated_file_is_an_error_that_says_so(tmp_path):
    lines = shopee_lines()
    row = lines[4].split(",")
    row[2] = "3,5"  # meant as 3.5: splits into two fields
    p = write(tmp_path / "d.csv", lines[:4] + [",".join(row)] + lines[5:])
    msg = error_of(p)
    assert msg.startswith(f"{p}, row 5: the row has 18 fields")
    assert "a decimal comma such as 3,5" in msg and "write decimals with a point (3.5)" in msg


def test_quoted_decimal_comma_in_a_comma_separated_file_is_named_as_such(tmp_path):
    lines = shopee_lines()
    row = lines[4].split(",")
    row[2] = '"3,5"'
    p = write(tmp_path / "d.csv", lines[:4] + [",".join(row)] + lines[5:])
    df = read_table(p)
    with pytest.raises(DataError, match=r'row 5, column ocr2: "3,5" is not a number \(a decimal comma'):
        numeric_items(df, ["ocr1", "ocr2"])


def test_excel_sep_line_names_the_delimiter_and_is_not_a_row(tmp_path):
    p = write(tmp_path / "d.csv", ["sep=;", "id;a;b", "1;3,5;4", "2;x;1"])
    df = read_table(p)
    assert list(df.columns) == ["id", "a", "b"] and row_numbers(df).tolist() == [2, 3]
    with pytest.raises(DataError, match=r'row 3, column a: "x" is not a number'):
        numeric_items(df, ["a"])
    p = write(tmp_path / "e.csv", ["sep=;", "id;a;b", "1;3,5;4", "2;1;1;9"])
    assert error_of(p).startswith(f"{p}, row 3 (line 4): the row has 4 fields but the header (row 1) has 3")


def test_decimal_comma_with_semicolon_delimiter_is_read_as_a_number(tmp_path):
    p = write(tmp_path / "d.csv", ["id;a;b", "1;3,5;4", "2;2;1,5"])
    x = numeric_items(read_table(p), ["a", "b"])
    assert x["a"].tolist() == [3.5, 2.0] and x["b"].tolist() == [4.0, 1.5]


def test_unclosed_quote_is_an_error_naming_the_row_where_it_opens(tmp_path):
    lines = shopee_lines()
    p = write(tmp_path / "d.csv", lines[:6] + ['"' + lines[6]] + lines[7:])
    msg = error_of(p)
    assert msg.startswith(f"{p}, row 7: ") and 'a quote (") opened in this row is not closed' in msg


def test_quoted_line_break_keeps_spreadsheet_row_numbers_and_names_the_file_line(tmp_path):
    p = write(tmp_path / "d.csv", ['id,note,a', '1,"two\nlines",3', '2,x,4', '3,y,5,6'])
    msg = error_of(p)
    assert msg.startswith(f"{p}, row 4 (line 5): the row has 4 fields")


def test_empty_header_cell_above_data_keeps_the_column_under_pandas_name(tmp_path):
    # R's write.csv writes row names under an empty first header cell; the header has every cell, nothing shifts
    p = write(tmp_path / "d.csv", ['"","a","b"', '"1",3,4', '"2",5,1'])
    df = read_table(p)
    assert list(df.columns) == ["Unnamed: 0", "a", "b"] and df["a"].tolist() == ["3", "5"]


def test_unnamed_column_empty_in_every_row_is_dropped(tmp_path):
    p = write(tmp_path / "d.csv", ["id,,a", "1,,3", "2, ,4"])
    assert list(read_table(p).columns) == ["id", "a"]


def test_repeated_column_name_is_an_error_not_renamed(tmp_path):
    # pandas renamed the second 'a' to 'a.1', so a model naming 'a' silently used the first one
    p = write(tmp_path / "d.csv", ["id,a,a", "1,3,4", "2,5,1"])
    assert "column name 'a' appears twice" in error_of(p)


# ------------------------------------------------------------------------------------- rows that are not answers
@needs_shared
def test_row_of_bare_delimiters_is_not_a_respondent_and_is_reported(tmp_path):
    lines = shopee_lines()
    empty = "," * (len(lines[0].split(",")) - 1)
    p = write(tmp_path / "d.csv", lines[:20] + [empty] + lines[20:] + ["", empty])
    df = read_table(p)
    assert list(df.attrs["blank_rows"]) == [21, 78, 79] and len(df) == 75
    assert_matches_seminr_shopee(p)  # n = 75, as seminr on the unmodified file
    res = pls(p, SHOPEE_MODEL, missing_values=[-99])
    assert res.data.counts["n_blank_rows_skipped"] == 3
    assert res.warnings[0].startswith("3 empty rows of the data file (no cell filled; file rows 21, 78, 79) skipped")


def test_rows_after_a_skipped_empty_row_keep_their_file_row_number(tmp_path):
    p = write(tmp_path / "d.csv", ["id,a,b", "1,3,4", ",,", "2,lima,4"])
    df = read_table(p)
    assert row_numbers(df).tolist() == [2, 4]
    with pytest.raises(DataError, match=r'row 4, column a: "lima" is not a number'):
        numeric_items(df, ["a", "b"])


def test_cleaning_report_counts_skipped_empty_rows(tmp_path):
    rng = np.random.default_rng(3)
    X = rng.integers(1, 6, size=(30, 6))
    rows = ["a1,a2,a3,b1,b2,b3"] + [",".join(map(str, r)) for r in X]
    p = write(tmp_path / "d.csv", rows[:5] + [",,,,,"] + rows[5:])
    res = clean_survey(read_table(p), ["a1", "a2", "a3", "b1", "b2", "b3"], mahalanobis_alpha=None)
    assert res.counts["blank_rows_skipped"] == 1 and res.counts["rows_read"] == 30
    assert any("1 empty row (file row 6; no cell filled)" in w for w in res.warnings)
    assert "| empty rows skipped when reading (no cell filled) | 1 |" in res.to_markdown()
    assert list(res.clean.index[3:5]) == [5, 7]  # the row after the empty one keeps its file number


# ------------------------------------------------------------------------------------------ implausible values
@pytest.mark.parametrize("value, words", [
    ("1e20", '"1e20" is implausibly large for a questionnaire answer (|x| > 1,000,000)'),
    ("1e200", '"1e200" is implausibly large for a questionnaire answer (|x| > 1,000,000)'),
    ("-2e7", '"-2e7" is implausibly large'),
    ("inf", '"inf" is not a finite number'),
    ("-Infinity", '"-Infinity" is not a finite number'),
    ("1e400", '"1e400" is not a finite number'),
    ("nan", '"nan" is not a number'),
])
def test_huge_or_non_finite_answer_stops_the_estimate_naming_row_and_column(tmp_path, value, words):
    # before: 1e20 was estimated (a different model), 1e200 and inf gave "indicator ... is constant"
    lines = shopee_lines()
    row = lines[7].split(",")
    row[8] = value  # trust1 (after id, ocr1-4, r1-3)
    p = write(tmp_path / "d.csv", lines[:7] + [",".join(row)] + lines[8:])
    with pytest.raises(DataError) as exc:
        pls(p, SHOPEE_MODEL, missing_values=[-99])
    assert exc.value.message.startswith(f"{p}, row 8, column trust1: {words}")


def test_clean_reports_a_huge_answer_as_outside_the_likert_range(tmp_path):
    p = write(tmp_path / "d.csv", ["a1,a2,a3"] + ["1,2,3", "2,3,4", "1e20,1,2"] + ["3,4,5"] * 10)
    with pytest.raises(DataError, match=r"row 4, column a1: 1e\+20 is outside the Likert range 1-5"):
        clean_survey(read_table(p), ["a1", "a2", "a3"], mahalanobis_alpha=None)
    res = clean_survey(read_table(p), ["a1", "a2", "a3"], out_of_range="missing", mahalanobis_alpha=None)
    assert res.counts["out_of_range_cells"] == 1  # flagged and set missing, never estimated


def test_a_large_scale_indicator_within_the_limit_is_accepted(tmp_path):
    p = write(tmp_path / "d.csv", ["income,a", "950000,1", "125000,2", "-3,3"])
    assert numeric_items(read_table(p), ["income"])["income"].tolist() == [950000.0, 125000.0, -3.0]


# ------------------------------------------------------------------------------------- what the file really is
def test_binary_file_named_csv_is_one_line_naming_it(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes(bytes(range(256)) * 8)
    assert "the file is named .csv but seems to be a binary file (it contains NUL bytes), not text" in error_of(p)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".sav"])
def test_csv_renamed_to_a_spreadsheet_or_spss_extension_is_named_as_csv(tmp_path, suffix):
    p = tmp_path / f"survey{suffix}"
    p.write_bytes(SHOPEE.read_bytes())
    msg = error_of(p)
    assert f"the file is named {suffix} but seems to be comma-separated text (a CSV file). Rename the file to .csv." in msg


def test_workbook_named_csv_is_named_as_a_workbook(tmp_path):
    xlsx = tmp_path / "d.xlsx"
    pd.DataFrame({"a": [1, 2]}).to_excel(xlsx, index=False)
    p = tmp_path / "d.csv"
    p.write_bytes(xlsx.read_bytes())
    assert "named .csv but seems to be an Excel workbook (.xlsx). Rename the file to .xlsx." in error_of(p)


@pytest.mark.parametrize("suffix, content, what", [
    (".xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (".xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (".xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "an old-style Excel workbook (.xls, Excel 97-2003)"),
    (".xlsx", b"<html><body><table><tr><td>a</td></tr></table></body></html>", "an HTML page"),
    (".xlsx", b"PK\x03\x04broken", "a damaged ZIP archive"),
    (".csv", b'{"id": 1, "a": 3}\n', "a JSON file"),
    (".csv", b"<?xml version='1.0'?><rows><r a='1'/></rows>", "an XML or HTML file"),
])
def test_file_that_is_really_something_else_is_named(tmp_path, suffix, content, what):
    p = tmp_path / f"d{suffix}"
    p.write_bytes(content)
    assert f"named {suffix} but seems to be {what}" in error_of(p)


def test_word_document_named_xlsx_is_named(tmp_path):
    p = tmp_path / "d.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "named .xlsx but seems to be a Word document (.docx)" in error_of(p)


def test_damaged_spss_file_is_one_line(tmp_path):
    p = tmp_path / "d.sav"
    p.write_bytes(b"$FL2" + b"\x00\x01" * 50)
    assert "cannot read the SPSS file" in error_of(p)


def test_folder_and_empty_file_are_one_line(tmp_path):
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(DataError, match=r"data file '.*d.csv' is a folder, not a file"):
        read_table(tmp_path / "d.csv")
    (tmp_path / "e.csv").write_bytes(b"\r\n \n")
    assert "the file is empty" in error_of(tmp_path / "e.csv")
    (tmp_path / "f.csv").write_bytes(b",,\n,,\n")
    assert "the file has no header: every row is empty" in error_of(tmp_path / "f.csv")


# ------------------------------------------------------------------------------------------------- encodings
@needs_shared
@pytest.mark.parametrize("encoding, end", [
    ("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("utf-16", "\r\n"), ("utf-16-be", "\n"), ("utf-16-le", "\n"),
    ("cp1252", "\r\n"), ("latin-1", "\r"),
])
def test_every_common_encoding_and_line_end_gives_seminrs_estimate(tmp_path, encoding, end):
    lines = shopee_lines()
    lines[0] = lines[0].replace("id", "responden_é")  # a non-ASCII column name must survive the decoding
    if encoding in ("utf-16-be", "utf-16-le"):  # Excel's "Unicode text" carries a byte-order mark
        raw = (end.join(lines) + end).encode(encoding)
        raw = ("\ufeff".encode(encoding)) + raw
        p = tmp_path / "d.csv"
        p.write_bytes(raw)
    else:
        p = write(tmp_path / "d.csv", lines, end=end, encoding=encoding)
    df = read_table(p)
    assert df.columns[0] == "responden_é"
    assert_matches_seminr_shopee(p)


def test_utf16_without_byte_order_mark_is_recognised(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes("id,a\n1,3\n2,4\n".encode("utf-16-le"))
    assert read_table(p)["a"].tolist() == ["3", "4"]


def test_text_in_neither_utf8_nor_windows_1252_is_an_error_naming_the_line(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes(b"id,a\n1,3\n2,\x81\x8d\n")  # 0x81 and 0x8D are undefined in Windows-1252
    msg = error_of(p)
    assert msg.startswith(f"{p}, line 3: the file is neither UTF-8 nor Windows-1252 text")


def test_file_mixing_utf8_and_windows_1252_is_an_error_not_mojibake(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes("id,café\n1,3\n".encode() + "2,crème\n".encode("cp1252"))
    msg = error_of(p)
    assert msg.startswith(f"{p}, line 3: the file mixes UTF-8 text (line 1) with another encoding")


def test_utf8_file_cut_off_inside_a_character_is_an_error(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes("id,café\n1,3\n2,é".encode()[:-1])
    assert "the file ends in the middle of a UTF-8 character" in error_of(p)


# ---------------------------------------------------------------------------------------------------- Excel
def test_excel_blank_rows_are_skipped_with_their_row_numbers_and_empty_unnamed_columns_dropped(tmp_path):
    import openpyxl

    p = tmp_path / "d.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["id", "a", None], [1, 3, None], [None, None, None], [2, "lima", None]):
        ws.append(r)
    wb.save(p)
    df = read_table(p)
    assert list(df.columns) == ["id", "a"] and list(df.attrs["blank_rows"]) == [3]
    with pytest.raises(DataError, match=r'row 4, column a: "lima" is not a number'):
        numeric_items(df, ["a"])
    ws["C2"] = 9
    wb.save(p)
    assert list(read_table(p).columns) == ["id", "a", "Unnamed: 2"]
    assert "sheet 'nope' is not in the workbook" in error_of(p, sheet="nope")


def test_the_example_files_read_as_before(tmp_path):
    for study in ("shopee_trust", "tiktok_gifting", "bukalapak_loyalty"):
        path = ROOT / "data" / study / "data.csv"
        df = read_table(path)
        ref = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(df.columns) == list(ref.columns) and len(df) == len(ref)
        model = read_model(ROOT / "data" / study / "model.lav")
        x = numeric_items(df, list(model.indicators), missing_values=[-99])
        y = ref[list(model.indicators)].astype(float).replace(-99, np.nan)
        assert np.array_equal(x.to_numpy(), y.to_numpy(), equal_nan=True)
