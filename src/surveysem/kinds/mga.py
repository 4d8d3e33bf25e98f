"""The multigroup analysis (``surveysem mga``) a pls study runs with ``groups: COLUMN``: group estimates and
bootstraps, the tests of group differences and MICOM (docs/groups.md)."""
from __future__ import annotations

from .base import Setting, Step
from .common import CLEAN_DATA, STUDY_MODEL

SETTINGS = (
    Setting("groups", ("string", "null"), "the data column of each respondent's group: multigroup analysis (PLS-MGA, "
            "permutation, parametric and Welch tests) with MICOM", default=None),
    Setting("permutations", "integer", "permutations of the multigroup permutation test and MICOM", default=5000),
    Setting("group_min_n", "integer", "smallest group the multigroup analysis accepts", default=30),
)

STEP = Step(
    "mga",
    command="mga",
    doc="Multigroup analysis: each group's estimate and bootstrap, the tests of group differences (permutation, "
        "PLS-MGA, parametric, Welch-Satterthwaite) and measurement invariance (MICOM).",
    inputs=(CLEAN_DATA, STUDY_MODEL),
    settings=("groups", "permutations", "group_min_n", "boot", "seed", "scheme", "missing", "alpha", "ci"),
    fixed_args=("--quiet",),
    files={
        "run.json": "settings, seed, permutations, group sizes, warnings",
        "group_sizes.csv": "respondents per group (and rows left out)",
        "group_paths.csv": "path coefficients of each group with bootstrap SE, t, p and interval",
        "group_r2.csv": "R² of each group",
        "mga.csv": "group differences of every path and effect: permutation, PLS-MGA (Henseler), parametric and "
                   "Welch-Satterthwaite tests",
        "micom_step2.csv": "MICOM step 2: compositional invariance c with its permutation quantile and p",
        "micom_step3.csv": "MICOM step 3: differences of composite means and log variances with permutation "
                           "intervals and p",
        "micom.csv": "MICOM verdict per construct: no, partial or full measurement invariance",
        "summary.txt": "plain-text overview",
    },
    required=("run.json", "group_sizes.csv", "group_paths.csv", "mga.csv", "micom.csv"),
    run_first="surveysem mga --data FILE --model FILE --groups COLUMN --seed S --out {dir}",
    tables="surveysem.report.tables:MGA_TABLES",
)
