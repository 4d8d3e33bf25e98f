"""``surveysem clean``: clean a survey file for a model and write the cleaning outputs atomically.

Writes into ``--out`` (all or nothing): ``clean.csv`` (retained rows, all columns, items cleaned),
``excluded_rows.csv`` (row, respondent, reason), ``flags.csv`` (every rule hit), ``item_descriptives.csv``,
``cleaning_counts.json`` and ``cleaning_report.md``.
"""
from __future__ import annotations

import argparse

from ..errors import ConfigError
from ..io import atomic_output_dir, check_output_dir, write_csv, write_json
from ..model import read_model
from ..options import finite, number
from .clean import DUPLICATES, MISSING_TREATMENTS, OUT_OF_RANGE, STRAIGHTLINING, clean_survey
from .read import read_table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="survey file (.csv, .xlsx, .sav)")
    parser.add_argument("--model", required=True, help="lavaan-syntax model file (its indicators are cleaned)")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole on success)")
    parser.add_argument("--likert", nargs=2, type=finite, default=[1, 5], metavar=("LOW", "HIGH"),
                        help="answer scale (default 1 5)")
    parser.add_argument("--missing-value", nargs="+", default=[], dest="missing_values", metavar="CODE",
                        help="codes meaning 'no answer', e.g. -99")
    parser.add_argument("--missing", choices=MISSING_TREATMENTS, default="mean", help="missing-answer treatment")
    parser.add_argument("--reverse", nargs="+", default=[], metavar="ITEM", help="reverse-coded items")
    parser.add_argument("--straightlining", choices=STRAIGHTLINING, default="flag")
    parser.add_argument("--duplicates", choices=DUPLICATES, default="flag")
    parser.add_argument("--out-of-range", choices=OUT_OF_RANGE, default="error", dest="out_of_range")
    parser.add_argument("--mahalanobis-alpha", type=number(0, 1, high_open=True), default=0.001, dest="mahalanobis_alpha",
                        help="outlier screen level; 0 switches it off")
    parser.add_argument("--id-column", default=None, dest="id_column", help="respondent id column")
    parser.add_argument("--sheet", default=0, help="Excel sheet (name or 0-based number)")


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.mahalanobis_alpha < 1:
        raise ConfigError(f"--mahalanobis-alpha is {args.mahalanobis_alpha}", fix="Give a level such as 0.001, or 0 to skip")
    inputs = (args.data, args.model)
    check_output_dir(args.out, inputs)
    model = read_model(args.model)
    sheet = int(args.sheet) if str(args.sheet).isdigit() else args.sheet
    df = read_table(args.data, sheet=sheet)
    model.check_columns(df.columns, data_name=str(args.data))
    low, high = (int(v) if float(v).is_integer() else v for v in args.likert)  # nargs=2
    res = clean_survey(
        df, model.indicators, likert=(low, high), missing_values=args.missing_values, missing=args.missing,
        reverse=args.reverse, straightlining=args.straightlining, duplicates=args.duplicates,
        out_of_range=args.out_of_range, mahalanobis_alpha=args.mahalanobis_alpha or None,
        id_column=args.id_column, source=str(args.data))
    with atomic_output_dir(args.out, inputs=inputs, made_by="surveysem clean") as tmp:
        write_csv(res.clean, tmp / "clean.csv")
        write_csv(res.excluded_rows, tmp / "excluded_rows.csv")
        write_csv(res.flags, tmp / "flags.csv")
        write_csv(res.item_descriptives, tmp / "item_descriptives.csv")
        write_json(res.counts | {"warnings": res.warnings}, tmp / "cleaning_counts.json")
        (tmp / "cleaning_report.md").write_text(res.to_markdown(), encoding="utf-8")
    return 0
