"""The code checks CI runs with the tests (issue 11, developer habits): ruff, mypy and ``snakemake --lint``.

They run as tests so that the README's one test command is also CI's (``.ci/run``): a finding fails the suite with
the tool's own message. Configuration: ``[tool.ruff]`` and ``[tool.mypy]`` in pyproject.toml (each ignore there has
its reason); the workflow's lint is Snakemake's own rule set (log files, conda envs, no absolute paths, ...).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_COLOR": "1"}
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600, **kw)


def test_ruff_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: it is part of the test extra (pip install -e '.[test]')")
    out = _run([ruff, "check", "--no-cache", "."])
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


@pytest.mark.slow
def test_mypy_clean():
    out = _run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull])
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


@pytest.mark.slow
def test_snakemake_lint_clean():
    out = _run([sys.executable, "-m", "snakemake", "--lint", "--cores", "1"])
    text = out.stdout + out.stderr
    assert out.returncode == 0, text[-4000:]
    assert "Lints for" not in text, text[-4000:]  # snakemake --lint prints findings under "Lints for rule ..."
