"""Study kind ``pls``: clean → PLS-SEM estimate, bootstrap and assessment → figures (→ CB-SEM cross-check)."""
from __future__ import annotations

from .base import Input, Report, Setting, Step, StudyKind
from .common import CLEAN_DATA, STUDY_MODEL

SETTINGS = (
    Setting("scheme", "", "inner weighting scheme", default="path", choices=("path", "factorial", "centroid")),
    Setting("missing", "", "missing-data treatment of the PLS engine", default="mean", choices=("mean", "listwise")),
    Setting("hoc", "", "how higher-order constructs are estimated: two_stage (seminr) or repeated_indicators (SmartPLS)",
            default="two_stage", choices=("two_stage", "repeated_indicators")),
    Setting("purify", "", "item purification rule", default="none", choices=("strict", "hair", "none")),
    Setting("q2_distance", "integer", "blindfolding omission distance D", default=7),
    Setting("q2_omission", "", "blindfolding: omitted points numbered down each column (SmartPLS) or whole cases",
            default="column", choices=("column", "case")),
    Setting("predict_folds", "", "PLSpredict folds k, or loocv", default=10),
    Setting("r2_variant", "", "R² wording: hair 0.75/0.50/0.25 or chin 0.67/0.33/0.19", default="hair",
            choices=("hair", "chin"), old_keys=("r2_wording",), old_options=("--r2-wording",)),
    Setting("interaction", "", "how interaction terms A:B are estimated (seminr's interaction_term methods)",
            default="two_stage", choices=("two_stage", "product_indicator", "orthogonal")),
    Setting("mediation_interval", "", "bootstrap interval that decides mediation", default="percentile",
            choices=("percentile", "bca"), old_keys=("mediation_ci",), old_options=("--mediation-ci",)),
    Setting("marker", ("string", "null"), "a measured marker variable (a data column outside the model) for the "
            "common-method-bias checks", default=None),
    Setting("ipma", ("string", "null"), "target construct of an importance-performance map (IPMA)", default=None),
    Setting("consistent", "boolean", "consistent PLS (PLSc): correct reflective constructs for measurement error",
            default=False),
)

STEP = Step(
    "pls",
    command="pls",
    doc="PLS-SEM estimate, bootstrap and the full assessment (reliability, validity, structural model, fit, "
        "mediation).",
    inputs=(CLEAN_DATA, STUDY_MODEL),
    settings=("boot", "seed", "scheme", "missing", "ci", "purify", "q2_distance", "r2_variant", "alpha",
              "mediation_interval", "q2_omission", "predict_folds", "interaction", "hoc", "consistent", "marker",
              "ipma", "likert", "population_size"),
    fixed_args=("--assess", "--quiet"),
    files={
        "run.json": "versions, inputs with SHA-256, settings, seed, bootstrap, missing data, warnings",
        "paths.csv": "path coefficients with bootstrap SE, t, p, percentile and BCa intervals",
        "loadings.csv": "outer loadings with bootstrap inference",
        "weights.csv": "outer weights with bootstrap inference",
        "outer_model.csv": "loadings, indicator reliability, weights and their verdicts",
        "item_purification.csv": "items dropped or kept in purification, with AVE and rho_C before and after",
        "reliability.csv": "Cronbach's alpha, rho_A, rho_C, AVE per construct with verdicts",
        "fornell_larcker.csv": "Fornell-Larcker matrix (diagonal: square root of AVE)",
        "htmt.csv": "HTMT and HTMT2 per pair with the bootstrap upper bound and verdict",
        "cross_loadings.csv": "loadings of every item on every construct, with the flag",
        "construct_corr.csv": "correlations of the construct scores",
        "vif_outer.csv": "indicator VIF",
        "vif_inner.csv": "predictor VIF per endogenous construct",
        "r2.csv": "R² and adjusted R² with bootstrap inference",
        "r2_assessment.csv": "R² with the wording (weak / moderate / substantial)",
        "f2.csv": "f² effect size of every path",
        "q2.csv": "blindfolding Q² (cross-validated redundancy)",
        "plspredict.csv": "PLSpredict RMSE, MAE and Q²_predict per indicator against the LM benchmark",
        "model_fit.csv": "SRMR, d_ULS, d_G, chi², NFI for the saturated and estimated model",
        "effects.csv": "direct, specific indirect, total indirect and total effects with bootstrap inference",
        "mediation.csv": "specific indirect effects, direct effects, Zhao et al. (2010) type and reasoning",
        "simple_slopes.csv": "interaction models: the predictor's effect at moderator -1 SD, mean, +1 SD with bootstrap "
                             "inference",
        "conditional_indirect.csv": "interaction models: conditional indirect effects and the index of moderated "
                                    "mediation (Hayes 2015) with bootstrap inference",
        "common_method_bias.csv": "full-collinearity VIF of every construct (Kock 2015) and Harman's single-factor "
                                  "test, with verdicts",
        "marker_variable.csv": "with marker: marker-adjusted construct correlations (Lindell & Whitney 2001) and "
                               "the paths with the marker as control",
        "ipma_constructs.csv": "with ipma: importance (total effect) and performance (0-100) of each antecedent "
                               "of the target construct",
        "ipma_indicators.csv": "with ipma: importance and performance of each indicator",
        "hypotheses.csv": "one row per path: estimate, bootstrap test, f², supported or not",
        "sample_size.csv": "minimum sample sizes: inverse square root (Kock & Hadaya 2018) for the smallest paths, "
                           "10-times rule, Slovin (with population_size), each against the n analysed",
        "verdicts.csv": "every criterion, value, threshold and verdict in one table",
        "scores.csv": "construct scores per respondent",
        "boot_failed.csv": "bootstrap resamples that failed, with the reason",
        "boot_draws.parquet": "every bootstrap draw",
        "plain_paths.csv": "with consistent: true, the plain PLS path coefficients beside the reported PLSc ones",
        "plain_loadings.csv": "with consistent: true, the plain PLS outer loadings",
        "plain_r2.csv": "with consistent: true, the plain PLS R² and adjusted R²",
    },
    required=("run.json", "paths.csv", "hypotheses.csv", "outer_model.csv", "reliability.csv", "fornell_larcker.csv",
              "htmt.csv", "vif_inner.csv", "r2_assessment.csv"),
    run_first="surveysem pls --data FILE --model FILE --boot 5000 --seed S --assess --out {dir}",
    tables="surveysem.report.tables:PLS_TABLES",
)

FIGURES = Step(
    "pls_figures",
    command="report figures --kind pls",
    folder="figures",
    log="figures",
    doc="Path diagram, HTMT heatmap, loadings, bootstrap distributions, score distributions.",
    inputs=(Input("pls", "--in", step="pls"),),
    settings=("language",),
    figures="surveysem.report.figures:pls_figures",
    report=Report(("{name}.png",), "pls_figures.rst"),
)

KIND = StudyKind("pls", title="PLS-SEM tables", upstream=("cleaning", "describe"), optional={"cbsem": "cbsem", "groups": "mga"},
                 figures="pls_figures")
