"""The CB-SEM step gives the same bytes whatever Python's string hash seed (issue 17, item 2).

semopy 2.3.11 frees the covariances of the exogenous latent variables from ``itertools.combinations`` of a set, so
without our explicit ``a ~~ b`` statements the orientation of each pair — and with it the parameter order, the start
vector and the last bits of every estimate — followed ``PYTHONHASHSEED``. Before the fix, the two hash seeds used
below gave different ``estimates.csv``, ``fit.csv``, ``latent_correlations.csv`` and ``r2.csv`` for this model.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from surveysem.cbsem import semopy_syntax
from surveysem.cli import main
from surveysem.model import parse_model, read_model

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "shopee_trust"


def _cbsem(out: Path, pls_dir: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    cmd = [sys.executable, "-m", "surveysem", "cbsem", "--data", str(STUDY / "data.csv"), "--model",
           str(STUDY / "model.lav"), "--missing-value", "-99", "--pls-dir", str(pls_dir), "--out", str(out)]
    subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)


@pytest.mark.slow
def test_cbsem_files_are_byte_identical_under_two_hash_seeds(tmp_path):
    pls_dir = tmp_path / "pls"
    assert main(["pls", "--data", str(STUDY / "data.csv"), "--model", str(STUDY / "model.lav"),
                 "--missing-value", "-99", "--boot", "20", "--seed", "42", "--out", str(pls_dir), "--quiet"]) == 0
    _cbsem(tmp_path / "a", pls_dir, "1")
    _cbsem(tmp_path / "b", pls_dir, "2")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    # every file the step writes, figures included
    assert {"estimates.csv", "fit.csv", "comparison.csv", "comparison.png", "comparison.svg",
            "latent_correlations.csv", "r2.csv", "run.json"} <= set(files)
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    differ = [f for f in files if (tmp_path / "a" / f).read_bytes() != (tmp_path / "b" / f).read_bytes()]
    assert differ == []


def test_semopy_syntax_frees_the_exogenous_covariances_in_model_order():
    # lavaan's default frees every covariance among exogenous latent variables; we write them out (declaration
    # order, earlier construct on the left) so that semopy does not derive them from a hash-ordered set.
    model = parse_model("A =~ a1 + a2\nB =~ b1 + b2\nC =~ c1 + c2\nD =~ d1 + d2\nD ~ A + B + C\nC ~~ A\n")
    lines = semopy_syntax(model).splitlines()
    assert lines[-3:] == ["C ~~ A", "A ~~ B", "B ~~ C"]  # the user's C ~~ A is kept and not repeated
    # a structural model with one exogenous construct needs none
    shopee = read_model(STUDY / "model.lav")
    assert [ln for ln in semopy_syntax(shopee).splitlines() if "~~" in ln] == ["OCR ~~ R"]
