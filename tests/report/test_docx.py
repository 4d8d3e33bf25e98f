"""``report.docx`` and ``report.html`` (issue 12, part 6) against the printed tables and the files they are made from.

Inputs: two example studies (PLS with its CB-SEM cross-check and figures; SPSS-style regression) run through the CLI
on the shipped data, as config.yaml runs them but with few resamples. The Word file is opened with python-docx, the
HTML page with the standard library's parser; their tables must hold, cell by cell, the rounded values of the
Markdown tables in ``summary.md``, and those values are checked against the tidy CSVs formatted by
``surveysem.format`` (APA rounding), so neither side is compared only with itself. Figures are counted against the
PNG files on disk and compared byte for byte. The PDF check converts the file with LibreOffice (skipped only when
``soffice`` is absent).
"""
from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from example_runs import run_bukalapak_loyalty, run_shopee_trust

from surveysem import __version__
from surveysem.cli import main
from surveysem.errors import ConfigError
from surveysem.format import bounded, num
from surveysem.report.docx import docx_bytes
from surveysem.report.html import html_page
from surveysem.report.summary import study_document
from surveysem.report.summary.document import Run, runs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def _cli(*args) -> None:
    assert main([str(a) for a in args]) == 0


@pytest.fixture(scope="module")
def pls_study(tmp_path_factory) -> Path:
    """shopee_trust as config.yaml runs it (purify strict, CB-SEM), B = 60, with its figures."""
    study = run_shopee_trust(tmp_path_factory.mktemp("results") / "shopee_trust", boot=60)
    _cli("report", "figures", "--kind", "pls", "--in", study / "pls", "--out", study / "figures", "--format", "png")
    for what, name in (("summary", "summary.md"), ("docx", "report.docx"), ("html", "report.html")):
        _cli("report", what, "--kind", "pls", "--study", "shopee_trust", "--in", study / "pls", "--cleaning",
             study / "cleaning", "--cbsem", study / "cbsem", "--out", study / name)
    return study


@pytest.fixture(scope="module")
def regression_study(tmp_path_factory) -> Path:
    study = run_bukalapak_loyalty(tmp_path_factory.mktemp("results") / "bukalapak_loyalty", boot=60)
    for what, name in (("summary", "summary.md"), ("docx", "report.docx"), ("html", "report.html")):
        # all three in Indonesian (numbers, table words, source line), so the tables compare like with like
        _cli("report", what, "--kind", "regression", "--study", "bukalapak_loyalty", "--language", "id",
             "--in", study / "regression", "--cleaning", study / "cleaning", "--out", study / name)
    return study


STUDIES = {"pls": "pls_study", "regression": "regression_study"}


# ---------------------------------------------------------------------------------------------------------------
# reading the three renderings back


def _md_tables(md: str) -> list[list[list[str]]]:
    """Every pipe table of the Markdown as rows of cells (header first), ``\\|`` unescaped and ``**`` removed."""
    tables, block = [], []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            rows = [[c.strip().replace("\\|", "|").replace("**", "") for c in re.split(r"(?<!\\)\|", r)[1:-1]]
                    for r in block]
            tables.append([rows[0], *rows[2:]])
            block = []
    return tables


def _docx_tables(d) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


