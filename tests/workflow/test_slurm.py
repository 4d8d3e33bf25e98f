"""The workflow run on a Slurm cluster gives the same bytes as a local run (issue 15, item 5).

A copy of the workflow with one study of ``config.yaml`` (``STUDY``, made small by ``SMALL``) is run twice from empty
results folders, side by side: with the README's cluster command (``--workflow-profile workflow/profiles/slurm``:
``--executor slurm``, every step one Slurm job) and locally (``--cores 1``, the default profile). Every file under
``results/`` is compared byte for byte, logs and ``run.json`` included (they hold relative paths and no timestamps,
as ``test_reproducible.py`` relies on); nothing is excluded. The Slurm run must really have gone through Slurm: the
plugin's submission lines are counted against the jobs Snakemake ran.

Needs a Slurm controller (marker ``needs_slurm``, tests/conftest.py): ``.ci/run`` starts a single-node cluster with
``.ci/slurm.sh start`` and sets SURVEYSEM_REQUIRE_SLURM=1; elsewhere the test is skipped with the reason.
The wall times are printed at the end of every pytest run (tests/conftest.py). Measured 2026-12-02 on the 2-core
machine kind CI uses (Slurm 22.05.8, snakemake-executor-plugin-slurm 2.8.0): the power study shopee_power (n 50 and
100, 20 replications, B = 50, in 4 chunk jobs) with its source study shopee_trust (B = 60, no CB-SEM): 74 s on Slurm
beside 18 s locally, all files identical (before the power study existed, shopee_trust alone: 79 s beside 37 s).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import needs_slurm
from workflow_copy import copy_workflow

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "workflow/profiles/slurm"

# The study run on Slurm and locally, and the settings that keep it small: the Monte Carlo power study (issue 15:
# sharded into chunk jobs), and the PLS study it draws its population from, which comes along (its estimates do not
# depend on the number of resamples, so a small bootstrap keeps the population the same).
STUDY, SMALL = "shopee_power", {"n": [50, 100], "replications": 20, "boot": 50}
UPSTREAM_SMALL = {"boot": 60, "cbsem": False}


def _copy(work: Path) -> Path:
    """The workflow, the example data, and a config.yaml that runs only ``STUDY`` (``run:``), with ``SMALL`` applied.

    The studies ``STUDY`` reads (its ``from:``, as a power study names the PLS study of its population) are kept in
    the config unchanged, so that their steps run when ``STUDY`` needs them.
    """
    copy_workflow(work)
    shutil.copytree(ROOT / "data", work / "data")
    every = yaml.safe_load((ROOT / "config.yaml").read_text())["studies"]
    studies, name = {STUDY: {**every[STUDY], **SMALL}}, every[STUDY].get("from")
    while name and name not in studies:
        studies[name] = {**every[name], **UPSTREAM_SMALL}
        name = every[name].get("from")
    config = {"results": "results", "run": [STUDY], "studies": studies}
    (work / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return work


def _files(results: Path) -> dict[str, bytes]:
    return {str(p.relative_to(results)): p.read_bytes() for p in sorted(results.rglob("*")) if p.is_file()}


def test_the_slurm_profile_keeps_the_default_profiles_settings():
    """A workflow profile replaces profiles/default/, so the Slurm one must repeat each of its settings."""
    default = yaml.safe_load((ROOT / "profiles" / "default" / "config.yaml").read_text())
    slurm = yaml.safe_load((ROOT / PROFILE / "config.yaml").read_text())
    assert default, "profiles/default/config.yaml sets nothing"
    assert {key: slurm.get(key) for key in default} == default
    assert slurm["executor"] == "slurm"
    # without slurmdbd (.ci/slurm.sh) sacct fails and the plugin would wait for ever (../shared/recipes/slurm/HOWTO.md)
    assert slurm["slurm-status-command"] == "squeue"


@needs_slurm
@pytest.mark.slow
def test_the_workflow_on_slurm_equals_a_local_run(tmp_path, record_property):
    slurm_work, local_work = _copy(tmp_path / "slurm"), _copy(tmp_path / "local")
    commands = {"slurm": [sys.executable, "-m", "snakemake", "--workflow-profile", PROFILE],
                "local": [sys.executable, "-m", "snakemake", "--cores", "1"]}
    logs = {name: tmp_path / f"{name}.log" for name in commands}
    handles = {name: log.open("w") for name, log in logs.items()}
    start = time.monotonic()
    runs = {name: subprocess.Popen(command, cwd=tmp_path / name, stdout=handles[name], stderr=subprocess.STDOUT,
                                   start_new_session=True)
            for name, command in commands.items()}
    seconds: dict[str, float] = {}
    try:
        while len(seconds) < len(runs) and time.monotonic() - start < 1200:
            seconds.update({name: time.monotonic() - start for name, proc in runs.items()
                            if name not in seconds and proc.poll() is not None})
            time.sleep(0.2)
    finally:  # a run still going (time-out, interrupted test): stop it; Snakemake cancels its Slurm jobs on SIGTERM
        for proc in runs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        for handle in handles.values():
            handle.close()
    out = {name: log.read_text(errors="replace") for name, log in logs.items()}
    # printed at the end of every pytest run (tests/conftest.py, pytest_terminal_summary)
    record_property("slurm_wall_time", f"wall time, both runs side by side: --executor slurm "
                    f"{seconds.get('slurm', float('nan')):.0f} s, local --cores 1 {seconds.get('local', float('nan')):.0f} s")
    for name, proc in runs.items():
        assert proc.returncode == 0, f"{name} run failed:\n{out[name][-4000:]}"

    # every job went through Slurm: one submission line per job Snakemake ran (rule `all` is local)
    done = re.search(r"(\d+) of (\d+) steps \(100%\) done", out["slurm"])
    assert done, out["slurm"][-3000:]
    submitted = re.findall(r"submitted with SLURM jobid (\d+)", out["slurm"])
    assert len(set(submitted)) == int(done.group(2)) - 1 >= 3, out["slurm"][-3000:]

    slurm, local = _files(slurm_work / "results"), _files(local_work / "results")
    assert len(local) > 30 and sorted(slurm) == sorted(local)
    for name in (f"{STUDY}/summary.md", f"{STUDY}/report.docx", f"{STUDY}/tables/index.md"):
        assert name in local, name
    differ = sorted(name for name in local if slurm[name] != local[name])
    assert differ == []
