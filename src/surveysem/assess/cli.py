"""``surveysem assess``: estimate, bootstrap and assess a PLS-SEM model; write the engine's and the assessment's
tables into one folder. ``surveysem pls --assess`` does the same."""
from __future__ import annotations

import argparse

from ..errors import ConfigError
from ..options import probability, whole_number
from .predict import Q2_OMISSIONS
from .purify import PURIFY_RULES


def add_assessment_arguments(p: argparse.ArgumentParser, always: bool = False) -> None:
    """Assessment options (shared by ``surveysem pls`` and ``surveysem assess``)."""
    g = p.add_argument_group("assessment (docs/assessment.md)")
    if not always:
        g.add_argument("--assess", action="store_true",
                       help="also write the assessment tables (reliability, HTMT, VIF, f², Q², PLSpredict, fit, "
                            "mediation, verdicts) into --out")
    g.add_argument("--purify", choices=PURIFY_RULES, default="none",
                   help="item purification: strict (drop loadings < 0.708), hair (< 0.40 always, 0.40-0.708 only "
                        "if AVE/rho_C needs it), none (default)")
    g.add_argument("--q2-distance", type=whole_number(0), default=7, help="blindfolding omission distance D (0 = skip Q²)")
    g.add_argument("--q2-omission", choices=Q2_OMISSIONS, default="column",
                   help="blindfolding: number the omitted data points down each indicator column (column, default; "
                        "SmartPLS, semPLS dlines = FALSE) or omit whole cases (case; semPLS dlines = TRUE)")
    g.add_argument("--predict-folds", default="10", metavar="K|loocv",
                   help="PLSpredict folds k, or loocv for leave-one-out (0 = skip PLSpredict)")
    g.add_argument("--predict-reps", type=whole_number(1), default=10, help="PLSpredict repetitions")
    g.add_argument("--predict-technique", choices=("EA", "DA"), default="EA",
                   help="PLSpredict: earliest (EA) or direct (DA) antecedents")
    g.add_argument("--fit-boot", type=whole_number(0), default=None,
                   help="resamples for the exact fit test HI95/HI99 (default: as --boot)")
    g.add_argument("--r2-wording", choices=("hair", "chin"), default="hair",
                   help="R² wording: hair 0.75/0.50/0.25 or chin 0.67/0.33/0.19")
    g.add_argument("--alpha", type=probability, default=0.05, help="significance level of hypotheses")
    g.add_argument("--mediation-ci", choices=("percentile", "bca"), default="percentile",
                   help="bootstrap interval that decides mediation")


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ..pls import cli as pls_cli

    pls_cli.add_arguments(p)
    p.set_defaults(assess=True)


def run_assessment(res, boot, args):
    """Run :func:`~surveysem.assess.assessment.assess` with the CLI options."""
    from .assessment import assess

    if not 0 < args.alpha < 1:
        raise ConfigError(f"--alpha must lie between 0 and 1, got {args.alpha}")
    folds = parse_predict_folds(args.predict_folds)
    if args.q2_distance and args.q2_distance < 2:
        raise ConfigError(f"--q2-distance must be 0 or at least 2, got {args.q2_distance}")
    return assess(res, boot, purify=args.purify, q2_distance=args.q2_distance or None,
                  q2_omission=getattr(args, "q2_omission", "column"),
                  predict_folds=folds or None, predict_reps=args.predict_reps,
                  predict_technique=args.predict_technique, fit_boot=args.fit_boot,
                  seed=args.seed if args.seed is not None else 42, r2_variant=args.r2_wording, alpha=args.alpha,
                  mediation_interval=args.mediation_ci)


def parse_predict_folds(value) -> int | str:
    """``--predict-folds``: a whole number (0 = skip, otherwise at least 2) or ``loocv`` (leave-one-out)."""
    text = str(value).strip().lower()
    if text == "loocv":
        return "loocv"
    try:
        k = int(text)
    except ValueError:
        k = -1
    if k == 0 or k >= 2:
        return k
    raise ConfigError(f"--predict-folds must be 0, a whole number of at least 2, or loocv, got {value!r}")


def run(args: argparse.Namespace) -> int:
    from ..pls import cli as pls_cli

    args.assess = True
    return pls_cli.run(args)
