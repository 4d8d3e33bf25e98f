"""``surveysem describe`` from outside: the analysed rows only, no identifying value in any output, the same bytes
twice, one-line errors, and the summary's two sections in thesis order."""
from __future__ import annotations

import random

import pandas as pd
import pytest

from surveysem.cli import main

N = 36
NAMES = [f"Siti Rahmawati {i}" for i in range(N)]
EMAILS = [f"siti.{i}@student.ac.id" for i in range(N)]
PHONES = [f"0812-3456-{7000 + i}" for i in range(N)]


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """A Forms-like export: timestamp, name, e-mail, phone, demographics, six items; row 5 submitted twice."""
    base = tmp_path_factory.mktemp("describe")
    rng = random.Random(11)
    rows = []
    for i in range(N):
        row = {"Timestamp": f"2024/06/{1 + i % 28:02d} 08:{i % 60:02d}:00", "Nama": NAMES[i],
               "Email Address": EMAILS[i], "No. WA": PHONES[i],
               "Jenis Kelamin": rng.choice(["Laki-laki", "Perempuan"]),
               "Usia": rng.choice(["18-22 tahun", "< 18 tahun", "23-27 tahun", "> 27 tahun", ""])}
        row |= {f"x{j}": rng.randint(1, 5) for j in range(1, 4)} | {f"y{j}": rng.randint(1, 5) for j in range(1, 4)}
        rows.append(row)
    rows.insert(5, dict(rows[4]))  # a double submission: identical to the row before it
    pd.DataFrame(rows).to_csv(base / "data.csv", index=False)
    (base / "model.lav").write_text("X =~ x1 + x2 + x3\nY =~ y1 + y2 + y3\nY ~ X\n")
    assert main(["clean", "--data", str(base / "data.csv"), "--model", str(base / "model.lav"), "--missing", "none",
                 "--duplicates", "drop", "--out", str(base / "cleaning")]) == 0
    return base


def _describe(base, out, *extra):
    return main(["describe", "--data", str(base / "data.csv"), "--cleaning", str(base / "cleaning"), "--model",
                 str(base / "model.lav"), "--out", str(out), *extra])


def test_the_profile_describes_exactly_the_rows_cleaning_kept(study):
    assert _describe(study, study / "describe") == 0
    prof = pd.read_csv(study / "describe" / "profile.csv", keep_default_na=False)
    clean = pd.read_csv(study / "cleaning" / "clean.csv")
    assert len(clean) == N  # N + 1 rows read, the duplicate dropped
    assert set(prof["column"]) == {"Jenis Kelamin", "Usia"}
    assert prof.groupby("column")["n"].sum().to_dict() == {"Jenis Kelamin": N, "Usia": N}
    # the kept rows' answers, counted directly
    kept = pd.read_csv(study / "data.csv", keep_default_na=False).drop(index=5)
    expected = kept["Jenis Kelamin"].value_counts().to_dict()
    got = dict(zip(prof.loc[prof["column"] == "Jenis Kelamin", "category"],
                   prof.loc[prof["column"] == "Jenis Kelamin", "n"]))
    assert got == expected
    usia = prof[prof["column"] == "Usia"]["category"].tolist()
    assert usia[:4] == ["< 18 tahun", "18-22 tahun", "23-27 tahun", "> 27 tahun"] and usia[-1] == "no answer"


def test_no_identifying_value_reaches_any_output(study, tmp_path):
    out = tmp_path / "describe"
    assert _describe(study, out) == 0
    assert main(["report", "tables", "--kind", "cleaning", "--in", str(study / "cleaning"), "--describe", str(out),
                 "--out", str(tmp_path / "tables")]) == 0
    printed = [p for p in (tmp_path / "tables" / "describe").rglob("*") if p.is_file()]
    assert any(p.suffix == ".md" for p in printed)
    texts = [p.read_bytes().decode("utf-8", "replace") for p in [*out.rglob("*"), *printed] if p.is_file()]
    assert texts
    for value in NAMES + EMAILS + PHONES:
        assert not any(value in t for t in texts), value
    prof = pd.read_csv(out / "profile.csv")
    assert not {"Nama", "Email Address", "No. WA", "Timestamp"} & set(prof["column"])


def test_the_same_inputs_give_the_same_bytes(study, tmp_path):
    assert _describe(study, tmp_path / "a") == 0
    assert _describe(study, tmp_path / "b") == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert "figures/profile.png" in {f.as_posix() for f in files} and "figures/profile.svg" in {
        f.as_posix() for f in files}
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_an_unknown_profile_column_is_one_line_naming_it_and_the_available_columns(study, tmp_path, capsys):
    assert _describe(study, tmp_path / "d", "--profile", "Jenis kelamin", "Usia") == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "'Jenis kelamin' is not a column of the data" in err and "Jenis Kelamin" in err and "Usia" in err
    assert "Nama" not in err
    assert not (tmp_path / "d").exists()  # nothing half-written


def test_a_listed_profile_and_order_are_used(study, tmp_path):
    order = '{"Usia": ["> 27 tahun", "23-27 tahun", "18-22 tahun", "< 18 tahun"]}'
    assert _describe(study, tmp_path / "d", "--profile", "Usia", "--profile-order", order) == 0
    prof = pd.read_csv(tmp_path / "d" / "profile.csv", keep_default_na=False)
    assert prof["category"].tolist() == ["> 27 tahun", "23-27 tahun", "18-22 tahun", "< 18 tahun", "no answer"]


