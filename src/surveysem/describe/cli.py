"""``surveysem describe``: the respondent profile and the item descriptives of the rows a cleaning step kept.

    surveysem describe --data FILE --cleaning results/s/cleaning --model FILE --out results/s/describe
                       [--likert 1 5] [--id-column id] [--profile auto|none|COLUMN ...] [--profile-order JSON]
                       [--language en|id]

Writes ``profile.csv``, ``profile_columns.csv``, ``descriptive_items.csv``, ``descriptive_constructs.csv``,
``descriptive_bands.csv``, ``figures/profile.png``/``.svg`` and ``run.json`` into ``--out``, all or nothing; the
figure's text is in ``--language`` (the CSVs stay English).
"""
from __future__ import annotations

import argparse
import json

from ..errors import ConfigError
from ..options import add_language_argument, finite


class _Profile(argparse.Action):
    """``--profile auto``, ``--profile none`` or ``--profile COL [COL ...]`` (a list of columns)."""

    def __call__(self, parser, namespace, values, option_string=None):
        values = list(values)
        setattr(namespace, self.dest, values[0] if values in (["auto"], ["none"]) else values)


def profile_order(text: str) -> dict:
    """``--profile-order '{"Usia": ["< 18", "18-22"]}'``: a JSON object, column → list of categories."""
    try:
        value = json.loads(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a JSON object of column -> list of categories") from None
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise argparse.ArgumentTypeError("not a JSON object of column -> list of categories")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="the survey file given to surveysem clean")
    parser.add_argument("--cleaning", required=True, metavar="DIR", help="the folder surveysem clean wrote")
    parser.add_argument("--model", required=True, help="lavaan-syntax model file (the items of each construct)")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole on success)")
    parser.add_argument("--likert", nargs=2, type=finite, default=[1, 5], metavar=("LOW", "HIGH"),
                        help="answer scale (default 1 5)")
    parser.add_argument("--id-column", default=None, dest="id_column", help="respondent id column (never profiled)")
    parser.add_argument("--profile", nargs="+", action=_Profile, default="auto", metavar="COLUMN",
                        help="profile columns: auto (default), none, or the column names")
    parser.add_argument("--profile-order", type=profile_order, default={}, dest="profile_order", metavar="JSON",
                        help='category order per profile column, e.g. \'{"Usia": ["< 18", "18-22", "> 22"]}\'')
    parser.add_argument("--sheet", default=0, help="Excel sheet (name or 0-based number)")
    add_language_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..io import check_output_dir
    from .study import run_describe

    inputs = {"data": args.data, "model": args.model, "cleaning": args.cleaning}
    check_output_dir(args.out, inputs.values())
    if not all(float(v).is_integer() for v in args.likert):
        raise ConfigError("--likert {lo:g} {hi:g} is not a whole-number scale".format(lo=args.likert[0],
                                                                                      hi=args.likert[1]),
                          fix="Give the lowest and highest answer as whole numbers, e.g. --likert 1 5")
    likert = tuple(int(v) for v in args.likert)
    sheet = int(args.sheet) if str(args.sheet).isdigit() else args.sheet
    result = run_describe(args.data, args.cleaning, args.model, likert=likert, id_column=args.id_column,
                          profile=args.profile, profile_order=args.profile_order, sheet=sheet)
    result.write(args.out, inputs=inputs)
    print("surveysem describe: wrote {out} (N = {n}; profile columns: {cols})".format(
        out=args.out, n=result.meta["n"], cols=", ".join(result.meta["profile_columns"]) or "none"))
    return 0
