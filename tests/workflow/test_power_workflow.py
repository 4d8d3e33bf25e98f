"""A power study through the workflow (issue 15, item 4): the chunk jobs and the gather job give the same power.csv
byte for byte whether each n's replications run as 1 job or as 7 (a population model file with fixed values, so no
PLS study has to run first)."""
from __future__ import annotations

import pytest
import yaml
from workflow_copy import copy_workflow, run_snakemake

MODEL = """X =~ 0.8*x1 + 0.8*x2 + 0.8*x3
M =~ 0.8*m1 + 0.8*m2 + 0.8*m3
Y =~ 0.8*y1 + 0.8*y2 + 0.8*y3
M ~ 0.3*X
Y ~ 0.3*M + 0.1*X
"""


def _run(tmp_path, name, chunks):
    work = copy_workflow(tmp_path / name)
    (work / "pop.lav").write_text(MODEL, encoding="utf-8")
    study = {"kind": "power", "model": "pop.lav", "n": [30], "replications": 14, "boot": 30,
             "power_chunks": chunks, "seed": 7}
    (work / "config.yaml").write_text(yaml.safe_dump({"studies": {"pw": study}}), encoding="utf-8")
    run = run_snakemake(work, "--cores", "2", "results/pw/power")
    assert run.returncode == 0, run.stderr[-3000:]
    assert len(list((work / "results" / "pw" / "power_chunks").glob("*.json"))) == chunks
    return work / "results" / "pw" / "power"


@pytest.mark.slow  # two Snakemake runs of 2 and 8 jobs: about a minute on 2 busy cores
def test_one_job_and_seven_jobs_per_n_give_byte_identical_power_tables(tmp_path):
    one, seven = _run(tmp_path, "one", 1), _run(tmp_path, "seven", 7)
    for name in ("power.csv", "min_n.csv"):
        assert (one / name).read_bytes() == (seven / name).read_bytes(), name
    assert (one / "power.csv").read_text().count("\n") == 1 + 4
