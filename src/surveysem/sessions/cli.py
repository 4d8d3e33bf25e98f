"""``surveysem sessions``: live-commerce session analytics (does going live more often sell more?).

Writes tidy CSV tables, ``summary.txt``, ``run.json`` and the figures (see ``docs/sessions.md``) into ``--out`` as
one all-or-nothing folder.
"""
from __future__ import annotations

import argparse

from ..options import add_language_argument, probability, renamed, whole_number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="session records, one row per live session (.csv, .xlsx)")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    parser.add_argument("--window", type=whole_number(1), default=28, help="window in calendar days (28)")
    parser.add_argument("--anchor", choices=["data", "account"], default="data",
                        help="window ends at the last session of the file (data, default) or of each account")
    parser.add_argument("--rolling", action="store_true", help="also write trailing-window metrics (rolling.csv)")
    parser.add_argument("--step", type=whole_number(1), default=7, help="days between rolling window ends (7)")
    parser.add_argument("--seed", type=whole_number(0), default=None,
                        help="bootstrap seed (required unless --boot 0; e.g. 42)")
    parser.add_argument("--boot", type=whole_number(0), default=5000,
                        help="bootstrap resamples of accounts (5000 recommended, the default)")
    parser.add_argument("--ci", type=probability, default=0.95, help="confidence level of the bootstrap intervals (0.95)")
    renamed(parser, "--level", "--ci", type=probability)
    parser.add_argument("--decimal", choices=[",", "."], default=None,
                        help="decimal mark for ambiguous numbers such as 1.250 (default: inferred, else Indonesian ',')")
    parser.add_argument("--columns", action="append", default=[], metavar="NAME=COLUMN[,...]",
                        help="map session columns to your file's names, e.g. account=akun,gmv=omzet")
    parser.add_argument("--no-figures", action="store_true", help="do not draw the figures")
    add_language_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..io import check_output_dir
    from .read import parse_column_mapping

    check_output_dir(args.out, [args.data])
    from .study import run_sessions_study

    result = run_sessions_study(args.data, columns=parse_column_mapping(args.columns), window=args.window,
                                anchor=args.anchor, rolling=args.rolling, step=args.step, boot=args.boot,
                                seed=args.seed, level=args.ci, decimal=args.decimal)
    result.write(args.out, figures=not args.no_figures, inputs=[args.data])
    h = result.hypotheses.iloc[0]
    print(f"surveysem sessions: wrote {args.out} ({result.meta['n_accounts']} accounts, "
          f"{result.meta['n_in_window']} sessions in the window; H1 {h['verdict']}; "
          f"{len(result.warnings)} warning(s), listed in run.json)")
    return 0
