"""Output language (issue 12, part 5): ``language: id`` prints tables, summary and figures in Bahasa Indonesia; tidy
CSVs stay English; ``en`` prints exactly what the code writes.

The full-study test runs the example studies of every kind (``bukalapak_loyalty`` regression, ``shopee_trust`` PLS
with the CB-SEM check, ``live_sessions``, ``live_themes``) through the commands the workflow runs (clean → analysis → figures →
tables → summary) with ``--language id`` and fails when

* a text reached the printer that the catalogue (``src/surveysem/i18n/id.yaml``) lacks (the translator records
  every miss), or
* an English word from the list below (headings, verdict and decision words, note openers, function words of an
  English sentence) remains in a printed table (Markdown, HTML, LaTeX), in ``summary.md`` or in a figure's text
  (the SVGs keep text as text).

The expected Indonesian words are the terms of Indonesian theses (Sugiyono 2015; Ghozali 2018): "r hitung", "r
tabel", "Uji Asumsi Klasik", "uji normalitas", "Koefisien Determinasi", "Pengujian Hipotesis", "diterima".
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import docx
import pandas as pd
import pytest

from surveysem import i18n
from surveysem.assess.rules import RULES
from surveysem.cli import main
from surveysem.config import cli_args, load_config
from surveysem.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

#: English words that must not survive in Indonesian output (word boundaries, case as written)
ENGLISH = re.compile(r"\b(the|and|with|of|is|are|was|were|when|pass|fail|warn|accepted|rejected|supported|"
                     r"reliable|significant|Table|Note|Rule|Source|Verdict|Decision|Construct|Hypothesis|Hypotheses|"
                     r"Warnings|Files|Figures|Measurement|Structural|Descriptive|Sample|Classic|Coefficient|"
                     r"Correlations|Mediation|Histogram of|Dependent variable)\b")
#: what may keep English words: references (authors, titles), software names and SPSS's own labels
ALLOWED = re.compile(r"A Primer on PLS-SEM|Modern Methods for Business Research|Statistical Power Analysis|"
                     r"'Tests of Normality'|'Deviation from Linearity'|Deviation from Linearity|Between Groups|"
                     r"'Asymp\. Sig\. \(2-tailed\)'|Sig\. > alpha = linear|\(PNG; SVG|Struct\. Equ\. Modeling|"
                     r"J\. Acad\. Mark\. Sci\.|J\. Mark\. Res\.|Psychol\. Methods|Psychol\. Bull\.|Eur\. J\. Mark\.|"
                     r"J\. Consum\. Res\.|Organ\. Res\. Methods|MIS Quarterly|Henseler, Ringle & Sarstedt|"
                     r"Hair, Hult, Ringle & Sarstedt|Zhao, Lynch & Chen")


def _english_left(text: str) -> list[str]:
    hits = []
    for line in html.unescape(text).splitlines():
        line = ALLOWED.sub("", line)
        line = re.sub(r"`[^`]*`|\([^()]*\.csv\)|\]\([^)]*\)|<[^>]+>|\S*/\S*", "", line)  # paths, links, markup
        hits += [f"{m.group(0)!r} in: {line.strip()[:160]}" for m in ENGLISH.finditer(line)]
    return hits


def _svg_text(path: Path) -> str:
    return "\n".join(re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8")))


def _run(*args: str) -> None:
    assert main([*args]) == 0, args


@pytest.fixture(scope="module")
def indonesian_studies(tmp_path_factory):
    """bukalapak_loyalty (regression) and shopee_trust (PLS, 200 resamples, CB-SEM check) in ``id``, as the workflow
    runs them."""
    out = tmp_path_factory.mktemp("id")
    i18n.reset_missing()
    b = out / "bukalapak_loyalty"
    _run("clean", "--data", str(DATA / "bukalapak_loyalty/data.csv"), "--model",
         str(DATA / "bukalapak_loyalty/model.lav"), "--missing-value", "-99", "--id-column", "id",
         "--out", str(b / "cleaning"))
    _run("regression", "--data", str(b / "cleaning/clean.csv"), "--model", str(DATA / "bukalapak_loyalty/model.lav"),
         "--tails", "1", "--seed", "2021", "--boot", "0", "--language", "id", "--out", str(b / "regression"))
    _run("report", "tables", "--kind", "regression", "--in", str(b / "regression"), "--cleaning",
         str(b / "cleaning"), "--title", "Bukalapak: tables", "--language", "id", "--out", str(b / "tables"))
    _run("report", "summary", "--kind", "regression", "--study", "bukalapak_loyalty", "--in", str(b / "regression"),
         "--cleaning", str(b / "cleaning"), "--language", "id", "--out", str(b / "summary.md"))
    s = out / "shopee_trust"
    _run("clean", "--data", str(DATA / "shopee_trust/data.csv"), "--model", str(DATA / "shopee_trust/model.lav"),
         "--missing-value", "-99", "--id-column", "id", "--out", str(s / "cleaning"))
    _run("pls", "--data", str(s / "cleaning/clean.csv"), "--model", str(DATA / "shopee_trust/model.lav"),
         "--boot", "200", "--seed", "2022", "--purify", "strict", "--assess", "--quiet", "--out", str(s / "pls"))
    _run("report", "figures", "--kind", "pls", "--in", str(s / "pls"), "--language", "id", "--out", str(s / "figures"))
    _run("cbsem", "--data", str(s / "cleaning/clean.csv"), "--model", str(DATA / "shopee_trust/model.lav"),
         "--pls-dir", str(s / "pls"), "--language", "id", "--out", str(s / "cbsem"))
    _run("report", "tables", "--kind", "pls", "--in", str(s / "pls"), "--cleaning", str(s / "cleaning"),
         "--cbsem", str(s / "cbsem"), "--title", "Shopee: tables", "--language", "id", "--out", str(s / "tables"))
    _run("report", "summary", "--kind", "pls", "--study", "shopee_trust", "--in", str(s / "pls"), "--cleaning",
         str(s / "cleaning"), "--cbsem", str(s / "cbsem"), "--language", "id", "--out", str(s / "summary.md"))
    live = out / "live_sessions"  # the other two kinds: session analytics and thematic coding
    _run("sessions", "--data", str(DATA / "live_sessions/sessions.csv"), "--boot", "50", "--seed", "2026",
         "--language", "id", "--out", str(live / "sessions"))
    themes = out / "live_themes"
    _run("coding", "--segments", str(DATA / "live_themes/segments.csv"), "--codebook",
         str(DATA / "live_themes/codebook.csv"), "--cases", str(DATA / "live_themes/cases.csv"), "--language", "id",
         "--out", str(themes / "coding"))
    for folder, kind in ((live, "sessions"), (themes, "coding")):
        _run("report", "tables", "--kind", kind, "--in", str(folder / kind), "--title", f"{kind}: tables",
             "--language", "id", "--out", str(folder / "tables"))
        _run("report", "summary", "--kind", kind, "--study", folder.name, "--in", str(folder / kind), "--language",
             "id", "--out", str(folder / "summary.md"))
    power = out / "shopee_power"  # a power study drawn from shopee_trust (tiny grid)
    _run("power", "--from", str(s / "pls"), "--n", "30", "60", "--replications", "10", "--boot", "20", "--seed", "1",
         "--language", "id", "--out", str(power / "power"))
    _run("report", "tables", "--kind", "power", "--in", str(power / "power"), "--title", "power: tables",
         "--language", "id", "--out", str(power / "tables"))
    _run("report", "summary", "--kind", "power", "--study", "shopee_power", "--in", str(power / "power"),
         "--language", "id", "--out", str(power / "summary.md"))
    return out, i18n.missing()


def test_every_printed_text_of_two_full_studies_is_in_the_catalogue(indonesian_studies):
    _, missing = indonesian_studies
    assert not missing, "no Indonesian entry for:\n" + "\n".join(sorted(missing))


def test_no_english_heading_header_note_or_verdict_word_is_left_in_the_printed_outputs(indonesian_studies):
    out, _ = indonesian_studies
    # live_themes is left out of this scan: its codebook (theme labels, definitions) and case list are the user's own
    # text, written in English in the example, and printed as written (the catalogue check above covers it)
    files = [p for p in out.rglob("*") if p.suffix in (".md", ".html", ".tex") and p.name != "cleaning_report.md"
             and "live_themes" not in p.parts]
    svgs = [p for p in sorted(out.rglob("figures/*.svg")) + sorted(out.rglob("cbsem/*.svg"))
            if "live_themes" not in p.parts]
    assert len(files) > 70 and len(svgs) >= 12
    hits = [f"{p.relative_to(out)}: {h}" for p in files for h in _english_left(p.read_text(encoding="utf-8"))]
    hits += [f"{p.relative_to(out)}: {h}" for p in svgs for h in _english_left(_svg_text(p))]
    assert not hits, "\n".join(hits[:40])


def test_the_indonesian_summary_uses_the_terms_of_indonesian_theses(indonesian_studies):
    out, _ = indonesian_studies
    reg = (out / "bukalapak_loyalty/summary.md").read_text(encoding="utf-8")
    for term in ("## 2 Uji Validitas dan Uji Reliabilitas Instrumen", "r hitung", "r tabel", "## 4 Uji Asumsi Klasik",
                 "uji normalitas", "uji multikolinearitas", "uji heteroskedastisitas", "Pengujian Hipotesis",
                 "diterima", "| Variabel | Item |", "*Catatan.*"):
        assert term in reg, term
    pls = (out / "shopee_trust/summary.md").read_text(encoding="utf-8")
    for term in ("Evaluasi Model Pengukuran (Outer Model)", "Evaluasi Model Struktural (Inner Model)",
                 "Koefisien Determinasi (R²)", "Uji validitas diskriminan", "Pengujian Hipotesis", "ditolak"):
        assert term in pls, term
    assert (out / "shopee_trust/tables/hypotheses.md").read_text(encoding="utf-8").startswith("**Tabel ")


def test_tidy_csvs_stay_english_in_an_indonesian_study(indonesian_studies):
    out, _ = indonesian_studies
    hyp = pd.read_csv(out / "bukalapak_loyalty/regression/hypotheses.csv")
    assert set(hyp["decision"]) <= {"accepted", "rejected"}
    rel = pd.read_csv(out / "shopee_trust/tables/reliability.csv")
    assert {"construct", "alpha", "ave_verdict"} <= set(rel.columns)
    assert set(rel["ave_verdict"]) <= {"pass", "warn", "fail", "n/a"}


def test_english_prints_the_code_text_unchanged_and_records_nothing():
    with i18n.use("en") as tr:
        assert i18n._("{n} of {k}", n=3, k=4) == "3 of 4"
        assert i18n.value("pass") == "pass"
        assert i18n.value(RULES["loading"].text) == RULES["loading"].text
    assert not tr.missing


def test_english_report_equals_the_report_without_the_option(indonesian_studies, tmp_path):
    out, _ = indonesian_studies
    s = out / "shopee_trust"
    for lang in ((), ("--language", "en")):
        target = tmp_path / ("default" if not lang else "en")
        _run("report", "summary", "--kind", "pls", "--study", "x", "--in", str(s / "pls"), *lang,
             "--out", str(target.with_suffix(".md")))
    assert (tmp_path / "default.md").read_bytes() == (tmp_path / "en.md").read_bytes()


def test_a_rule_text_generated_from_the_thresholds_is_translated_with_its_numbers():
    # assess/rules.py writes "loading >= 0.708 pass; 0.40-0.708 warn (keep if AVE and rho_C are fine); < 0.40 fail"
    with i18n.use("id") as tr:
        text = tr.value(RULES["loading"].text)
    assert text == ("loading >= 0.708 terpenuhi; 0.40-0.708 perlu perhatian (dipertahankan bila AVE dan rho_C "
                    "memadai); < 0.40 tidak terpenuhi")
    assert not tr.missing


def test_a_template_is_filled_with_its_fields_and_a_missing_text_is_recorded():
    with i18n.use("id") as tr:
        assert i18n._("All {items} are valid (r {range}).", items="17 item", range=".520 sampai .709") == \
            "Semua 17 item valid (r .520 sampai .709)."
        assert i18n._("A sentence nobody translated") == "A sentence nobody translated"
        assert i18n._("SE (HC3)") == "SE (HC3)"  # symbols need no entry
    assert tr.missing == {"A sentence nobody translated"}


def test_an_unknown_language_is_a_one_line_error_naming_the_choices():
    with pytest.raises(ConfigError, match="language 'fr' is not supported.*en, id"):
        i18n.Translator("fr")


def test_every_catalogue_entry_keeps_the_fields_of_its_template():
    entries = i18n.catalogue("id")
    assert len(entries) > 600
    field = re.compile(r"\{(\w+)\}")
    bad = [k for k, v in entries.items() if set(field.findall(k)) != set(field.findall(v))]
    assert bad == []


def test_no_english_text_is_a_key_of_the_catalogue_twice():
    # YAML keeps the last of two equal keys silently: an entry added twice would hide the first translation
    keys = [line.split('": "', 1)[0] for line in
            (Path(i18n.__file__).parent / "id.yaml").read_text(encoding="utf-8").splitlines() if line.startswith('"')]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


# ------------------------------------------------------------------------------------ the Forms study in id
# The student path of issue 12 in Bahasa Indonesia: the Google-Forms example study ``bukalapak_forms`` (``language:
# id`` in config.yaml) from the raw export to ``report.docx`` and ``report.html``.
#
# The study runs through the commands the workflow runs, with its own config settings (clean → describe → regression
# → tables → summary → report.docx → report.html; the bootstrap cut to 200 resamples for time), and the test fails when
#
# * a printed text is missing from the catalogue (``src/surveysem/i18n/id.yaml``; the translator records every miss);
# * an English heading, verdict or function word (:data:`ENGLISH` above) is left in a printed table, in
#   ``summary.md``, in the profile figure's SVG text, in the text of ``report.docx`` (read with python-docx: paragraphs
#   and every table cell) or in ``report.html``;
# * the profile table does not count every respondent once per characteristic (outside values: the category counts
#   of the raw export, counted here with pandas after removing the planted double submission), or
# * a respondent's name from the export's ``Nama`` column appears in any result (files read as text; the Word file's
#   text read with python-docx, since its zip entries are compressed).
EXPORT = ROOT / "data" / "bukalapak_forms" / "form_responses.csv"
PROFILE = ["Jenis Kelamin", "Usia", "Pekerjaan", "Domisili"]


@pytest.fixture(scope="module")
def forms_id(tmp_path_factory):
    study = load_config(ROOT / "config.yaml")["studies"]["bukalapak_forms"]
    assert study["language"] == "id" and study["kind"] == "regression"
    out = tmp_path_factory.mktemp("forms_id") / "bukalapak_forms"
    data, model = str(ROOT / study["data"]), str(ROOT / study["model"])
    i18n.reset_missing()
    _run("clean", "--data", data, "--model", model, "--out", str(out / "cleaning"), *cli_args(study, "cleaning"))
    _run("describe", "--data", data, "--cleaning", str(out / "cleaning"), "--model", model,
         "--out", str(out / "describe"), *cli_args(study, "describe"))
    args = cli_args(study, "regression")
    args[args.index("--boot") + 1] = "200"
    _run("regression", "--data", str(out / "cleaning" / "clean.csv"), "--model", model,
         "--out", str(out / "regression"), *args)
    common = ["--kind", "regression", "--in", str(out / "regression"), "--cleaning", str(out / "cleaning"),
              "--describe", str(out / "describe"), "--language", study["language"]]
    _run("report", "tables", *common, "--title", study["title"], "--out", str(out / "tables"))
    for action, name in (("summary", "summary.md"), ("docx", "report.docx"), ("html", "report.html")):
        _run("report", action, *common, "--study", "bukalapak_forms", "--title", study["title"],
             "--out", str(out / name))
    return out, i18n.missing()


def _docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_every_printed_text_of_the_forms_study_is_in_the_catalogue(forms_id):
    _, missing = forms_id
    assert not missing, "no Indonesian entry for:\n" + "\n".join(sorted(missing))


def test_no_english_word_is_left_in_tables_summary_figure_word_or_html(forms_id):
    out, _ = forms_id
    printed = [p for p in sorted(out.rglob("*")) if p.suffix in (".md", ".html", ".tex")
               and p.name != "cleaning_report.md"]
    assert {"summary.md", "report.html", "profile.md", "descriptive_items.md"} <= {p.name for p in printed}
    hits = [f"{p.relative_to(out)}: {h}" for p in printed for h in _english_left(p.read_text(encoding="utf-8"))]
    svg = out / "describe" / "figures" / "profile.svg"
    hits += [f"profile.svg: {h}" for h in _english_left(_svg_text(svg))]
    hits += [f"report.docx: {h}" for h in _english_left(_docx_text(out / "report.docx"))]
    assert not hits, "\n".join(hits[:40])


def test_the_indonesian_outputs_use_the_thesis_terms(forms_id):
    out, _ = forms_id
    summary = (out / "summary.md").read_text(encoding="utf-8")
    for term in ("Karakteristik Responden", "Analisis Deskriptif", "Skor Total", "Skor Ideal", "Rata-rata",
                 "Kategori", "Indeks Three-Box", "Indeks Skor", "Jenis Kelamin",
                 "1,715 jawaban teks dikode ulang menjadi angka dengan set label id5",
                 "17 kolom item dikenali dari judul pertanyaannya", "Kolom identitas yang dibuang", "Nama",
                 "kecuali stempel waktu (Timestamp)"):
        assert term in summary, term
    headings = [ln for ln in summary.splitlines() if ln.startswith("## ")]
    assert sum("Analisis Deskriptif" in h for h in headings) == 1  # the item analysis; the scores: Statistik Deskriptif
    word = _docx_text(out / "report.docx")
    assert len(docx.Document(str(out / "report.docx")).inline_shapes) == 4  # the profile chart and 3 residual plots
    for term in ("Tabel 4.1", "Gambar 4.1\nKarakteristik Responden", "Catatan.", "Sumber: data primer yang diolah (surveysem",
                 "Karakteristik Responden", "sangat tinggi"):
        assert term in word, term
    page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert '<html lang="id">' in page and "Tabel 4.1" in page and "Gambar 4.1" in page
    assert "Persentase responden" in _svg_text(out / "describe" / "figures" / "profile.svg")


def test_the_profile_counts_every_category_of_the_export(forms_id):
    out, _ = forms_id
    raw = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    kept = raw[~raw.drop(columns="Timestamp").duplicated()]  # the planted double submission is the later row
    assert len(kept) == 100
    prof = pd.read_csv(out / "describe" / "profile.csv", dtype={"category": str})
    assert list(dict.fromkeys(prof["column"])) == PROFILE
    for col in PROFILE:
        got = prof[prof["column"] == col].set_index("category")["n"].to_dict()
        assert got == kept[col].str.strip().value_counts().to_dict(), col
        assert sum(got.values()) == len(kept)
    printed = (out / "tables" / "describe" / "profile.md").read_text(encoding="utf-8")
    assert printed.startswith("**Tabel ") and "| Karakteristik | Kategori | n | % | % Kumulatif |" in printed


def test_no_name_from_the_export_appears_in_any_indonesian_result(forms_id):
    out, _ = forms_id
    names = {n for n in pd.read_csv(EXPORT, dtype=str)["Nama"] if isinstance(n, str) and n.strip()}
    assert len(names) > 50
    texts = {p: p.read_bytes().decode("utf-8", errors="replace") for p in out.rglob("*")
             if p.is_file() and p.suffix != ".docx"}
    texts[out / "report.docx"] = _docx_text(out / "report.docx")
    for p, text in texts.items():
        hit = [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)]
        assert not hit, f"{p.relative_to(out)} holds {hit[:3]}"
