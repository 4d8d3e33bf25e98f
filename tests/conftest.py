"""Shared test fixtures: where the outside references live, and the ONE rule for tests that need ``../shared``.

Two kinds of outside reference:

* ``tests/reference/`` (``VENDORED``) is committed with the code: R seminr, cSEM, lavaan and R regression outputs on
  the project's own MIT example data (``tests/reference/README.md`` names the tool, version, call and script of each
  file). Tests pinned to them run on every checkout.
* ``../shared`` (``SHARED``) beside the checkout holds the GPL datasets (corp_rep, mobi) and the references computed on
  them. Tests that need it carry the marker ``needs_shared`` (decorator, ``pytestmark = needs_shared`` or
  ``pytest.param(..., marks=needs_shared)``); fixtures that read it call :func:`require_shared`. When the folder is
  absent such a test is **skipped with a visible reason**, or **fails** when the environment variable
  ``SURVEYSEM_REQUIRE_REFERENCE=1`` is set (``.ci/run`` sets it), so CI can never pass with references skipped.

Expected numbers come from these files, from papers, or from hand computations written out in the test, never from
this package's own earlier output.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings as _hypothesis_settings

# Property and fuzz tests see the same generated cases on every run (CI cannot turn red by chance); set
# SURVEYSEM_HYPOTHESIS=random to explore new cases locally (failures found that way get their own regression test).
_hypothesis_settings.register_profile("surveysem", derandomize=True, print_blob=True)
_hypothesis_settings.register_profile("random", print_blob=True)
_hypothesis_settings.load_profile("random" if os.environ.get("SURVEYSEM_HYPOTHESIS") == "random" else "surveysem")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
DATASETS = SHARED / "datasets"
VENDORED = ROOT / "tests" / "reference"
OWN_DATA = VENDORED / "own_data"

REQUIRE_ENV = "SURVEYSEM_REQUIRE_REFERENCE"


def references_required() -> bool:
    """True when ``SURVEYSEM_REQUIRE_REFERENCE`` is set to anything but empty or ``0`` (CI)."""
    return os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0")


def require_shared() -> None:
    """Return if ``../shared`` is beside the checkout; otherwise skip the test, or fail it in CI.

    The one mechanism for every test and fixture that reads ``SHARED`` (the ``needs_shared`` marker calls it too).
    """
    if SHARED.is_dir():
        return
    if references_required():
        pytest.fail(f"{REQUIRE_ENV}=1 but the outside references are missing: {SHARED} does not exist. "
                    "Put the shared reference folder beside the checkout (../shared) or unset the variable.",
                    pytrace=False)
    pytest.skip(f"needs ../shared (outside references and GPL datasets), not beside the checkout at {SHARED}; "
                f"{REQUIRE_ENV}=1 turns this skip into a failure")


needs_shared = pytest.mark.needs_shared

# Tests that run the workflow on a Slurm cluster (tests/workflow/test_slurm.py) carry the marker ``needs_slurm``: they
# are skipped with the reason when no Slurm controller answers ``scontrol ping`` (start one with
# ``bash .ci/slurm.sh start``), and fail instead when SURVEYSEM_REQUIRE_SLURM=1
# (``.ci/run`` starts the cluster and sets it).
REQUIRE_SLURM_ENV = "SURVEYSEM_REQUIRE_SLURM"
needs_slurm = pytest.mark.needs_slurm


def slurm_missing() -> str | None:
    """Why no Slurm cluster can take jobs here (None when ``scontrol ping`` reports the controller UP)."""
    import shutil
    import subprocess

    if shutil.which("scontrol") is None:
        return "scontrol is not installed (no Slurm client)"
    try:
        ping = subprocess.run(["scontrol", "ping"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "scontrol ping did not answer within 30 s"
    if ping.returncode != 0 or " is UP" not in ping.stdout:
        lines = (ping.stdout + ping.stderr).strip().splitlines()
        said = lines[-1].strip() if lines else f"exit status {ping.returncode}"
        return f"no Slurm controller answers `scontrol ping` ({said})"
    return None


def require_slurm() -> None:
    """Return if a Slurm controller answers; otherwise skip the test, or fail it when SURVEYSEM_REQUIRE_SLURM=1."""
    reason = slurm_missing()
    if reason is None:
        return
    if os.environ.get(REQUIRE_SLURM_ENV, "").strip() not in ("", "0"):
        pytest.fail(f"{REQUIRE_SLURM_ENV}=1 but {reason}. Start the cluster with `bash .ci/slurm.sh start` (as "
                    "root) or unset the variable.", pytrace=False)
    pytest.skip(f"needs a Slurm cluster: {reason}. Start a single-node one with `bash .ci/slurm.sh start` (as root); "
                f"{REQUIRE_SLURM_ENV}=1 turns this skip into a failure")


def pytest_addoption(parser):
    parser.addoption("--reference-diffs", action="store_true",
                     help="print the measured max differences of every outside-reference comparison "
                          "(tests/reference/compare.py) with their tolerances")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # the wall times the Slurm test records (record_property "slurm_wall_time"), in every CI log
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for key, value in getattr(report, "user_properties", []):
            if key == "slurm_wall_time" and report.when == "call":
                terminalreporter.write_line(f"{report.nodeid}: {value}")
    if config.getoption("--reference-diffs"):
        from reference.compare import measured_table

        terminalreporter.section("measured differences from the outside references")
        terminalreporter.write_line(measured_table())


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "needs_shared: needs ../shared beside the checkout; skipped without it, failed without it when "
                   f"{REQUIRE_ENV}=1")
    config.addinivalue_line(
        "markers", "needs_slurm: runs jobs on a Slurm cluster (scontrol ping must answer); skipped without one, "
                   f"failed without one when {REQUIRE_SLURM_ENV}=1")


def pytest_report_header(config):
    if SHARED.is_dir():
        state = f"present ({SHARED})"
    else:
        state = f"MISSING ({SHARED}): tests marked needs_shared will " + (
            "FAIL" if references_required() else "be skipped")
    return [f"surveysem references: tests/reference/ (vendored, always run); ../shared {state}; "
            f"{REQUIRE_ENV}={'1' if references_required() else 'unset'}"]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("needs_shared") is not None:
        require_shared()
    if item.get_closest_marker("needs_slurm") is not None:
        require_slurm()


def load_json(relpath: str) -> dict:
    """A reference JSON under ``../shared/reference`` (call from a test or fixture that needs ``../shared``)."""
    require_shared()
    return json.loads((REFERENCE / relpath).read_text())


def load_own(relpath: str) -> dict:
    """A vendored reference JSON under ``tests/reference/own_data`` (always present)."""
    return json.loads((OWN_DATA / relpath).read_text())


@pytest.fixture(scope="session")
def corp_rep_raw() -> pd.DataFrame:
    require_shared()
    return pd.read_csv(DATASETS / "corp_rep_data.csv")


@pytest.fixture(scope="session")
def corp_rep_models():
    from surveysem.model import read_model

    require_shared()
    return {
        "simple": read_model(REFERENCE / "models" / "corp_rep_simple.lav"),
        "extended": read_model(REFERENCE / "models" / "corp_rep_extended.lav"),
    }
