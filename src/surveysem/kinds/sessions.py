"""Study kind ``sessions``: live-commerce session analytics (does going live more often sell more?)."""
from __future__ import annotations

from .base import Input, Report, Setting, Step, StudyKind

SETTINGS = (
    Setting("window", "integer", "window in calendar days", default=28),
    Setting("anchor", "", "the window ends at the last session of the file (data) or of each account",
            default="data", choices=("data", "account")),
    Setting("columns", "object", "our column name -> yours", default={}),
)

STEP = Step(
    "sessions",
    command="sessions",
    doc="Per-account session metrics, frequency vs GMV per session (rank correlations, HC3 log-log OLS), figures.",
    inputs=(Input("data", "--data", config="data"),),
    settings=("window", "anchor", "seed", "boot", "ci", "columns", "language"),
    files={
        "run.json": "options, window, seed, warnings, file list",
        "sessions.csv": "every parsed session, with the in-window flag",
        "accounts.csv": "per-account metrics in the window",
        "correlations.csv": "rank correlations of session frequency with GMV, bootstrap intervals",
        "regression.csv": "log-log OLS coefficients with HC3 standard errors",
        "regression_fit.csv": "fit of the log-log OLS",
        "hypotheses.csv": "the claim, its test, verdict and reason",
        "weekly_sessions.csv": "sessions and GMV per account per week",
        "rolling.csv": "metrics over trailing windows",
        "summary.txt": "plain-text overview",
    },
    required=("run.json", "accounts.csv", "correlations.csv", "regression.csv", "regression_fit.csv",
              "hypotheses.csv"),
    run_first="surveysem sessions --data FILE --seed S --out {dir}",
    tables="surveysem.report.tables:SESSIONS_TABLES",
    figures="surveysem.sessions.figures:session_figures",
    report=Report(("figures/{name}.png",), "sessions_figures.rst"),
)

KIND = StudyKind("sessions", title="Live-session analytics tables")
