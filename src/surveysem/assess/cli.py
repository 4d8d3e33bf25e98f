"""``surveysem pls`` and ``surveysem assess``: estimate, bootstrap and (``pls --assess``, always with ``assess``)
assess a PLS-SEM model; write the engine's and the assessment's tables into one folder.

Both commands live here, above the engine: this module imports the engine's command-line helpers
(:mod:`surveysem.pls.cli`) and the assessment, never the other way round. The command registry
(:data:`surveysem.cli.COMMANDS`) names :data:`PLS` for ``surveysem pls`` and this module for ``surveysem assess``.
"""
from __future__ import annotations

import argparse
from types import SimpleNamespace

from ..data.read import read_table
from ..errors import ConfigError
from ..io import atomic_output_dir, check_output_dir
from ..model import read_model
from ..options import add_likert_argument, probability, renamed, whole_number
from ..pls import cli as engine
from .assessment import assess, write_assessment
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
    g.add_argument("--predict-folds", default=10, metavar="K|loocv",
                   help="PLSpredict folds k, or loocv for leave-one-out (0 = skip PLSpredict)")
    g.add_argument("--predict-reps", type=whole_number(1), default=10, help="PLSpredict repetitions")
    g.add_argument("--predict-technique", choices=("EA", "DA"), default="EA",
                   help="PLSpredict: earliest (EA) or direct (DA) antecedents")
    g.add_argument("--fit-boot", type=whole_number(0), default=None,
                   help="resamples for the exact fit test HI95/HI99 (default: as --boot)")
    g.add_argument("--r2-variant", choices=("hair", "chin"), default="hair",
                   help="R² wording: hair 0.75/0.50/0.25 or chin 0.67/0.33/0.19")
    renamed(g, "--r2-wording", "--r2-variant", choices=("hair", "chin"))
    g.add_argument("--alpha", type=probability, default=0.05, help="significance level of hypotheses")
    g.add_argument("--mediation-interval", choices=("percentile", "bca"), default="percentile",
                   help="bootstrap interval that decides mediation")
    renamed(g, "--mediation-ci", "--mediation-interval", choices=("percentile", "bca"))
    g.add_argument("--marker", default=None, metavar="COLUMN",
                   help="a measured marker variable (a column of --data outside the model): marker-adjusted "
                        "correlations (Lindell & Whitney 2001) and paths controlled for the marker")
    g.add_argument("--ipma", default=None, metavar="CONSTRUCT",
                   help="importance-performance map for this target construct (Ringle & Sarstedt 2016)")
    add_likert_argument(g, help="answer scale [low, high]: IPMA rescales items to 0-100 from it (default 1 5)")
    g.add_argument("--population-size", type=whole_number(1), default=None, metavar="N",
                   help="population size N: adds Slovin's n = N/(1 + N e²) to sample_size.csv (default: not known)")


def check_assessment_arguments(args: argparse.Namespace) -> None:
    """Refuse assessment option values argparse lets through, before anything is read or estimated."""
    if not 0 < args.alpha < 1:
        raise ConfigError(f"--alpha must lie between 0 and 1, got {args.alpha}")
    parse_predict_folds(args.predict_folds)
    if args.q2_distance and args.q2_distance < 2:
        raise ConfigError(f"--q2-distance must be 0 or at least 2, got {args.q2_distance}")


def random_steps(args: argparse.Namespace) -> list[str]:
    """The steps of the run that draw random numbers: the bootstrap, PLSpredict's k folds, the fit test's bootstrap."""
    steps = engine.random_steps(args)
    if not getattr(args, "assess", False):
        return steps
    folds = parse_predict_folds(args.predict_folds)
    if isinstance(folds, int) and folds >= 2:  # else "loocv"
        steps.append(f"PLSpredict (--predict-folds {folds})")
    if args.fit_boot or (args.fit_boot is None and args.boot_indices):  # as many resamples as --boot-indices
        steps.append("the fit test's bootstrap")
    return steps


