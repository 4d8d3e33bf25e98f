"""Reading real questionnaire exports: item codes from question headers, text labels, .sav labels and user-missing
values, encodings, identifying columns and double submissions.

Expected numbers are the scale points as the cited sources number them (written out here: Sugiyono 2019 for the
Indonesian sets, Hadi 1991 for the 4-point one, Vagias 2006 for the English anchors), or counts of the cells planted
in each test's own small file.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from surveysem.cli import main
from surveysem.data import clean_survey, read_table
from surveysem.data.columns import apply_item_codes, item_columns, timestamp_columns
from surveysem.data.labels import LABEL_SETS, recode_labels
from surveysem.errors import ConfigError, DataError

# --------------------------------------------------------------------------------------------------- item codes
HEADERS = ["Timestamp", "X1.1 Saya percaya Bukalapak", "X1.10 Saya merasa aman", "X1.2. Bukalapak jujur",
           "X2.1) Saya puas", "Y.1: Saya akan kembali", "Usia"]


def test_each_item_is_found_by_the_one_header_that_starts_with_its_code():
    m = item_columns(HEADERS, ["X1.1", "X1.10", "X1.2", "X2.1", "Y.1"])
    assert dict(zip(m["item"], m["header"])) == {
        "X1.1": "X1.1 Saya percaya Bukalapak", "X1.10": "X1.10 Saya merasa aman", "X1.2": "X1.2. Bukalapak jujur",
        "X2.1": "X2.1) Saya puas", "Y.1": "Y.1: Saya akan kembali"}  # X1.1 is not X1.10, nor X1 the X1.1 question
    assert set(m["rule"]) == {"prefix"}


def test_auto_keeps_exact_columns_and_exact_refuses_question_headers():
    m = item_columns(["X1.1", "X1.2 Saya"], ["X1.1", "X1.2"])
    assert list(m["rule"]) == ["exact", "prefix"]
    with pytest.raises(DataError, match=r"no column is named X1\.2; closest headers: 'X1\.2 Saya'.*item_codes: auto"):
        item_columns(["X1.1", "X1.2 Saya"], ["X1.1", "X1.2"], rule="exact")
    with pytest.raises(ConfigError, match="item_codes is 'fuzzy'"):
        item_columns(HEADERS, ["X1.1"], rule="fuzzy")


def test_an_item_matching_no_header_names_the_closest_headers():
    with pytest.raises(DataError) as err:
        item_columns(HEADERS, ["X1.3"])
    msg = str(err.value)
    assert "no column is named X1.3 or starting with 'X1.3 '" in msg and "closest headers: " in msg
    assert "X1.1 Saya percaya" in msg and "\n" not in msg


def test_two_headers_matching_one_item_is_an_error():
    with pytest.raises(DataError, match=r"item X1\.1 matches 2 headers: 'X1\.1 Saya' and 'X1\.1\. Lagi'"):
        item_columns(["X1.1 Saya", "X1.1. Lagi"], ["X1.1"])


def test_a_header_matching_two_items_is_an_error():
    # "X1. Saya" starts with X1 followed by ". " and with the item "X1." followed by " "
    with pytest.raises(DataError, match=r"the header 'X1\. Saya' matches two items, X1 and X1\."):
        item_columns(["X1. Saya", "Z"], ["X1", "X1."])


def test_dotted_item_codes_parse_as_lavaan_names():
    from surveysem.model import parse_model

    model = parse_model("X1 =~ X1.1 + X1.2\nY =~ Y.1 + Y.2\nY ~ X1")
    assert list(model.indicators) == ["X1.1", "X1.2", "Y.1", "Y.2"]


def test_renamed_columns_keep_their_answers_and_the_mapping_is_returned():
    df = pd.DataFrame({"X1.1 Saya": ["1", "2"], "Usia": ["a", "b"]})
    out, m = apply_item_codes(df, ["X1.1"])
    assert list(out.columns) == ["X1.1", "Usia"] and list(out["X1.1"]) == ["1", "2"]
    assert m.to_dict("records") == [dict(item="X1.1", header="X1.1 Saya", rule="prefix")]


# ---------------------------------------------------------------------------------------------------- label sets
# Each set written out as its source numbers it (display labels from 1 up)
SOURCES = {
    "id5": ["Sangat Tidak Setuju", "Tidak Setuju", "Ragu-ragu", "Setuju", "Sangat Setuju"],  # Sugiyono (2019)
    "id4": ["Sangat Tidak Setuju", "Tidak Setuju", "Setuju", "Sangat Setuju"],  # Hadi (1991): no middle point
    "id6": ["Sangat Tidak Setuju", "Tidak Setuju", "Agak Tidak Setuju", "Agak Setuju", "Setuju", "Sangat Setuju"],
    "id7": ["Sangat Tidak Setuju", "Tidak Setuju", "Agak Tidak Setuju", "Netral", "Agak Setuju", "Setuju",
            "Sangat Setuju"],
    "id_freq5": ["Tidak Pernah", "Jarang", "Kadang-kadang", "Sering", "Selalu"],  # Sugiyono (2019)
    "id_sat5": ["Sangat Tidak Puas", "Tidak Puas", "Cukup Puas", "Puas", "Sangat Puas"],
    "en_agree5": ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],  # Vagias
    "en_agree7": ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree",
                  "Agree", "Strongly agree"],
    "en_freq5": ["Never", "Rarely", "Sometimes", "Often", "Always"],
    "en_freq7": ["Never", "Rarely", "Occasionally", "Sometimes", "Frequently", "Usually", "Every time"],
    "en_sat5": ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                "Very satisfied"],
    "en_sat7": ["Completely dissatisfied", "Mostly dissatisfied", "Somewhat dissatisfied",
                "Neither satisfied or dissatisfied", "Somewhat satisfied", "Mostly satisfied", "Completely satisfied"],
}


def test_every_built_in_set_is_tested_against_its_source():
    assert set(SOURCES) == set(LABEL_SETS)


@pytest.mark.parametrize("name", list(SOURCES))
def test_each_label_set_numbers_its_labels_as_its_source(name):
    labels = SOURCES[name]
    k = len(labels)
    # two items, every label in each, in reverse order in the second; written with odd case and spaces
    df = pd.DataFrame({"a": [f"  {lab.upper()}  " for lab in labels], "b": [lab.lower() + " " for lab in labels[::-1]]})
    out, rec = recode_labels(df, ["a", "b"], labels="auto", likert=(1, k))
    assert rec.label_set == name
    assert list(out["a"]) == [str(v) for v in range(1, k + 1)]
    assert list(out["b"]) == [str(v) for v in range(k, 0, -1)]
    assert rec.cells == 2 * k


def test_indonesian_abbreviations_and_middle_point_aliases():
    df = pd.DataFrame({"a": ["STS", "TS", "N", "RR", "Kurang Setuju", "S", "SS", "ragu - ragu", "Sangat  Setuju"]})
    out, _ = recode_labels(df, ["a"], labels="id5")
    assert list(out["a"]) == ["1", "2", "3", "3", "3", "4", "5", "3", "5"]


def test_labels_that_carry_their_number_give_that_number():
    df = pd.DataFrame({"a": ["5 - Sangat Setuju", "4. Setuju", "Netral (3)", "2 = Tidak Setuju", "1", ""]})
    out, rec = recode_labels(df, ["a"], labels="auto")
    assert list(out["a"][:5]) == ["5", "4", "3", "2", "1"] and out["a"][5] == ""
    assert rec.cells == 4


def test_a_file_of_numbers_is_returned_unchanged():
    df = pd.DataFrame({"a": ["1", "2", "-99", None]})
    out, rec = recode_labels(df, ["a"], missing_values=[-99])
    assert out is df and rec.label_set is None and rec.cells == 0


def test_a_custom_mapping_from_config_or_the_command_line():
    df = pd.DataFrame({"a": ["Sangat Kurang", "kurang ", "Baik", "Sangat Baik"]})
    mapping = {"Sangat Kurang": 1, "Kurang": 2, "Baik": 3, "Sangat Baik": 4}
    out, rec = recode_labels(df, ["a"], labels=mapping, likert=(1, 4))
    assert list(out["a"]) == ["1", "2", "3", "4"] and rec.label_set == "custom"
    out2, _ = recode_labels(df, ["a"], labels="Sangat Kurang=1,Kurang=2,Baik=3,Sangat Baik=4", likert=(1, 4))
    assert list(out2["a"]) == ["1", "2", "3", "4"]


def test_an_unknown_label_names_row_column_label_the_columns_labels_and_the_config_line():
    df = pd.DataFrame({"X1.1": ["Setuju", "Sangat Setuju", "Setuju sekali", "Tidak Setuju"]})
    df.attrs["source"] = "jawaban.csv"
    with pytest.raises(DataError) as err:
        recode_labels(df, ["X1.1"], labels="id5")
    msg = str(err.value)
    assert msg.startswith("jawaban.csv, row 4, column X1.1: 'Setuju sekali' is not a label of the set id5")
    assert "labels in this column: Sangat Setuju, Setuju, Setuju sekali, Tidak Setuju" in msg
    assert 'labels: {"Setuju": 4, "Sangat Setuju": 5, "Tidak Setuju": 2, "Setuju sekali": NUMBER}' in msg
    assert "\n" not in msg
    with pytest.raises(DataError, match=r"row 4, column X1\.1: 'Setuju sekali' is not a label of any built-in set"):
        recode_labels(df, ["X1.1"], labels="auto")


def test_auto_with_two_sets_that_fit_is_an_error_naming_them():
    df = pd.DataFrame({"a": ["N", "n"]})  # "N" is the middle point of id5 (Netral) and of en_agree5 (Neutral)
    with pytest.raises(DataError, match=r"fit 2 label sets with 5 points \(id5, en_agree5\).*labels: id5"):
        recode_labels(df, ["a"], labels="auto")


def test_auto_names_the_set_when_the_scale_has_another_number_of_points():
    df = pd.DataFrame({"a": ["Agak Setuju", "Setuju", "Netral"]})
    with pytest.raises(DataError, match=r"labels of the 7-point set id7, but the answer scale \(likert\) has 5 points.*"
                                        r"likert: \[1, 7\]"):
        recode_labels(df, ["a"], labels="auto", likert=(1, 5))


def test_an_unknown_set_name_is_a_config_error():
    with pytest.raises(ConfigError, match="labels is 'id9', not a label set"):
        recode_labels(pd.DataFrame({"a": ["x"]}), ["a"], labels="id9")


def test_cleaning_counts_every_recoded_cell():
    rng = np.random.default_rng(1)
    answers = rng.integers(1, 6, size=(30, 3))
    names = SOURCES["id5"]
    df = pd.DataFrame({f"q{j}": [names[v - 1] for v in answers[:, j]] for j in range(3)})
    df.iloc[0, 0] = None
    res = clean_survey(df, ["q0", "q1", "q2"], mahalanobis_alpha=None)
    assert res.counts["recoded_cells"] == 89 and res.counts["label_set"] == "id5"
    expected = answers.astype(float)
    expected[0, 0] = np.nan
    np.testing.assert_array_equal(res.clean[["q0", "q1", "q2"]].to_numpy(float)[1:], expected[1:])
    assert "text answers recoded to numbers (set id5) | 89 |" in res.to_markdown()


# ------------------------------------------------------------------------------------------ double submissions
def test_a_double_submission_differing_only_in_the_timestamp_is_a_duplicate():
    base = {"Cap waktu": ["2024/03/04 10:00:00", "2024/03/04 10:05:00", "2024/03/04 10:07:00", "2024/03/04 11:00:00"],
            "Nama": ["Ani", "Budi", "Budi", "Citra"],
            "a": ["1", "2", "2", "2"], "b": ["2", "3", "3", "3"], "c": ["3", "4", "4", "4"]}
    df = pd.DataFrame({k: v * 3 for k, v in base.items()})
    df["Cap waktu"] = [f"2024/03/{d:02d} 10:00:00" for d in range(1, 13)]  # every submission at its own time
    df.loc[[0, 1, 2, 3], "Cap waktu"] = base["Cap waktu"]
    for k in range(4, 12):  # other respondents: distinct names
        df.loc[k, "Nama"] = f"R{k}"
    df.loc[4:, ["a", "b", "c"]] = [[str((k + j) % 5 + 1) for j in range(3)] for k in range(4, 12)]
    res = clean_survey(df, ["a", "b", "c"], duplicates="flag", straightlining="ignore", mahalanobis_alpha=None,
                       private_columns=["Nama"])
    dup = res.flags[res.flags["rule"] == "duplicate"]
    # row 4 (Budi again, 2 minutes later) only: Citra (row 5) gave Budi's answers but is another person
    assert list(dup["row"]) == [4] and "every column except Cap waktu" in dup["detail"].iloc[0]
    assert res.counts["duplicates_ignore_columns"] == ["Cap waktu"]
    assert "Nama" not in res.clean.columns and res.counts["identifying_columns_dropped"] == ["Nama"]


def test_time_stamps_are_found_by_header_or_by_their_values():
    df = pd.DataFrame({"Timestamp": ["x", "y"], "Tanda waktu": ["", ""], "dikirim": ["05/03/2024 10.31.07",
                                                                                 "2024-03-05T10:31:07Z"],
                       "Usia": ["18-22 tahun", "23-27 tahun"], "a": ["1", "2"]})
    assert timestamp_columns(df, exclude=["a"]) == ["Timestamp", "Tanda waktu", "dikirim"]


# ---------------------------------------------------------------------------------------------------- .sav files
def test_sav_value_labels_are_kept_and_user_missing_values_are_missing(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.DataFrame({"X1.1": [1.0, 2, 3, 4, 5, 9, 4, 3], "X1.2": [2.0, 3, 4, 5, 99, 1, 2, 3],
                       "X1.3": [5.0, 4, 3, 2, 1, 2, 3, 4]})
    labels = {1: "Sangat Tidak Setuju", 2: "Tidak Setuju", 3: "Netral", 4: "Setuju", 5: "Sangat Setuju"}
    path = tmp_path / "survei.sav"
    pyreadstat.write_sav(df, str(path), variable_value_labels={"X1.1": labels, "X1.2": labels},
                         missing_ranges={"X1.1": [9], "X1.2": [{"lo": 90, "hi": 99}]})
    got = read_table(path)
    assert got.attrs["value_labels"]["X1.1"][5.0] == "Sangat Setuju"
    assert got.attrs["user_missing_cells"] == {"X1.1": 1, "X1.2": 1}
    assert np.isnan(got.loc[5, "X1.1"]) and np.isnan(got.loc[4, "X1.2"])
    model = tmp_path / "m.lav"
    model.write_text("X1 =~ X1.1 + X1.2 + X1.3\n")
    out = tmp_path / "clean"
    assert main(["clean", "--data", str(path), "--model", str(model), "--out", str(out), "--mahalanobis-alpha",
                 "0"]) == 0
    vl = pd.read_csv(out / "value_labels.csv")
    assert list(vl.columns) == ["item", "value", "label"] and len(vl) == 10
    assert vl.iloc[0].tolist() == ["X1.1", 1.0, "Sangat Tidak Setuju"]
    counts = json.loads((out / "cleaning_counts.json").read_text())
    assert counts["user_missing_cells"] == 2 and counts["empty_cells"] == 0 and counts["missing_marker_cells"] == 0


def test_text_that_is_no_label_keeps_the_not_a_number_error():
    df = pd.DataFrame({"a": ["1", "lima", "3"] * 4, "b": ["2", "3", "4"] * 4, "c": ["5", "4", "3"] * 4})
    with pytest.raises(DataError, match=r'row 3, column a: "lima" is not a number'):
        clean_survey(df, ["a", "b", "c"])


# ---------------------------------------------------------------------------------------------------- encodings
ROWS = [["Timestamp", "Nama", "Domisili", "X1.1 Saya percaya “Bukalapak” – aman", "X1.2 Saya puas"],
        ["2024/03/04 10:00:00", "Ané", "Jogjakarta", "Sangat Setuju", "Setuju "],
        ["2024/03/04 10:05:00", "Budi", "Sémarang", "Tidak Setuju", "Netral"],
        ["2024/03/04 10:09:00", "Citra", "Solo", "Setuju", "Sangat Tidak Setuju"]]


@pytest.mark.parametrize("encoding,sep,newline,bom", [
    ("utf-8", ",", "\n", b""), ("utf-8", ",", "\n", b"\xef\xbb\xbf"), ("utf-8", ";", "\r\n", b""),
    ("cp1252", ";", "\r\n", b""), ("latin-1", ",", "\n", None), ("utf-16", "\t", "\r\n", b"")],
    ids=["utf8", "utf8-bom", "utf8-crlf", "windows-1252", "latin-1", "utf16-tab"])
def test_every_encoding_reads_the_indonesian_labels_and_headers_unchanged(tmp_path, encoding, sep, newline, bom):
    rows = ROWS
    if bom is None:  # Latin-1 has no curly quotes or dashes: a plain header, the accented names only
        rows = [[c.replace("“", "'").replace("”", "'").replace("–", "-") for c in r] for r in ROWS]
    text = newline.join(sep.join(r) for r in rows) + newline
    path = tmp_path / ("export.txt" if encoding == "utf-16" else "export.csv")
    path.write_bytes((bom or b"") + text.encode(encoding))
    df = read_table(path)
    assert list(df.columns) == [c.strip() for c in rows[0]]
    assert list(df["Domisili"]) == ["Jogjakarta", "Sémarang", "Solo"] and df["Nama"].iloc[0] == "Ané"
    df, _ = apply_item_codes(df, ["X1.1", "X1.2"])
    out, rec = recode_labels(df, ["X1.1", "X1.2"])
    assert list(out["X1.1"]) == ["5", "2", "4"] and list(out["X1.2"]) == ["4", "3", "1"] and rec.label_set == "id5"


def test_a_file_in_no_supported_encoding_is_a_one_line_error(tmp_path):
    path = tmp_path / "export.csv"
    # UTF-8 "Sémarang" next to a Windows-1252 "é": a file pasted together from two sources
    path.write_bytes("a,b\nSémarang,1\n".encode() + "Sémarang,2\n".encode("cp1252"))
    with pytest.raises(DataError, match="mixes UTF-8 text .* with another encoding") as err:
        read_table(path)
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------------------------------- config and command
def test_a_custom_label_mapping_in_config_reaches_the_clean_command(tmp_path):
    from surveysem.config import cli_args, load_config

    data = tmp_path / "angket.csv"
    rng = np.random.default_rng(7)
    words = ["Sangat Kurang", "Kurang", "Baik", "Sangat Baik"]
    answers = rng.integers(1, 5, size=(25, 3))
    pd.DataFrame({f"K{j + 1} Pelayanan": [words[v - 1] for v in answers[:, j]] for j in range(3)}).to_csv(data,
                                                                                                       index=False)
    model = tmp_path / "m.lav"
    model.write_text("K =~ K1 + K2 + K3\n")
    cfg = load_config({"studies": {"s": {"kind": "regression", "data": str(data), "model": str(model),
                                         "likert": [1, 4], "labels": dict(zip(words, [1, 2, 3, 4]))}}})
    study = cfg["studies"]["s"]
    assert study["item_codes"] == "auto"
    out = tmp_path / "clean"
    assert main(["clean", "--data", str(data), "--model", str(model), "--out", str(out),
                 *cli_args(study, "cleaning")]) == 0
    clean = pd.read_csv(out / "clean.csv")
    np.testing.assert_array_equal(clean[["K1", "K2", "K3"]].to_numpy(), answers)
    counts = json.loads((out / "cleaning_counts.json").read_text())
    assert counts["label_set"] == "custom" and counts["recoded_cells"] == 75
    labels = pd.read_csv(out / "labels.csv")
    assert list(labels.columns) == ["item", "label", "value", "cells"] and labels["cells"].sum() == 75


@pytest.mark.parametrize("key,value,message", [
    ("labels", "id9", "is not valid under any of the given schemas"),
    ("labels", {"Setuju": "empat"}, "is not valid under any of the given schemas"),
    ("item_codes", "fuzzy", "'fuzzy' is not one of ['auto', 'prefix', 'exact']"),
])
def test_bad_label_and_item_code_settings_stop_the_config(key, value, message):
    from surveysem.config import load_config

    study = {"kind": "regression", "data": "d.csv", "model": "m.lav", key: value}
    with pytest.raises(ConfigError, match=r"study 's', key '" + key + "'") as err:
        load_config({"studies": {"s": study}})
    assert message in str(err.value)


@pytest.mark.parametrize("text,message", [("Baik=1,Kurang", "'Kurang' is not LABEL=NUMBER"),
                                          ("Baik=satu", "the number of 'Baik' is 'satu', not a number")])
def test_a_bad_label_mapping_on_the_command_line_is_a_config_error(text, message):
    with pytest.raises(ConfigError, match=message):
        recode_labels(pd.DataFrame({"a": ["Baik"]}), ["a"], labels=text)


def test_a_column_named_as_the_item_beside_a_question_header():
    df = pd.DataFrame({"X1.1": ["1"], "X1.2 Saya": ["2"], "X1.2": ["3"]})
    assert apply_item_codes(df, ["X1.1", "X1.2"])[0] is df  # auto: the exact columns win, nothing renamed
    with pytest.raises(DataError, match=r"item X1\.2 matches 2 headers: 'X1\.2 Saya' and 'X1\.2'"):
        apply_item_codes(df, ["X1.1", "X1.2"], rule="prefix")


def test_sav_value_labels_are_shown_under_the_item_descriptives_table(tmp_path):
    # outside values: the value labels written into the .sav file; items sharing a label set are named together
    pyreadstat = pytest.importorskip("pyreadstat")
    rng = np.random.default_rng(12)
    items = ["X1.1", "X1.2", "X1.3", "Y.1", "Y.2", "Y.3"]
    df = pd.DataFrame(rng.integers(1, 6, size=(40, 6)).astype(float), columns=items)
    agree = {1: "Sangat Tidak Setuju", 2: "Tidak Setuju", 3: "Netral", 4: "Setuju", 5: "Sangat Setuju"}
    often = {1: "Tidak Pernah", 2: "Jarang", 3: "Kadang-kadang", 4: "Sering", 5: "Selalu"}
    path = tmp_path / "survei.sav"
    pyreadstat.write_sav(df, str(path), variable_value_labels={**dict.fromkeys(items[:3], agree),
                                                                **dict.fromkeys(items[3:], often)})
    model = tmp_path / "m.lav"
    model.write_text("X1 =~ X1.1 + X1.2 + X1.3\nY =~ Y.1 + Y.2 + Y.3\nY ~ X1\n")
    cleaning, described, reg = tmp_path / "cleaning", tmp_path / "describe", tmp_path / "regression"
    assert main(["clean", "--data", str(path), "--model", str(model), "--out", str(cleaning)]) == 0
    assert main(["describe", "--data", str(path), "--cleaning", str(cleaning), "--model", str(model),
                 "--out", str(described)]) == 0
    assert main(["regression", "--data", str(cleaning / "clean.csv"), "--model", str(model), "--boot", "0",
                 "--out", str(reg)]) == 0
    for language, opening in (("en", "Value labels (SPSS file) of"), ("id", "Label nilai (berkas SPSS) untuk")):
        summary = tmp_path / f"summary_{language}.md"
        assert main(["report", "summary", "--kind", "regression", "--study", "s", "--in", str(reg), "--cleaning",
                     str(cleaning), "--describe", str(described), "--language", language, "--out", str(summary)]) == 0
        text = summary.read_text(encoding="utf-8")
        assert (opening + " X1.1, X1.2, X1.3: 1 = Sangat Tidak Setuju, 2 = Tidak Setuju, 3 = Netral, 4 = Setuju, "
                "5 = Sangat Setuju.") in text
        assert opening + " Y.1, Y.2, Y.3: 1 = Tidak Pernah, 2 = Jarang, 3 = Kadang-kadang, 4 = Sering, 5 = Selalu." \
            in text
