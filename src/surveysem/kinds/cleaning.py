"""The cleaning step (``surveysem clean``) that the survey kinds (pls, regression) run first."""
from __future__ import annotations

from .base import Input, Setting, Step
from .common import STUDY_MODEL

SETTINGS = (
    Setting("missing_values", "array", "codes meaning no answer, e.g. [-99]", default=[],
            option="--missing-value",
            option_note="the established flag (README, docs, users' scripts); it takes one or more codes"),
    Setting("likert", "array", "answer scale [low, high]", default=[1, 5], old_options=("--scale-min", "--scale-max")),
    Setting("reverse", "array", "reverse-coded items (recoded high + low - x)", default=[]),
    Setting("id_column", ("string", "null"), "respondent id column (for duplicates)", default=None),
    Setting("straightlining", "", "respondents with zero variance across items", default="flag",
            choices=("flag", "drop", "ignore")),
    Setting("duplicates", "", "repeated rows", default="flag", choices=("flag", "drop", "ignore")),
    Setting("out_of_range", "", "answers outside the scale", default="error", choices=("error", "missing")),
    Setting("mahalanobis_alpha", "number", "multivariate outliers are flagged at this chi-squared level",
            default=0.001),
    Setting("item_codes", "", "find each item's column: auto (its name, else a header starting with it), prefix, "
            "exact", default="auto", choices=("auto", "prefix", "exact")),
    Setting("labels", "", "text answers to numbers: auto, a label set (id5, en_agree5, ...) or a mapping "
            "{label: number}", default="auto"),
)

STEP = Step(
    "cleaning",
    command="clean",
    rule="clean",
    doc="Missing codes, out-of-range answers, straight-lining, duplicates, reverse coding, outliers, descriptives.",
    inputs=(Input("data", "--data", config="data"), STUDY_MODEL),
    settings=("likert", "straightlining", "duplicates", "out_of_range", "mahalanobis_alpha", "missing_values",
              "reverse", "id_column", "item_codes", "labels"),
    fixed_args=("--missing", "none"),  # the analysis step treats missing answers (config key `missing`), not cleaning
    files={
        "clean.csv": "the retained rows, items recoded and numeric (the analysis input)",
        "cleaning_counts.json": "counts per cleaning rule, warnings",
        "cleaning_report.md": "the cleaning rules applied, counts, excluded rows and flags",
        "excluded_rows.csv": "every excluded row with the reason",
        "flags.csv": "every rule hit (straight-lining, duplicates, outliers, imputed cells), kept or not",
        "item_descriptives.csv": "per item n, mean, SD, skewness, excess kurtosis, share missing",
        "columns.csv": "the question header each item code was found in (item, header, rule)",
        "labels.csv": "the text answers recoded to numbers (item, label, value, cells)",
        "value_labels.csv": "the SPSS file's value labels of the items (item, value, label)",
    },
    required=("cleaning_counts.json",),
    run_first="surveysem clean --data FILE --model FILE --out {dir}",
    tables="surveysem.report.tables:CLEANING_TABLES",
)
