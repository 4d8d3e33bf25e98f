"""A workflow run killed half-way and rerun with the README's command leaves no temporary folder and gives the same
bytes as an uninterrupted run (issue 17, "interrupted runs").

Both runs use the small swapped-in study of ``test_workflow.py`` (B = 200). The run is killed twice, each time the
whole process group, as ``kill -- -PGID`` (SIGTERM) and Ctrl-C in a terminal (SIGINT) do, while a step is writing its
output folder (a ``.NAME.tmp-*`` folder is seen), then run once more to the end. Compared: every file under ``results/`` (tables, figures, run.json, logs,
Snakemake's ``.snakemake_timestamp``), byte for byte; nothing is excluded.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from workflow_copy import build_workflow, run_snakemake, snakemake_command

pytestmark = pytest.mark.slow


def _files(results: Path) -> dict[str, bytes]:
    return {str(p.relative_to(results)): p.read_bytes() for p in sorted(results.rglob("*")) if p.is_file()}


def _leftovers(results: Path) -> list[str]:
    return [str(p) for p in results.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name]


def _writing(results: Path, pattern: str) -> list[Path]:
    """The ``pattern`` folders under ``results`` now. The steps create and remove folders while we look, so a folder
    that vanishes mid-walk is skipped (``Path.rglob`` raises FileNotFoundError then)."""
    found = []
    for top, dirs, _ in os.walk(results, onerror=lambda error: None):
        found += [Path(top, d) for d in dirs if Path(d).match(pattern)]
    return found


def _wait_for_group(pgid: int, timeout: float = 60) -> None:
    """Until every process of the group (the steps Snakemake started) has exited and cleaned up."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError("processes of the killed run are still alive")


def _run_and_kill(work: Path, sig: int, writing: str, log: Path, *args: str) -> None:
    """Start the README's command (plus ``args``); when a ``writing`` folder appears, send ``sig`` to its whole
    process group."""
    results = work / "results"
    with log.open("w") as out:
        proc = subprocess.Popen(snakemake_command(*args), cwd=work, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # its own process group, as a terminal's foreground job
        seen = []
        end = time.monotonic() + 300
        while proc.poll() is None and not seen and time.monotonic() < end:
            seen = _writing(results, writing)
            time.sleep(0.02)
        assert seen, f"no {writing} folder appeared before the run ended"
        os.killpg(proc.pid, sig)
        try:
            code = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:  # say what Snakemake was doing, then clean up
            os.killpg(proc.pid, signal.SIGKILL)
            out.flush()
            raise AssertionError(f"Snakemake did not stop within 120 s of {signal.Signals(sig).name}; its log ends:\n"
                                 + log.read_text(errors="replace")[-3000:]) from None
        assert code != 0  # the run was cut off
        _wait_for_group(proc.pid)


def test_killed_and_rerun_workflow_equals_an_uninterrupted_run(tmp_path):
    whole = build_workflow(tmp_path / "whole")
    run = run_snakemake(whole)
    assert run.returncode == 0, run.stderr[-3000:]
    uninterrupted = _files(whole / "results")

    work = build_workflow(tmp_path / "killed")
    results = work / "results"
    # kill while the PLS tables are written. One job at a time: Snakemake 9's SIGTERM handler takes the scheduler's
    # (non-reentrant) lock, so a SIGTERM that arrives while Snakemake records another finished job (describe runs
    # beside pls with 2 cores) deadlocks Snakemake itself (seen: JobScheduler.exit_gracefully waiting inside
    # _finish_jobs; README, "If a run is cut off"). Our steps' clean-up is what this test is about.
    _run_and_kill(work, signal.SIGTERM, ".pls.tmp-*", tmp_path / "kill1.log", "--cores", "1")
    assert _leftovers(results) == []  # the killed step removed its temporary folder itself
    assert not (results / "survei_saya" / "pls").exists()  # and left no half-written folder
    _run_and_kill(work, signal.SIGINT, ".figures.tmp-*", tmp_path / "kill2.log")  # Ctrl-C while figures are written
    assert _leftovers(results) == []

    rerun = run_snakemake(work)  # the README's command, nothing added (profiles/default: --rerun-incomplete)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert _leftovers(results) == []
    again = _files(results)
    assert sorted(again) == sorted(uninterrupted)
    differ = [name for name in again if again[name] != uninterrupted[name]]
    assert differ == []
