"""Study kind ``regression``: clean → SPSS-style instrument tests, assumption tests and OLS (figures inside)."""
from __future__ import annotations

from .base import Report, Setting, Step, StudyKind
from .common import CLEAN_DATA, STUDY_MODEL

SETTINGS = (
    Setting("score", "", "composite score of a variable", default="sum", choices=("sum", "mean")),
    Setting("validity", "", "item-total correlation that decides validity", default="corrected",
            choices=("corrected", "pearson")),
    Setting("alpha_threshold", "number", "Cronbach's alpha for 'reliable'", default=0.6),
    Setting("tails", "integer", "tails of the partial t tests", default=2, choices=(1, 2)),
)

STEP = Step(
    "regression",
    command="regression",
    doc="SPSS-style instrument tests, classic assumption tests, simple and multiple OLS, hypotheses.",
    inputs=(CLEAN_DATA, STUDY_MODEL),
    settings=("score", "validity", "alpha_threshold", "alpha", "tails", "boot", "seed", "likert", "language",
              "population_size"),
    files={
        "run.json": "data, model, options, rows dropped, conventions, warnings",
        "item_validity.csv": "item-total correlations (r hitung) against r-table, valid or not",
        "reliability.csv": "Cronbach's alpha per variable with its interval and decision",
        "descriptives.csv": "descriptive statistics of the composite scores",
        "categories.csv": "mean scores per item and variable with their category band",
        "category_bands.csv": "the category bands (interval width (max - min)/k)",
        "category_frequencies.csv": "respondents per category band",
        "correlations.csv": "Pearson correlations between the variables",
        "simple_regressions.csv": "one simple regression per predictor, with KD",
        "coefficients.csv": "multiple regression coefficients (B, SE, Beta, t, p, tolerance, VIF)",
        "model_summary.csv": "R, R², adjusted R², SE of the estimate, KD",
        "anova.csv": "ANOVA table of the regression (F test)",
        "assumptions.csv": "classic assumption tests with their decisions and conventions",
        "linearity.csv": "SPSS MEANS linearity ANOVA (deviation from linearity)",
        "mediation.csv": "mediation by regression: a, b, c, c', indirect effect with Sobel and bootstrap",
        "mediation_steps.csv": "Baron-Kenny steps of the mediation by regression",
        "hypotheses.csv": "one row per hypothesis: test, statistic, critical value, decision and reason",
        "power.csv": "F-test power of each equation at its observed f² and the n needed for power .80 (Cohen 1988); "
                     "Slovin's n with population_size",
        "residuals.csv": "residuals behind the three charts",
        "scores.csv": "composite scores per respondent",
    },
    required=("run.json", "item_validity.csv", "reliability.csv", "descriptives.csv", "coefficients.csv",
              "model_summary.csv", "anova.csv", "assumptions.csv", "hypotheses.csv"),
    run_first="surveysem regression --data FILE --model FILE --out {dir}",
    tables="surveysem.report.tables:REGRESSION_TABLES",
    figures="surveysem.regression.figures:residual_charts",
    report=Report(("figures/{name}.png",), "regression_figures.rst"),
)

KIND = StudyKind("regression", title="Regression tables", upstream=("cleaning", "describe"))
