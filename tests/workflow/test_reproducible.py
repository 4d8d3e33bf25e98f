"""Two runs of the workflow from empty results folders give byte-identical files (issue 17, item 2).

A small copy of the example configuration — its shopee_trust study: cleaning, PLS with item purification, assessment
and 60 resamples, figures, the CB-SEM cross-check, tables and summary — run twice in separate folders under different
``PYTHONHASHSEED`` (1, 2) and BLAS thread counts (``OMP_NUM_THREADS``/``OPENBLAS_NUM_THREADS`` 1, 2). Every file
under ``results/`` is compared, logs and ``run.json`` included: none is excluded (they hold relative paths and no
timestamps). Before the CB-SEM fix the CB-SEM files differed under two hash seeds; before the bootstrap fix the PLS
bootstrap tables differed between 1 and 2 threads. The regression, sessions and coding studies are left out to keep
the test short (each run takes ~45 s of CPU); the same comparison with them, done once by hand, gave 358 identical
files.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
STUDIES = ("shopee_trust",)


def _copy(work: Path) -> Path:
    work.mkdir()
    shutil.copy(ROOT / "Snakefile", work / "Snakefile")
    shutil.copytree(ROOT / "workflow", work / "workflow")
    shutil.copytree(ROOT / "data", work / "data")
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    studies = {name: dict(config["studies"][name]) for name in STUDIES}
    studies["shopee_trust"]["boot"] = 60
    (work / "config.yaml").write_text(yaml.safe_dump({"results": "results", "studies": studies}, sort_keys=False))
    return work


def _files(results: Path) -> dict[str, bytes]:
    return {str(p.relative_to(results)): p.read_bytes() for p in sorted(results.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_workflow_runs_under_other_hash_seeds_and_thread_counts_are_byte_identical(tmp_path):
    runs = []
    for tag, hash_seed, threads in (("a", "1", "1"), ("b", "2", "2")):
        work = _copy(tmp_path / tag)
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "OMP_NUM_THREADS": threads,
               "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}
        # the two runs go side by side (one core each), which halves the wall time on a 2-core machine
        runs.append((work, subprocess.Popen([sys.executable, "-m", "snakemake", "--cores", "1"], cwd=work, env=env,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    for _work, proc in runs:
        out, _ = proc.communicate(timeout=1200)
        assert proc.returncode == 0, out[-3000:]
    a, b = (_files(work / "results") for work, _ in runs)
    assert len(a) > 40 and set(a) == set(b)
    # every kind of output is there: CB-SEM, bootstrap draws, figures, tables, logs, provenance
    for name in ("shopee_trust/cbsem/estimates.csv", "shopee_trust/cbsem/comparison.svg",
                 "shopee_trust/pls/boot_draws.parquet", "shopee_trust/pls/run.json", "shopee_trust/summary.md",
                 "logs/shopee_trust/cbsem.log", "shopee_trust/figures/path_diagram.png",
                 "shopee_trust/report.docx", "shopee_trust/report.html"):
        assert name in a, name
    differ = sorted(name for name in a if a[name] != b[name])
    assert differ == []
