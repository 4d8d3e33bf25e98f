"""Command-line interface: ``surveysem <command> ...``.

Each command lives beside the library code it drives, in a module that defines ``add_arguments(parser)`` and
``run(args) -> int`` (or in an object of that module with both, named ``module:object``); this file only registers
them. No command module imports another command module: ``surveysem pls`` and ``surveysem assess`` both live in
:mod:`surveysem.assess.cli`, above the engine's helpers in :mod:`surveysem.pls.cli`.
User errors (:class:`~surveysem.errors.SurveysemError`) print one line on stderr and exit 2. Every command runs
with BLAS pinned to one thread (:func:`surveysem.stats.single_threaded_blas`), so its numbers are the same bytes
whatever ``OMP_NUM_THREADS``/``OPENBLAS_NUM_THREADS`` say.
"""
from __future__ import annotations

import argparse
import difflib
import importlib
import re
import signal
import sys
import threading

from . import __version__, i18n
from .errors import SurveysemError
from .stats import single_threaded_blas

#: command name -> (module, or module:object, that defines add_arguments and run; one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "pls": ("surveysem.assess.cli:PLS", "estimate a PLS-SEM model (and bootstrap it); write tidy CSV tables"),
    "assess": ("surveysem.assess.cli", "assess a PLS-SEM model: reliability, validity, structural model, fit, mediation"),
    "clean": ("surveysem.data.cli", "clean a survey file: missing codes, ranges, straight-lining, outliers"),
    "describe": ("surveysem.describe.cli", "respondent profile and item descriptives of a cleaned survey"),
    "init": ("surveysem.scaffold", "a starting model.lav and config entry from a questionnaire export"),
    "simulate": ("surveysem.simulate", "simulate Likert survey data from a population structural model"),
    "regression": ("surveysem.regression.cli", "SPSS-style instrument tests, assumption tests and OLS regression"),
    "sessions": ("surveysem.sessions.cli", "live-commerce session analytics (frequency vs GMV)"),
    "coding": ("surveysem.coding.cli", "thematic coding matrix across cases"),
    "cbsem": ("surveysem.cbsem.cli", "covariance-based CFA/SEM cross-check with semopy"),
    "mga": ("surveysem.groups.cli", "multigroup analysis: group differences of paths (PLS-MGA, permutation) and MICOM"),
    "report": ("surveysem.report.cli", "formatted tables, figures and the study summary"),
    "power": ("surveysem.power.cli", "Monte Carlo power of every path and indirect effect over a grid of n"),
    "power-chunk": ("surveysem.power.cli:CHUNK", "one chunk of a power study's replications (workflow jobs)"),
    "power-gather": ("surveysem.power.cli:GATHER", "gather a power study's chunk files into its folder"),
}


class Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors, used for the top level and (as argparse's ``parser_class``) every command.

    A usage error prints ``surveysem: error: <command>: option --boot: 'abc' is not a whole number (e.g. --boot
    5000)`` and exits with 2, like every other user error; ``--help`` still prints the full usage.
    """

    def error(self, message: str):
        exc = sys.exc_info()[1]
        text = _usage_message(self, message, exc if isinstance(exc, argparse.ArgumentError) else None)
        command = self.prog.split(" ", 1)[1] if " " in self.prog else ""
        self.exit(2, f"surveysem: error: {command + ': ' if command else ''}{text}\n")

    def parse_args(self, args=None, namespace=None):
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:  # report an unknown option against the command it was given to
            sub = _command_parser(self, getattr(namespace, "command", None)) or self
            sub.error("unrecognized arguments: " + " ".join(extras))
        return namespace


def _command_parser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return None


def _usage_message(parser: argparse.ArgumentParser, message: str, exc: argparse.ArgumentError | None) -> str:
    """argparse's error text rewritten for a user: the option, what is wrong with the value, what is allowed."""
    see = f"see {parser.prog} --help"
    if exc is not None and exc.argument_name:
        name = exc.argument_name.split("/")[-1]
        action = next((a for a in parser._actions if name in a.option_strings or a.dest == name), None)
        what = exc.message
        m = re.match(r"invalid (\w+) value: (.*)$", what)
        example = _example(action)
        eg = f" (e.g. {name} {example})" if example is not None and action and action.option_strings else ""
        if action is not None and action.dest == "command" and "invalid choice" in what:
            value = re.match(r"invalid choice: (\S+)", what)
            given = value.group(1).strip("'") if value else "?"
            close = difflib.get_close_matches(given, list(action.choices or ()), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return f"{given!r} is not a command{hint} Commands: {', '.join(action.choices or ())} ({see})"
        if m and m.group(1) == "int":
            what = f"{m.group(2)} is not a whole number{eg}"
        elif m and m.group(1) == "float":
            what = f"{m.group(2)} is not a number{eg}"
        elif m:
            what = f"{m.group(2)} is not a valid value{eg}"
        elif what.startswith("invalid choice:") and action is not None and action.choices is not None:
            chosen = re.match(r"invalid choice: (.*?)(?: \(choose from .*\))?$", what)
            given = chosen.group(1) if chosen else what  # always matches: argparse writes the value's repr
            what = f"{given} is not one of {', '.join(str(c) for c in action.choices)}"
        elif what.startswith(("'", '"')):  # an ArgumentTypeError of surveysem.options
            what = f"{what}{eg}"
        elif what.startswith("expected one argument"):
            what = f"needs a value{eg}"
        elif what.startswith("expected "):
            what = f"needs {what[len('expected '):].replace('arguments', 'values').replace('argument', 'value')}"
        kind = "option" if name.startswith("-") else "argument"
        return f"{kind} {name}: {what}"
    m = re.match(r"the following arguments are required: (.*)$", message)
    if m:
        return f"missing required option{'s' if ',' in m.group(1) else ''} {m.group(1)} ({see})"
    m = re.match(r"unrecognized arguments: (.*)$", message)
    if m:
        unknown = [a for a in m.group(1).split() if a.startswith("-")] or m.group(1).split()
        known = [o for a in parser._actions for o in a.option_strings]
        close = difflib.get_close_matches(unknown[0].split("=")[0], known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        return f"unknown option {unknown[0]}{hint} ({see})"
    return f"{message} ({see})"


def _example(action: argparse.Action | None):
    """A valid value to show with an error: the one the help text recommends, else the default."""
    if action is None:
        return None
    m = re.search(r"(\d[\d.]*) recommended", action.help or "") or re.search(r"e\.g\. (\d[\d.]*)", action.help or "")
    if m:
        return m.group(1)
    if action.default is not None and not isinstance(action.default, (bool, list, tuple)):
        return action.default
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="surveysem", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"surveysem {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="command")
    for name, (target, help_) in COMMANDS.items():
        module, _, attr = target.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue  # command not built yet
            raise
        if attr:
            mod = getattr(mod, attr)
        if not hasattr(mod, "add_arguments"):
            continue
        p = sub.add_parser(name, help=help_, description=help_)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


class Stopped(BaseException):
    """SIGTERM or SIGHUP (what Snakemake and a closing terminal send), raised where the program is, so that every
    ``with atomic_output_dir`` removes its temporary folder as it does for an error."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    for sig in _STOP_SIGNALS:  # a second signal must not interrupt the clean-up of the first
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _catch_stop_signals() -> dict:
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {sig: signal.signal(sig, _stop) for sig in _STOP_SIGNALS}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # a usage error (one line, printed by Parser.error), --help or --version
        return exc.code if isinstance(exc.code, int) else 2
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    previous = _catch_stop_signals()
    try:
        with single_threaded_blas(), i18n.use(getattr(args, "language", i18n.DEFAULT)) as translator:
            code = int(args._run(args) or 0)
        if translator.missing:  # printed in English; the log names them so the catalogue can be completed
            print(f"surveysem: {len(translator.missing)} text(s) without a {translator.language!r} translation, "
                  "printed in English: " + " | ".join(sorted(translator.missing)[:20]), file=sys.stderr)
        return code
    except SurveysemError as exc:
        print(f"surveysem: error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("surveysem: interrupted", file=sys.stderr)
        return 130
    except Stopped as exc:
        print(f"surveysem: stopped by {signal.Signals(exc.signum).name}", file=sys.stderr)
        return 128 + exc.signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
