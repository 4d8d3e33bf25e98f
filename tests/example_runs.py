"""The example studies' analysis steps as config.yaml runs them, for tests that need a results folder to report on."""
from __future__ import annotations

from pathlib import Path

from surveysem.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def cli(*args) -> None:
    """``surveysem ARGS`` in this process; fails the test on a non-zero exit."""
    assert main([str(a) for a in args]) == 0


def run_shopee_trust(study: Path, boot: int, cbsem_figures: bool = True) -> Path:
    """shopee_trust's clean, pls (purify strict, assessment) and CB-SEM steps into ``study`` with ``boot`` resamples."""
    model = DATA / "shopee_trust" / "model.lav"
    cli("clean", "--data", DATA / "shopee_trust" / "data.csv", "--model", model, "--out", study / "cleaning",
        "--missing-value", "-99", "--id-column", "id", "--missing", "none")
    cli("pls", "--data", study / "cleaning" / "clean.csv", "--model", model, "--out", study / "pls", "--boot", boot,
        "--seed", "2022", "--assess", "--purify", "strict", "--predict-reps", "2", "--no-draws", "--quiet")
    cli("cbsem", "--data", study / "cleaning" / "clean.csv", "--model", model, "--pls-dir", study / "pls",
        "--out", study / "cbsem", *([] if cbsem_figures else ["--no-figures"]))
    return study


def run_bukalapak_loyalty(study: Path, boot: int) -> Path:
    """bukalapak_loyalty's clean and regression steps (one-tailed, as config.yaml) into ``study``."""
    model = DATA / "bukalapak_loyalty" / "model.lav"
    cli("clean", "--data", DATA / "bukalapak_loyalty" / "data.csv", "--model", model, "--out", study / "cleaning",
        "--missing-value", "-99", "--id-column", "id", "--missing", "none")
    cli("regression", "--data", study / "cleaning" / "clean.csv", "--model", model, "--out", study / "regression",
        "--tails", "1", "--seed", "2021", "--boot", boot, "--likert", "1", "5")
    return study
