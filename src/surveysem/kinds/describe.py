"""The describe step (``surveysem describe``) the survey kinds (pls, regression) run after cleaning: the respondent
profile and the item descriptives of the analysed rows."""
from __future__ import annotations

from .base import Input, Report, Setting, Step
from .common import STUDY_MODEL

SETTINGS = (
    Setting("profile", "", "respondent-profile columns: auto (text columns with at most 12 categories), none, or a "
            "list of column names", default="auto"),
    Setting("profile_order", "object", "category order per profile column, e.g. {Usia: ['< 18', '18-22', '> 22']}",
            default={}),
)

STEP = Step(
    "describe",
    command="describe",
    doc="Respondent profile (frequency tables, chart) and item descriptives (distribution, total and ideal score, "
        "mean, class-interval category, score index, three-box index).",
    inputs=(Input("data", "--data", config="data"), Input("cleaning", "--cleaning", step="cleaning"), STUDY_MODEL),
    settings=("likert", "id_column", "profile", "profile_order", "language"),
    files={
        "run.json": "inputs, N, scale, profile settings and columns, notes, file list",
        "profile.csv": "respondent profile: column, category, n, percent, cumulative percent",
        "profile_columns.csv": "every non-item column: tabulated, skipped (and why) or excluded",
        "descriptive_items.csv": "per item: answers per scale point, total and ideal score, mean, SD, class-interval "
                                 "category, score index, three-box index",
        "descriptive_constructs.csv": "per construct: mean of its items' means and indexes with their categories",
        "descriptive_bands.csv": "the bands of the class interval, score index and three-box rules",
    },
    required=("run.json", "profile.csv", "descriptive_items.csv", "descriptive_constructs.csv"),
    run_first="surveysem describe --data FILE --cleaning CLEANING_DIR --model FILE --out {dir}",
    tables="surveysem.report.tables:DESCRIBE_TABLES",
    report=Report(("figures/{name}.png",), "describe_figures.rst"),
)