def run_assessment(res, boot, args):
    """Run :func:`~surveysem.assess.assessment.assess` with the CLI options."""
    check_assessment_arguments(args)
    folds = parse_predict_folds(args.predict_folds)
    # seed: the run's --seed; 42 only when nothing random runs (require_seed refused the run otherwise)
    return assess(res, boot, purify=args.purify, q2_distance=args.q2_distance or None,
                  q2_omission=getattr(args, "q2_omission", "column"),
                  predict_folds=folds or None, predict_reps=args.predict_reps,
                  predict_technique=args.predict_technique, fit_boot=args.fit_boot,
                  seed=args.seed if args.seed is not None else 42, r2_variant=args.r2_variant, alpha=args.alpha,
                  mediation_interval=args.mediation_interval, marker=getattr(args, "marker", None),
                  data=read_table(args.data) if getattr(args, "marker", None) else None,
                  missing_values=getattr(args, "missing_values", ()), ipma=getattr(args, "ipma", None),
                  likert=tuple(getattr(args, "likert", None) or (1, 5)),
                  population_size=getattr(args, "population_size", None))


def check_model_options(args: argparse.Namespace) -> None:
    """Refuse ``--ipma`` and ``--marker`` values the model cannot take, before anything is estimated."""
    target, marker = getattr(args, "ipma", None), getattr(args, "marker", None)
    if not target and not marker:
        return
    model = read_model(args.model)
    if target:
        if target not in model.construct_names:
            raise ConfigError("--ipma {t}: the model has no construct {t} (constructs: {names})".format(
                t=target, names=", ".join(model.construct_names)))
        if target not in model.endogenous:
            raise ConfigError("--ipma {t}: {t} is exogenous; the map needs a target that other constructs "
                              "affect (e.g. {e})".format(t=target, e=model.endogenous[-1] if model.endogenous else "-"))
        if model.interactions or model.higher_order or getattr(args, "consistent", False):
            raise ConfigError("--ipma: the importance-performance map is not available yet for models with "
                              "interaction terms, higher-order constructs or consistent PLS; remove ipma")
    if marker and marker in model.indicators:
        raise ConfigError("--marker {m}: {m} is an item of the model; name a column outside the model that theory "
                          "says is unrelated to it".format(m=marker))


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


# ----------------------------------------------------------------------------------------------------- commands
def add_pls_arguments(p: argparse.ArgumentParser) -> None:
    """``surveysem pls``: the engine's options, and the assessment's behind ``--assess``."""
    engine.add_arguments(p)
    add_assessment_arguments(p)


def run_pls(args: argparse.Namespace) -> int:
    """Estimate and bootstrap; with ``--assess`` also assess (the tables then describe the purified model)."""
    engine.check_arguments(args)
    assessing = getattr(args, "assess", False)
    if assessing:
        check_assessment_arguments(args)
        check_model_options(args)
    inputs = engine.inputs(args)
    check_output_dir(args.out, inputs)  # before the estimate: a refused --out costs no waiting
    fix = "--boot 0" + (" --predict-folds 0 (or loocv)" if assessing else "") + " for a run without random draws"
    res, boot = engine.estimate(args, random_steps(args), fix=fix)
    assessment = None
    if assessing:  # assessment tables go into the same folder (docs/assessment.md)
        assessment = run_assessment(res, boot, args)
        res, boot = assessment.result, assessment.boot  # the final model after item purification
    with atomic_output_dir(args.out, inputs=inputs, made_by=f"surveysem {getattr(args, 'command', None) or 'pls'}") as tmp:
        engine.write(args, tmp, res, boot)
        if assessment is not None:
            write_assessment(assessment, tmp)
    engine.print_summary(res, boot)
    if assessment is not None:
        print()
        print(assessment.summary())
    return 0


#: ``surveysem pls`` (registered as ``surveysem.assess.cli:PLS``)
PLS = SimpleNamespace(add_arguments=add_pls_arguments, run=run_pls)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """``surveysem assess``: the options of ``surveysem pls``, the assessment always on."""
    engine.add_arguments(p)
    add_assessment_arguments(p, always=True)
    p.set_defaults(assess=True)


def run(args: argparse.Namespace) -> int:
    args.assess = True
    return run_pls(args)
