"""The Snakemake workflow end to end, on a temporary copy with a swapped-in study.

The study has its own column names and an inline model; its data are drawn from a population model with known paths
(``surveysem.simulate``). Checked: every output exists, the workflow's tables equal the library called directly on the
cleaned data (same settings and seed), a second run has nothing to do, deleting one table folder rebuilds only that
step, and configuration errors are one line naming the study and the key.
"""
from __future__ import annotations

import re
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml
from workflow_copy import BOOT, MODEL, SEED, build_workflow, copy_workflow
from workflow_copy import run_snakemake as _snakemake

from surveysem.pls import pls


@pytest.fixture(scope="module")
def workflow_copy(tmp_path_factory):
    work = build_workflow(tmp_path_factory.mktemp("wf"))
    run = _snakemake(work)
    assert run.returncode == 0, run.stderr[-3000:]
    return work


def test_every_output_of_the_swapped_in_study_exists(workflow_copy):
    res = workflow_copy / "results" / "survei_saya"
    for name in ["cleaning/clean.csv", "cleaning/cleaning_report.md", "pls/paths.csv", "pls/reliability.csv",
                 "pls/mediation.csv", "pls/boot_draws.parquet", "pls/run.json", "summary.md", "report.docx",
                 "report.html", "model.lav"]:
        assert (res / name).is_file(), name
    assert list((res / "tables").glob("*.html")) and list((res / "tables").glob("*.tex"))
    assert list((res / "figures").glob("*.png")) and list((res / "figures").glob("*.svg"))
    assert (workflow_copy / "results" / "logs" / "survei_saya" / "pls.log").is_file()


def test_workflow_tables_equal_the_library_called_directly(workflow_copy):
    res = workflow_copy / "results" / "survei_saya"
    clean = pd.read_csv(res / "cleaning" / "clean.csv")
    direct = pls(clean, MODEL)
    boot = direct.bootstrap(boot=BOOT, seed=SEED)
    ours = pd.read_csv(res / "pls" / "paths.csv")
    np.testing.assert_allclose(ours["estimate"], direct.paths["estimate"], atol=1e-12)
    np.testing.assert_allclose(ours["se"], boot.paths["se"], atol=1e-12)
    # the missing code 9 became missing and was mean-replaced by the engine
    assert clean["nilai_b"].isna().sum() == 2 and direct.data.counts["n_cells_replaced"] == 2


def test_second_run_has_nothing_to_do(workflow_copy):
    dry = _snakemake(workflow_copy, "-n")
    assert dry.returncode == 0
    assert "Nothing to be done" in dry.stdout + dry.stderr


def _planned_jobs(output: str) -> dict[str, int]:
    """Rule → count from the "Job stats" table of a dry run."""
    jobs, inside = {}, False
    for line in output.splitlines():
        if line.startswith("Job stats"):
            inside = True
        elif inside and line.startswith("total"):
            break
        elif inside:
            m = re.match(r"^(\w+)\s+(\d+)$", line.strip())
            if m:
                jobs[m.group(1)] = int(m.group(2))
    return jobs


def test_deleting_one_table_folder_rebuilds_only_that_step(workflow_copy):
    shutil.rmtree(workflow_copy / "results" / "survei_saya" / "tables")
    dry = _snakemake(workflow_copy, "-n")
    assert dry.returncode == 0
    assert _planned_jobs(dry.stdout + dry.stderr) == {"tables": 1, "all": 1}
    rerun = _snakemake(workflow_copy)
    assert rerun.returncode == 0 and (workflow_copy / "results" / "survei_saya" / "tables").is_dir()


@pytest.mark.parametrize("study, words", [
    ({"kind": "pls", "data": "x.csv", "model": "m.lav", "scheme": "paths"},
     "study 'bad', key 'scheme': 'paths' is not one of ['path', 'factorial', 'centroid']"),
    ({"kind": "pls", "data": "x.csv", "model": "m.lav", "bootstrap": 5000}, "unknown key 'bootstrap'"),
    ({"kind": "pls", "data": "x.csv"}, "study 'bad': a pls study needs 'model'"),
    ({"kind": "anova", "data": "x.csv"}, "'anova' is not one of ['pls', 'regression', 'sessions', 'coding', 'power']"),
])
def test_config_errors_are_one_line_naming_study_and_key(tmp_path, study, words):
    copy_workflow(tmp_path)
    (tmp_path / "config.yaml").write_text(yaml.safe_dump({"studies": {"bad": study}}))
    run = _snakemake(tmp_path, "-n")
    assert run.returncode != 0
    line = [ln for ln in run.stderr.splitlines() if ln.startswith("surveysem: error:")]
    assert len(line) == 1 and words in line[0], run.stderr[-2000:]


def test_printed_tables_and_summary_carry_the_workflow_estimates(workflow_copy):
    res = workflow_copy / "results" / "survei_saya"
    paths = pd.read_csv(res / "pls" / "paths.csv")
    printed = (res / "tables" / "hypotheses.md").read_text()
    summary = (res / "summary.md").read_text()
    from surveysem.format import bounded, stars

    for _, r in paths.iterrows():
        beta = bounded(r["estimate"]) + stars(r["p"])
        assert f"| {r['from']} → {r['to']} | {beta} |" in printed
        assert f"| {r['from']} → {r['to']} | {bounded(r['estimate'])} |" in summary
    assert "kualitas_a" in (res / "tables" / "outer_model.md").read_text()


def test_html_report_holds_every_figure_and_table(workflow_copy):
    run = _snakemake(workflow_copy, "--report", "results/report.html")
    assert run.returncode == 0, run.stderr[-2000:]
    page = (workflow_copy / "results" / "report.html").read_text(errors="replace")
    for name in ("path_diagram.png", "htmt_heatmap.png", "hypotheses.html", "summary.md"):
        assert name in page, name
