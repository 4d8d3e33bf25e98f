"""Command-line interface: ``surveysem <command> ...``.

Each command lives beside the library code it drives, in a module that defines
``add_arguments(parser)`` and ``run(args) -> int``; this file only registers them.
User errors (:class:`~surveysem.errors.SurveysemError`) print one line on stderr and exit 2.
"""
from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading

from . import __version__
from .errors import SurveysemError

#: command name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "pls": ("surveysem.pls.cli", "estimate a PLS-SEM model (and bootstrap it); write tidy CSV tables"),
    "assess": ("surveysem.assess.cli", "assess a PLS-SEM model: reliability, validity, structural model, fit, mediation"),
    "clean": ("surveysem.data.cli", "clean a survey file: missing codes, ranges, straight-lining, outliers"),
    "simulate": ("surveysem.simulate", "simulate Likert survey data from a population structural model"),
    "regression": ("surveysem.regression.cli", "SPSS-style instrument tests, assumption tests and OLS regression"),
    "sessions": ("surveysem.sessions.cli", "live-commerce session analytics (frequency vs GMV)"),
    "coding": ("surveysem.coding.cli", "thematic coding matrix across cases"),
    "cbsem": ("surveysem.cbsem", "covariance-based CFA/SEM cross-check with semopy"),
    "report": ("surveysem.report.cli", "formatted tables, figures and the study summary"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="surveysem", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"surveysem {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="command")
    for name, (module, help_) in COMMANDS.items():
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue  # command not built yet
            raise
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
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    previous = _catch_stop_signals()
    try:
        return int(args._run(args) or 0)
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
