"""Command-line usage errors are one line naming the command, the option and what is allowed (issue 16, item 6):
``surveysem: error: pls: option --boot: 'abc' is not a whole number (e.g. --boot 5000)``, exit 2; ``--help`` keeps
argparse's full usage. One parser class does this for every command (surveysem.cli.Parser)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from surveysem.cli import COMMANDS, build_parser, main

PLS = ["pls", "--data", "d.csv", "--model", "m.lav", "--out", "o"]


@pytest.mark.parametrize("argv, expected", [
    (PLS + ["--boot", "abc"], "surveysem: error: pls: option --boot: 'abc' is not a whole number (e.g. --boot 5000)"),
    (PLS + ["--boot", "5000.0"], "surveysem: error: pls: option --boot: '5000.0' is not a whole number (e.g. --boot 5000)"),
    (PLS + ["--scheme", "x"], "surveysem: error: pls: option --scheme: 'x' is not one of path, factorial, centroid"),
    (PLS + ["--seed", "-1"], "surveysem: error: pls: option --seed: '-1' is not a whole number of 0 or more (e.g. --seed 42)"),
    (PLS + ["--tol", "nan"], "surveysem: error: pls: option --tol: 'nan' is not a finite number (e.g. --tol 1e-07)"),
    (PLS + ["--max-iter", "0"], "surveysem: error: pls: option --max-iter: '0' is not a whole number of 1 or more"),
    (PLS + ["--ci", "1"], "surveysem: error: pls: option --ci: '1' is not between 0 and 1 (exclusive) (e.g. --ci 0.95)"),
    (PLS + ["--boot"], "surveysem: error: pls: option --boot: needs a value (e.g. --boot 5000)"),
    (PLS + ["--boots", "5"], "surveysem: error: pls: unknown option --boots; did you mean --boot? (see surveysem pls --help)"),
    (["pls", "--data", "d.csv"], "surveysem: error: pls: missing required options --model, --out (see surveysem pls --help)"),
    (["plss"], "surveysem: error: 'plss' is not a command; did you mean 'pls'?"),
    (["assess", "--data", "d", "--model", "m", "--out", "o", "--predict-reps", "0"],
     "surveysem: error: assess: option --predict-reps: '0' is not a whole number of 1 or more (e.g. --predict-reps 10)"),
    (["clean", "--data", "d", "--model", "m", "--out", "o", "--likert", "1"],
     "surveysem: error: clean: option --likert: needs 2 values"),
    (["regression", "--data", "d", "--model", "m", "--out", "o", "--tails", "3"],
     "surveysem: error: regression: option --tails: 3 is not one of 1, 2"),
    (["sessions", "--data", "d", "--out", "o", "--seed", "x"],
     "surveysem: error: sessions: option --seed: 'x' is not a whole number"),
])
def test_usage_error_is_one_line_naming_command_option_and_allowed_values(capsys, argv, expected):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(expected), err


def test_every_command_parser_uses_the_one_line_parser():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    assert all(type(p) is type(parser) for p in sub.choices.values())


def test_help_still_prints_the_full_usage():
    out = subprocess.run([sys.executable, "-m", "surveysem.cli", "pls", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("usage: surveysem pls [-h] --data DATA")
    assert "--scheme {path,factorial,centroid}" in out.stdout and out.stdout.count("\n") > 15


def test_console_script_exits_2_on_a_usage_error():
    out = subprocess.run([sys.executable, "-m", "surveysem.cli", *PLS, "--boot", "abc"], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and out.stdout == ""
