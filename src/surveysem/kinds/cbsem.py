"""The covariance-based cross-check (``surveysem cbsem``) a pls study runs with ``cbsem: true``."""
from __future__ import annotations

from .base import Input, Report, Setting, Step
from .common import CLEAN_DATA, STUDY_MODEL

SETTINGS = (Setting("cbsem", "boolean", "CB-SEM cross-check with semopy", default=False),)

STEP = Step(
    "cbsem",
    command="cbsem",
    doc="Covariance-based cross-check (semopy ML) beside the PLS estimate.",
    inputs=(CLEAN_DATA, STUDY_MODEL, Input("pls", "--pls-dir", step="pls")),
    settings=("alpha", "language"),
    files={
        "run.json": "estimator, model syntax, n, semopy version, notes, warnings",
        "fit.csv": "chi², CFI, TLI, NFI, RMSEA, SRMR, AIC, BIC with their conventions and verdicts",
        "estimates.csv": "CB-SEM parameter estimates (unstandardized and std.all)",
        "comparison.csv": "PLS vs CB-SEM paths and loadings, sign and significance differences",
        "comparison.png": "PLS vs CB-SEM estimates (figure)",
        "warnings.csv": "estimation warnings and notes",
        "latent_correlations.csv": "CB-SEM latent correlations",
        "r2.csv": "CB-SEM R² of the endogenous constructs",
        "summary.txt": "plain-text overview",
    },
    required=("run.json",),
    run_first="surveysem cbsem --data FILE --model FILE --pls-dir PLS_DIR --out {dir}",
    tables="surveysem.report.tables:CBSEM_TABLES",
    figures="surveysem.cbsem.compare:comparison_figure",
    report=Report(("{name}.png",), "cbsem.rst"),
)
