"""Helpers of the workflow tests (tests/workflow/): a temporary copy of the workflow with a swapped-in study, and
running Snakemake the way the README does."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import yaml

from surveysem.model import parse_model
from surveysem.simulate import simulate_likert

ROOT = Path(__file__).resolve().parents[1]
MODEL = """
SQ =~ kualitas_a + kualitas_b + kualitas_c
PV =~ nilai_a + nilai_b + nilai_c
BI =~ niat_a + niat_b + niat_c
PV ~ SQ
BI ~ SQ + PV
"""
SEED, BOOT = 11, 200


def copy_workflow(work: Path) -> Path:
    """The Snakefile, the rules and the default profile (what `snakemake` reads besides config.yaml)."""
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "Snakefile", work / "Snakefile")
    shutil.copytree(ROOT / "workflow", work / "workflow")
    shutil.copytree(ROOT / "profiles", work / "profiles")
    return work


def build_workflow(work: Path, boot: int = BOOT) -> Path:
    """A workflow copy whose one study has its own column names, an inline model, a semicolon CSV and a missing code.

    The data are drawn from a population model with known paths (``surveysem.simulate``).
    """
    copy_workflow(work)
    model = parse_model(MODEL)
    loadings = dict.fromkeys(model.indicators, 0.8)
    df = simulate_likert(model, loadings=loadings, paths={("SQ", "PV"): 0.5, ("SQ", "BI"): 0.3, ("PV", "BI"): 0.4},
                         n=150, seed=5)
    df.insert(0, "responden", np.arange(1, len(df) + 1))
    df.loc[[3, 40], "nilai_b"] = 9  # "9" = no answer in this survey
    (work / "survei.csv").write_text(df.to_csv(index=False, sep=";"))  # semicolon export, as Excel writes in Indonesia
    config = {"studies": {"survei_saya": {
        "kind": "pls", "data": "survei.csv", "model": MODEL, "missing_values": [9], "id_column": "responden",
        "boot": boot, "seed": SEED}}}
    (work / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return work


def snakemake_command(*args: str) -> list[str]:
    """The README's command: ``python -m snakemake --cores 2`` (plus ``args``)."""
    return [sys.executable, "-m", "snakemake", "--cores", "2", *args]


def run_snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(snakemake_command(*args), cwd=workdir, capture_output=True, text=True, timeout=600)