def test_a_cleaning_folder_of_another_file_is_refused(study, tmp_path, capsys):
    other = tmp_path / "other.csv"
    pd.read_csv(study / "data.csv").head(20).to_csv(other, index=False)
    code = main(["describe", "--data", str(other), "--cleaning", str(study / "cleaning"), "--model",
                 str(study / "model.lav"), "--out", str(tmp_path / "d")])
    assert code == 2
    assert "the cleaning folder was made from another file" in capsys.readouterr().err


def test_the_summary_reports_profile_and_descriptives_after_the_sample_before_the_instrument(study, tmp_path):
    assert _describe(study, study / "describe_s") == 0
    assert main(["regression", "--data", str(study / "cleaning" / "clean.csv"), "--model", str(study / "model.lav"),
                 "--boot", "0", "--no-figures", "--out", str(study / "regression")]) == 0
    with_describe = study / "with.md"
    without = study / "without.md"
    common = ["report", "summary", "--kind", "regression", "--study", "s", "--in", str(study / "regression"),
              "--cleaning", str(study / "cleaning")]
    assert main([*common, "--describe", str(study / "describe_s"), "--out", str(with_describe)]) == 0
    assert main([*common, "--out", str(without)]) == 0
    text = with_describe.read_text()
    heads = [ln for ln in text.splitlines() if ln.startswith("## ")]
    titles = [h.split(" ", 2)[2] for h in heads]
    assert titles[:4] == ["Sample and data cleaning", "Respondent profile", "Descriptive analysis",
                          "Instrument validity and reliability"]
    assert "describe_s/figures/profile.png" in text
    assert "Respondent profile" not in without.read_text()
    assert main(["report", "tables", "--kind", "regression", "--in", str(study / "regression"), "--cleaning",
                 str(study / "cleaning"), "--describe", str(study / "describe_s"), "--out", str(tmp_path / "t")]) == 0
    assert (tmp_path / "t" / "describe" / "profile.md").is_file()
    assert (tmp_path / "t" / "describe" / "descriptive_items.md").is_file()


def test_question_text_headers_of_the_items_are_never_profile_columns(tmp_path):
    """A Forms export whose headers are the questions (``X1.1 Saya ...``) with text answers: the cleaning step maps
    them to item codes (``columns.csv``); neither those headers nor any header starting with an item code is
    tabulated as a respondent characteristic."""
    from surveysem.describe import run_describe

    n = 12
    answers = ["Setuju", "Sangat Setuju", "Netral"]
    raw = pd.DataFrame({"Jenis Kelamin": ["Laki-laki", "Perempuan"] * (n // 2),
                        "X1.1 Saya bersedia memberikan informasi": [answers[i % 3] for i in range(n)],
                        "X1.2) Saya percaya": [answers[(i + 1) % 3] for i in range(n)],
                        "Q3 kualitas": [answers[(i + 2) % 3] for i in range(n)]})
    raw.to_csv(tmp_path / "export.csv", index=False)
    cleaning = tmp_path / "cleaning"
    cleaning.mkdir()
    pd.DataFrame({"X1.1": [4, 5, 3] * 4, "X1.2": [5, 3, 4] * 4, "X1.3": [3, 4, 5] * 4}).to_csv(
        cleaning / "clean.csv", index=False)
    pd.DataFrame(columns=["row", "respondent", "reason"]).to_csv(cleaning / "excluded_rows.csv", index=False)
    pd.DataFrame({"header": ["Q3 kualitas"], "item": ["X1.3"]}).to_csv(cleaning / "columns.csv", index=False)
    (tmp_path / "model.lav").write_text("X1 =~ X1.1 + X1.2 + X1.3\n")
    res = run_describe(tmp_path / "export.csv", cleaning, tmp_path / "model.lav")
    assert res.meta["profile_columns"] == ["Jenis Kelamin"]
    assert res.items["n"].tolist() == [n, n, n]


def test_the_pls_summary_reports_them_before_the_measurement_model(study, tmp_path):
    assert _describe(study, tmp_path / "describe") == 0
    assert main(["pls", "--data", str(study / "cleaning" / "clean.csv"), "--model", str(study / "model.lav"),
                 "--boot", "0", "--seed", "1", "--assess", "--quiet", "--out", str(tmp_path / "pls")]) == 0
    out = tmp_path / "summary.md"
    assert main(["report", "summary", "--kind", "pls", "--study", "s", "--in", str(tmp_path / "pls"), "--cleaning",
                 str(study / "cleaning"), "--describe", str(tmp_path / "describe"), "--out", str(out)]) == 0
    titles = [ln.split(" ", 2)[2] for ln in out.read_text().splitlines() if ln.startswith("## ")]
    assert titles[:5] == ["Sample and data cleaning", "Respondent profile", "Descriptive analysis", "Sample size",
                          "Measurement model"]


def test_a_study_without_profile_columns_prints_no_empty_profile_table(study, tmp_path):
    assert _describe(study, tmp_path / "d", "--profile", "none") == 0
    assert pd.read_csv(tmp_path / "d" / "profile.csv").empty
    assert main(["report", "tables", "--kind", "cleaning", "--in", str(study / "cleaning"), "--describe",
                 str(tmp_path / "d"), "--out", str(tmp_path / "t")]) == 0
    assert not (tmp_path / "t" / "describe" / "profile.md").exists()
    assert (tmp_path / "t" / "describe" / "profile.csv").is_file()  # the tidy (empty) table is still copied
    assert (tmp_path / "t" / "describe" / "descriptive_items.md").is_file()
