"""The PLS-SEM figures (:func:`surveysem.report.figures.pls_figures`) drawn from real ``surveysem pls`` folders.

The folders are written once per session by the command line on the project's example study
(``data/shopee_trust``: 4 reflective constructs, 16 items, n = 75), with B = 200 resamples, and on two variants:
the same study with OCR as a composite (``<~``) and the study without bootstrap. What a figure must print
follows the rules of the figure (APA numbers from :mod:`surveysem.format`, stars from the bootstrap p,
the 0.708 rule of Hair et al. 2022, the HTMT thresholds of Henseler et al. 2015); the numbers themselves come
from the CSV files, since the figures only draw them.
"""
from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from surveysem.errors import ConfigError, DataError
from surveysem.format import bounded, stars
from surveysem.report.figures import FIGURES, pls_figures

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "shopee_trust"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

COMPOSITE_MODEL = """\
OCR   <~ ocr1 + ocr2 + ocr3 + ocr4
R     =~ r1 + r2 + r3
TRUST =~ trust1 + trust2 + trust3 + trust4 + trust5
MB    =~ mb1 + mb2 + mb3 + mb4
TRUST ~ OCR + R
MB    ~ OCR + R + TRUST
"""


@pytest.fixture(scope="session")
def pls_dirs(tmp_path_factory) -> dict[str, Path]:
    """Three ``surveysem pls`` folders, written in parallel: bootstrapped with assessment, composite, no bootstrap."""
    tmp = tmp_path_factory.mktemp("pls_runs")
    (tmp / "composite.lav").write_text(COMPOSITE_MODEL)
    base = [sys.executable, "-m", "surveysem", "pls", "--data", str(STUDY / "data.csv"), "--missing-value", "-99",
            "--quiet"]
    runs = {
        "boot": ["--model", str(STUDY / "model.lav"), "--boot", "200", "--seed", "1", "--assess",
                 "--predict-folds", "0", "--q2-distance", "0", "--fit-boot", "0"],
        "composite": ["--model", str(tmp / "composite.lav"), "--boot", "200", "--seed", "1"],
        "noboot": ["--model", str(STUDY / "model.lav"), "--boot", "0"],
    }
    procs = {k: subprocess.Popen(base + args + ["--out", str(tmp / k)], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE) for k, args in runs.items()}
    for k, p in procs.items():
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, f"surveysem pls ({k}) failed: {err.decode()}"
    return {k: tmp / k for k in runs}