class _Page(HTMLParser):
    """Tables (rows of cell texts), image sources, and every URL-bearing attribute of an HTML page."""

    def __init__(self):
        super().__init__()
        self.tables, self.images, self.refs, self.tags = [], [], [], []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "img":
            self.images.append(a.get("src", ""))
        for key in ("src", "href"):
            if key in a and tag != "a":
                self.refs.append((tag, a[key]))

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _page(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


# ---------------------------------------------------------------------------------------------------------------
# tables


@pytest.mark.parametrize("kind", list(STUDIES))
def test_word_tables_hold_the_rounded_values_of_the_printed_markdown_tables(kind, request):
    study = request.getfixturevalue(STUDIES[kind])
    md = _md_tables((study / "summary.md").read_text(encoding="utf-8"))
    word = _docx_tables(docx.Document(str(study / "report.docx")))
    assert len(md) >= 8 and len(word) == len(md)
    for i, (m, w) in enumerate(zip(md, word)):
        assert w == m, f"table {i + 1}"


@pytest.mark.parametrize("kind", list(STUDIES))
def test_html_tables_hold_the_rounded_values_of_the_printed_markdown_tables(kind, request):
    study = request.getfixturevalue(STUDIES[kind])
    md = _md_tables((study / "summary.md").read_text(encoding="utf-8"))
    page = _page(study / "report.html")
    assert len(page.tables) == len(md) >= 8
    for i, (m, h) in enumerate(zip(md, page.tables)):
        assert h == m, f"table {i + 1}"


def test_word_loadings_are_the_csv_loadings_rounded_as_apa_prints_them(pls_study):
    # outside the renderers: outer_model.csv, formatted by the APA rule (no leading zero, 3 decimals)
    om = pd.read_csv(pls_study / "pls" / "outer_model.csv")
    om = om[om["mode"] == "reflective"]
    assert len(om) >= 10
    d = docx.Document(str(pls_study / "report.docx"))
    table = next(t for t in d.tables if [c.text for c in t.rows[0].cells][:3] == ["Construct", "Indicator", "Loading"])
    printed = {r.cells[1].text: r.cells[2].text for r in table.rows[1:]}
    assert printed == {r["indicator"]: bounded(r["loading"]) for _, r in om.iterrows()}
    assert all(re.fullmatch(r"\.\d{3}", v) for v in printed.values())


def test_regression_coefficients_in_word_are_the_csv_values_rounded(regression_study):
    # outside the renderers: coefficients.csv, t to 3 decimals and Beta without the leading zero (APA)
    coef = pd.read_csv(regression_study / "regression" / "coefficients.csv")
    coef = coef[coef["term"] != "(Constant)"]
    assert len(coef) >= 2
    d = docx.Document(str(regression_study / "report.docx"))
    rows = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    for _, r in coef.iterrows():
        assert any(num(r["t"]) in row and bounded(r["beta"]) in row for row in rows), r["term"]


def test_word_tables_are_numbered_titled_noted_and_sourced_as_a_thesis_chapter(pls_study, regression_study):
    for study, label, note, source in (
            (pls_study, "Table", "Note.", "Source: primary data processed with surveysem {v}"),
            (regression_study, "Tabel", "Catatan.", "Sumber: data primer yang diolah (surveysem {v})")):
        d = docx.Document(str(study / "report.docx"))
        captions = [p.text for p in d.paragraphs if p.style.name == "Caption" and p.text.startswith(label + " ")]
        numbers = [c.split("\n")[0] for c in captions]
        assert numbers == [f"{label} 4.{i}" for i in range(1, len(d.tables) + 1)]
        assert all(c.split("\n")[1] for c in captions)  # a title under each number
        texts = [p.text for p in d.paragraphs]
        assert texts.count(source.format(v=__version__)) == len(d.tables)
        notes = [p for p in d.paragraphs if p.text.startswith(note + " ")]
        assert notes and all(p.runs[0].italic and p.runs[0].text == note for p in notes)


def test_word_tables_have_horizontal_rules_only(pls_study):
    d = docx.Document(str(pls_study / "report.docx"))
    for t in d.tables:
        last = len(t.rows) - 1
        for i, row in enumerate(t.rows):
            for cell in row.cells:
                b = cell._tc.tcPr.find(qn("w:tcBorders"))
                val = {e.tag.split("}")[1]: e.get(qn("w:val")) for e in b}
                assert val["left"] == val["right"] == val["insideV"] == "nil"
                assert val["top"] == ("single" if i == 0 else "nil")
                assert val["bottom"] == ("single" if i in (0, last) else "nil")


def test_word_tables_fit_the_text_width(pls_study, regression_study):
    for study in (pls_study, regression_study):
        d = docx.Document(str(study / "report.docx"))
        sec = d.sections[-1]
        text_width = sec.page_width - sec.left_margin - sec.right_margin
        for t in d.tables:
            widths = [c.width for c in t.columns]
            assert all(w > 0 for w in widths) and sum(widths) <= text_width


# ---------------------------------------------------------------------------------------------------------------
# headings, figures


def test_word_headings_are_the_summary_headings_in_heading_styles(pls_study):
    md = (pls_study / "summary.md").read_text(encoding="utf-8")
    expected = []
    for line in md.splitlines():
        m = re.match(r"^(#{1,3}) (?:([\d.]+) )?(.+)$", line)
        if m and not line.startswith("```"):
            level, number, text = len(m[1]), m[2], m[3]
            expected.append((f"Heading {level}", f"4.{number} {text}" if number else text))
    d = docx.Document(str(pls_study / "report.docx"))
    got = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert got == expected and any(s == "Heading 2" and re.fullmatch(r"4\.\d+ Measurement model", t) for s, t in got)


def _pngs(study: Path) -> list[Path]:
    return sorted(study.glob("*/*.png")) + sorted(study.glob("*/figures/*.png"))


def test_every_figure_is_embedded_once_in_word(pls_study):
    d = docx.Document(str(pls_study / "report.docx"))
    files = _pngs(pls_study)  # figures/*.png and cbsem/comparison.png
    assert len(files) >= 5 and len(d.inline_shapes) == len(files)
    with zipfile.ZipFile(pls_study / "report.docx") as z:
        media = sorted(z.read(n) for n in z.namelist() if n.startswith("word/media/"))
    assert media == sorted(f.read_bytes() for f in files)
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure ")]
    assert [c.split("\n")[0] for c in captions] == [f"Figure 4.{i}" for i in range(1, len(files) + 1)]


def test_html_is_self_contained_with_every_figure_inline(pls_study):
    page = _page(pls_study / "report.html")
    files = _pngs(pls_study)
    assert len(page.images) == len(files)
    prefix = "data:image/png;base64,"
    assert all(src.startswith(prefix) for src in page.images)
    assert sorted(base64.b64decode(src[len(prefix):]) for src in page.images) == sorted(f.read_bytes() for f in files)
    # nothing loaded from elsewhere: every src/href outside <a> links is a data: URI; no style sheet or script file
    assert all(ref.startswith("data:") for _, ref in page.refs)
    assert "script" not in page.tags and "link" not in page.tags


# ---------------------------------------------------------------------------------------------------------------
# determinism, language, templates


def test_two_renders_are_byte_identical(pls_study, tmp_path):
    doc = study_document("pls", "shopee_trust", pls_study / "pls", pls_study / "cleaning", pls_study / "cbsem")
    assert docx_bytes(doc) == docx_bytes(doc) == (pls_study / "report.docx").read_bytes()
    assert html_page(doc) == (pls_study / "report.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(pls_study / "report.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_the_markdown_of_the_document_is_the_summary(pls_study):
    doc = study_document("pls", "shopee_trust", pls_study / "pls", pls_study / "cleaning", pls_study / "cbsem")
    assert doc.text() == (pls_study / "summary.md").read_text(encoding="utf-8")


def _template(path: Path, drop: str | None = None) -> Path:
    t = docx.Document()
    sec = t.sections[0]
    sec.left_margin = docx.shared.Cm(4)
    sec.top_margin = docx.shared.Cm(3)
    t.styles["Normal"].font.name = "Arial"
    t.add_paragraph("TEMPLATE PLACEHOLDER TEXT")
    sec.footer.paragraphs[0].text = "Universitas Contoh"
    if drop:
        t.styles[drop].delete()
    t.save(str(path))
    return path


def test_a_campus_template_gives_margins_fonts_and_footer_and_its_body_is_replaced(pls_study, tmp_path):
    template = _template(tmp_path / "kampus.docx")
    out = tmp_path / "report.docx"
    _cli("report", "docx", "--kind", "pls", "--study", "s", "--in", pls_study / "pls", "--cleaning",
         pls_study / "cleaning", "--cbsem", pls_study / "cbsem", "--docx-template", template, "--out", out)
    d = docx.Document(str(out))
    # margins as the template set them (Word stores twentieths of a point: equal to within 0.01 cm)
    assert abs(d.sections[0].left_margin - docx.shared.Cm(4)) < docx.shared.Cm(0.01)
    assert abs(d.sections[0].top_margin - docx.shared.Cm(3)) < docx.shared.Cm(0.01)
    assert d.styles["Normal"].font.name == "Arial"
    assert d.sections[0].footer.paragraphs[0].text == "Universitas Contoh"
    texts = [p.text for p in d.paragraphs]
    assert "TEMPLATE PLACEHOLDER TEXT" not in texts and "4.1 Sample and data cleaning" in texts
    assert len(d.tables) == len(_md_tables((pls_study / "summary.md").read_text(encoding="utf-8")))


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("not a word file"), "it is not a Word .docx file"),
    (lambda p: _template(p, drop="Caption"), "lacks the style Caption"),
])
def test_a_bad_template_is_one_line_with_the_fix_and_writes_nothing(pls_study, tmp_path, capsys, make, words):
    template = tmp_path / "kampus.docx"
    make(template)
    out = tmp_path / "report.docx"
    code = main(["report", "docx", "--kind", "pls", "--study", "s", "--in", str(pls_study / "pls"),
                 "--docx-template", str(template), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not out.exists()
    assert len(err) == 1 and words in err[0] and "kampus.docx" in err[0] and ("save" in err[0] or "Word" in err[0])
    with pytest.raises(ConfigError, match="docx_template"):
        docx_bytes(study_document("pls", "s", pls_study / "pls"), template=template)


def test_a_missing_template_in_the_config_stops_before_anything_runs(tmp_path):
    from surveysem.config import check_plan, load_config

    (tmp_path / "d.csv").write_text("a\n1\n")
    (tmp_path / "m.lav").write_text("X =~ a\n")
    cfg = load_config({"studies": {"s": {"kind": "pls", "data": "d.csv", "model": "m.lav",
                                         "docx_template": "kampus.docx"}}})
    with pytest.raises(ConfigError, match="study 's', key 'docx_template': 'kampus.docx' does not exist"):
        check_plan(cfg, base=tmp_path)


# ---------------------------------------------------------------------------------------------------------------
# inline Markdown of the sentences


def test_inline_markdown_becomes_bold_italic_code_and_link_runs():
    assert runs("*Note.* a **H1.** b `pls/x.csv` [tables/](tables/) c") == [
        Run("Note.", italic=True), Run(" a "), Run("H1.", bold=True), Run(" b "), Run("pls/x.csv", code=True),
        Run(" "), Run("tables/", href="tables/"), Run(" c")]
    # the stars of a significance note and of a starred value stay text (format.STARS_NOTE)
    stars = "* p < .05, ** p < .01, *** p < .001. β = .331***"
    assert runs(stars) == [Run(stars)]


# ---------------------------------------------------------------------------------------------------------------
# LibreOffice


def _soffice() -> str:
    """LibreOffice's command, or a skip with the reason; ``.ci/run`` installs it and sets
    SURVEYSEM_REQUIRE_LIBREOFFICE=1, which turns the skip into a failure (CI cannot pass with the check skipped)."""
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("SURVEYSEM_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("SURVEYSEM_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed: .ci/run installs "
                        "libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


@pytest.mark.slow
def test_libreoffice_renders_the_word_report_to_a_pdf_with_pages(regression_study, tmp_path):
    run = subprocess.run([_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                          "pdf", "--outdir", str(tmp_path), str(regression_study / "report.docx")],
                         capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "report.pdf"
    assert run.returncode == 0 and pdf.is_file(), run.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 3  # title, sample, instrument tests, regression, hypotheses, figures
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=120)
        assert list(tmp_path.glob("page*.png"))


def test_a_wide_table_gets_a_smaller_font_rather_than_words_broken_inside_its_columns():
    """Twelve columns of item descriptives do not fit a 16 cm text width at 12 pt without breaking "75" or "Total"
    across lines (seen in LibreOffice's rendering before this rule); the table is set in the largest half-point size
    at which every column holds its longest word, and a narrow table keeps the body size."""
    from docx.shared import Cm

    from surveysem.report.docx import _BODY_PT, _column_widths, _table_font_size, _text_width
    from surveysem.report.summary.document import Table

    header = ("Construct", "Item", "n", "Total score", "Ideal score", "Mean", "SD", "Category", "Score index %",
              "Index category", "Three-box index", "Three-box")
    row = ("TRUST", "trust1", "75", "280", "375", "3.73", "1.01", "high", "74.67", "high", "74.67", "medium")
    wide = Table(1, "Item descriptives", header, (row,) * 5, (False, False) + (True,) * 5 + (False, True, False,
                                                                                             True, False), "")
    width = int(16 * 360000)  # 16 cm in EMU
    size = _table_font_size(wide, width)
    assert 8 <= size < _BODY_PT
    widths = _column_widths(wide, width, size)
    assert sum(widths) <= width
    for j, w in enumerate(widths):  # each column holds its longest word beside Word's cell padding (0.19 cm a side)
        longest = max((w for cell in [header[j], row[j]] for w in cell.split()), key=len)
        assert w >= _text_width(longest, size) + Cm(0.38), (header[j], w)
    narrow = Table(2, "Paths", ("Path", "Beta"), (("A → B", ".331"),), (False, True), "")
    assert _table_font_size(narrow, width) == _BODY_PT
