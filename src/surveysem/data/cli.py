"""``surveysem clean``: clean a survey file for a model and write the cleaning outputs atomically.

Writes into ``--out`` (all or nothing): ``clean.csv`` (retained rows, all columns, items cleaned),
``excluded_rows.csv`` (row, respondent, reason), ``flags.csv`` (every rule hit), ``item_descriptives.csv``,
``cleaning_counts.json`` and ``cleaning_report.md``; when they apply, ``columns.csv`` (item, header, rule: the
question header each item code was found in), ``labels.csv`` (item, label, value, cells: the text answers recoded)
and ``value_labels.csv`` (item, value, label: an SPSS file's value labels).

Identifying columns (names, e-mail addresses, phone numbers: :func:`surveysem.data.privacy.identifying_columns`)
are dropped from every file written; the report names them.
"""
from __future__ import annotations

import argparse

import pandas as pd

from ..errors import ConfigError
from ..io import atomic_output_dir, check_output_dir, write_csv, write_json
from ..model import read_model
from ..options import finite, number
from .clean import DUPLICATES, MISSING_TREATMENTS, OUT_OF_RANGE, STRAIGHTLINING, clean_survey
from .columns import ITEM_CODES, apply_item_codes
from .labels import parse_labels_option
from .privacy import identifying_columns
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
    parser.add_argument("--item-codes", choices=ITEM_CODES, default="auto", dest="item_codes",
                        help="find each item's column by its name (exact), by a header starting with it (prefix), "
                             "or exact then prefix (auto)")
    parser.add_argument("--labels", default="auto",
                        help="text answers: auto, a label set (id5, en_agree5, ...) or LABEL=NUMBER,LABEL=NUMBER")


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.mahalanobis_alpha < 1:
        raise ConfigError(f"--mahalanobis-alpha is {args.mahalanobis_alpha}", fix="Give a level such as 0.001, or 0 to skip")
    inputs = (args.data, args.model)
    check_output_dir(args.out, inputs)
    model = read_model(args.model)
    sheet = int(args.sheet) if str(args.sheet).isdigit() else args.sheet
    labels = parse_labels_option(args.labels)
    df = read_table(args.data, sheet=sheet)
    df, columns = apply_item_codes(df, model.indicators, args.item_codes, source=str(args.data))
    model.check_columns(df.columns, data_name=str(args.data))
    private = identifying_columns(df, keep=[*model.indicators, *([args.id_column] if args.id_column else [])])
    low, high = (int(v) if float(v).is_integer() else v for v in args.likert)  # nargs=2
    res = clean_survey(
        df, model.indicators, likert=(low, high), missing_values=args.missing_values, missing=args.missing,
        reverse=args.reverse, straightlining=args.straightlining, duplicates=args.duplicates,
        out_of_range=args.out_of_range, mahalanobis_alpha=args.mahalanobis_alpha or None,
        id_column=args.id_column, source=str(args.data), labels=labels, private_columns=private)
    with atomic_output_dir(args.out, inputs=inputs, made_by="surveysem clean") as tmp:
        write_csv(res.clean, tmp / "clean.csv")
        write_csv(res.excluded_rows, tmp / "excluded_rows.csv")
        write_csv(res.flags, tmp / "flags.csv")
        write_csv(res.item_descriptives, tmp / "item_descriptives.csv")
        write_json(res.counts | {"warnings": res.warnings}, tmp / "cleaning_counts.json")
        (tmp / "cleaning_report.md").write_text(res.to_markdown(), encoding="utf-8")
        if (columns["rule"] != "exact").any():
            write_csv(columns, tmp / "columns.csv")
        if len(res.recoded):
            write_csv(res.recoded, tmp / "labels.csv")
        value_labels = value_label_table(df.attrs.get("value_labels") or {}, model.indicators)
        if len(value_labels):
            write_csv(value_labels, tmp / "value_labels.csv")
    return 0


def value_label_table(labels: dict, items) -> pd.DataFrame:
    """``item, value, label`` for the items that have value labels (an SPSS file's), in the items' order."""
    rows = [dict(item=i, value=v, label=lab) for i in items for v, lab in sorted((labels.get(i) or {}).items())]
    return pd.DataFrame(rows, columns=["item", "value", "label"])