@pytest.fixture(scope="session")
def figures(pls_dirs, tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("figures") / "figures"
    return out, pls_figures(pls_dirs["boot"], out)


def svg_text(path: Path) -> str:
    """The text elements of an SVG written with ``svg.fonttype = "none"``, unescaped, one per line."""
    return "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text("utf-8")))


def test_every_figure_is_written_as_a_valid_png_and_an_svg(figures):
    out, written = figures
    expected = sorted(out / f"{stem}.{ext}" for stem in FIGURES for ext in ("png", "svg"))
    assert written == expected
    for p in written:
        data = p.read_bytes()
        assert len(data) > 1000, p
        if p.suffix == ".png":
            assert data.startswith(PNG_MAGIC), p
        else:
            assert data.lstrip().startswith(b"<?xml") and b"<svg" in data[:2000], p


def test_a_second_run_gives_byte_identical_files(figures, pls_dirs, tmp_path):
    out, written = figures
    again = pls_figures(pls_dirs["boot"], tmp_path / "again")
    assert [p.name for p in again] == [p.name for p in written]
    for a, b in zip(written, again):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs"


def test_path_diagram_prints_constructs_and_apa_coefficients_with_stars(figures, pls_dirs):
    out, _ = figures
    text = svg_text(out / "path_diagram.svg")
    for name in ("OCR", "R", "TRUST", "MB"):
        assert re.search(rf"^{name}$", text, re.M), f"construct {name} missing"
    assert "Path model: coefficients with bootstrap significance" in text
    paths = pd.read_csv(pls_dirs["boot"] / "paths.csv")
    for r in paths.to_dict("records"):
        # APA: a path coefficient without leading zero (.340), stars from its two-sided bootstrap p
        label = bounded(r["estimate"]) + stars(r["p"])
        assert re.search(rf"^{re.escape(label)}$", text, re.M), f"{r['from']} -> {r['to']}: {label!r} missing"
    ocr_trust = paths[(paths["from"] == "OCR") & (paths["to"] == "TRUST")].iloc[0]
    assert bounded(ocr_trust["estimate"]) in text
    assert not bounded(ocr_trust["estimate"]).startswith("0")
    # R² inside the endogenous constructs (bounded by 1: no leading zero), loadings on the outer arrows
    r2 = pd.read_csv(pls_dirs["boot"] / "r2.csv").set_index("construct")["r2"]
    assert f"R\u00b2 = {bounded(r2['TRUST'])}" in text and f"R\u00b2 = {bounded(r2['MB'])}" in text
    loads = pd.read_csv(pls_dirs["boot"] / "loadings.csv")
    for v in loads["estimate"]:
        assert re.search(rf"^{re.escape(bounded(v))}$", text, re.M)
    # the footnote: stars legend and the number of resamples from run.json
    boot = json.loads((pls_dirs["boot"] / "run.json").read_text())["bootstrap"]["boot"]
    assert "* p < .05, ** p < .01, *** p < .001" in text.replace("\n", " ")
    assert f"B = {boot}" in text


def test_path_diagram_without_bootstrap_has_no_stars_and_says_so(pls_dirs, tmp_path):
    written = pls_figures(pls_dirs["noboot"], tmp_path / "f", formats=("svg",))
    names = {p.name for p in written}
    # no bootstrap: no draws, and htmt.csv only comes with --assess
    assert names == {"path_diagram.svg", "loadings.svg", "score_distributions.svg"}
    text = svg_text(tmp_path / "f" / "path_diagram.svg")
    assert "no bootstrap" in text
    assert "*" not in text
    paths = pd.read_csv(pls_dirs["noboot"] / "paths.csv")
    for v in paths["estimate"]:
        assert re.search(rf"^{re.escape(bounded(v))}$", text, re.M)


def test_composite_construct_shows_weights_and_is_left_out_of_the_loadings_chart(pls_dirs, tmp_path):
    written = pls_figures(pls_dirs["composite"], tmp_path / "f", formats=("svg",))
    assert {p.name for p in written} == {"path_diagram.svg", "loadings.svg", "bootstrap_paths.svg",
                                         "score_distributions.svg"}  # no --assess: no htmt.csv
    text = svg_text(tmp_path / "f" / "path_diagram.svg")
    weights = pd.read_csv(pls_dirs["composite"] / "weights.csv")
    for r in weights[weights["construct"] == "OCR"].to_dict("records"):
        label = bounded(r["estimate"]) + stars(r["p"])  # Mode B weights carry their significance
        assert re.search(rf"^{re.escape(label)}$", text, re.M), f"weight of {r['indicator']}: {label!r} missing"
    assert "hexagons: composite constructs with outer weights" in text.replace("\n", " ")
    chart = svg_text(tmp_path / "f" / "loadings.svg")
    assert not re.search(r"^ocr\d$", chart, re.M), "a composite's indicators have no reflective loading"
    for item in ("r1", "trust4", "mb4"):
        assert re.search(rf"^{item}$", chart, re.M)


def test_loadings_chart_draws_the_0708_rule_and_every_reflective_item(figures, pls_dirs):
    out, _ = figures
    text = svg_text(out / "loadings.svg")
    assert "0.708 (Hair et al. 2022)" in text
    assert re.search(r"^0\.40$", text, re.M)
    loads = pd.read_csv(pls_dirs["boot"] / "loadings.csv")
    for r in loads.to_dict("records"):
        assert re.search(rf"^{re.escape(r['indicator'])}$", text, re.M)
        assert re.search(rf"^{re.escape(bounded(r['estimate']))}$", text, re.M)
    assert "95% bootstrap percentile intervals" in text


def test_htmt_heatmap_states_the_thresholds_and_prints_each_pair(figures, pls_dirs):
    out, _ = figures
    text = svg_text(out / "htmt_heatmap.svg")
    assert "HTMT (threshold 0.85 / 0.90, Henseler et al. 2015)" in text
    htmt = pd.read_csv(pls_dirs["boot"] / "htmt.csv")
    assert len(htmt) == 6  # 4 constructs: 4 * 3 / 2 pairs in the lower triangle
    for v in htmt["htmt"]:
        assert re.search(rf"^{re.escape(bounded(v))}$", text, re.M)


def test_bootstrap_panels_one_per_path(figures, pls_dirs):
    out, _ = figures
    text = svg_text(out / "bootstrap_paths.svg")
    paths = pd.read_csv(pls_dirs["boot"] / "paths.csv")
    for r in paths.to_dict("records"):
        assert f"{r['from']} \u2192 {r['to']}" in text
    assert "B = 200 bootstrap resamples" in text


def test_folder_without_draws_skips_only_the_bootstrap_figure(pls_dirs, tmp_path, caplog):
    src = tmp_path / "pls"
    shutil.copytree(pls_dirs["boot"], src)
    (src / "boot_draws.parquet").unlink()
    with caplog.at_level(logging.INFO, logger="surveysem.report"):
        written = pls_figures(src, tmp_path / "f", formats=("svg",))
    assert {p.stem for p in written} == set(FIGURES) - {"bootstrap_paths"}
    assert not (tmp_path / "f" / "bootstrap_paths.svg").exists()
    assert any("boot_draws.parquet" in r.getMessage() and r.name == "surveysem.report" for r in caplog.records)


def test_only_the_requested_formats_are_written(pls_dirs, tmp_path):
    src = tmp_path / "pls"
    shutil.copytree(pls_dirs["noboot"], src)
    written = pls_figures(src, tmp_path / "f", formats=["png"])
    assert written and all(p.suffix == ".png" for p in written)
    with pytest.raises(ConfigError, match="pdf"):
        pls_figures(src, tmp_path / "g", formats=("pdf",))


def test_missing_folder_raises_data_error_naming_it(tmp_path):
    missing = tmp_path / "no_such_pls"
    with pytest.raises(DataError) as exc:
        pls_figures(missing, tmp_path / "f")
    msg = str(exc.value)
    assert str(missing) in msg and "surveysem pls" in msg and "\n" not in msg
    assert not (tmp_path / "f").exists()


@pytest.mark.parametrize("name", ["paths.csv", "run.json"])
def test_folder_without_paths_or_run_json_raises_data_error(pls_dirs, tmp_path, name):
    src = tmp_path / "pls"
    shutil.copytree(pls_dirs["noboot"], src)
    (src / name).unlink()
    with pytest.raises(DataError, match=re.escape(name)) as exc:
        pls_figures(src, tmp_path / "f")
    assert "surveysem pls" in str(exc.value)
