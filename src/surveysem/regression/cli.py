"""``surveysem regression``: SPSS-style instrument tests, assumption tests and OLS regression.

Writes tidy CSV tables (see ``docs/regression.md``), ``run.json`` and, unless ``--no-figures``, the three
residual charts into ``--out`` as one all-or-nothing folder.
"""
from __future__ import annotations

import argparse

from ..options import add_language_argument, add_likert_argument, probability, whole_number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="questionnaire file (.csv, .xlsx, .sav)")
    parser.add_argument("--model", required=True, help="lavaan-syntax model: 'X1 =~ items', 'Y ~ X1 + X2'")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    parser.add_argument("--missing-value", dest="missing_values", action="extend", nargs="+", default=[],
                        metavar="CODE", help="code(s) meaning 'no answer', e.g. -99")
    parser.add_argument("--missing", choices=["listwise"], default="listwise",
                        help="missing-data handling (listwise, as SPSS)")
    parser.add_argument("--score", choices=["sum", "mean"], default="sum", help="composite score of a variable")
    parser.add_argument("--validity", choices=["corrected", "pearson"], default="corrected",
                        help="item-total correlation that decides validity (default corrected, as SPSS RELIABILITY)")
    parser.add_argument("--alpha-threshold", type=probability, default=0.60, help="Cronbach's alpha for 'reliable' (0.60)")
    parser.add_argument("--alpha", type=probability, default=0.05, help="significance level (0.05)")
    parser.add_argument("--tails", type=int, choices=[1, 2], default=2, help="tails of the partial t tests")
    parser.add_argument("--boot", type=whole_number(0), default=5000,
                        help="bootstrap resamples for indirect effects (0 = Sobel only; 5000 recommended, the default)")
    parser.add_argument("--seed", type=whole_number(0), default=None,
                        help="bootstrap seed (needed when the model has a mediator and --boot is not 0; e.g. 42)")
    add_likert_argument(parser, help="answer scale, the ends of the category bands (default 1 5)")
    parser.add_argument("--population-size", type=whole_number(1), default=None, metavar="N",
                        help="population size N: adds Slovin's n = N/(1 + N e²) to power.csv (default: not known)")
    parser.add_argument("--no-figures", action="store_true", help="do not draw the three residual charts")
    add_language_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..io import check_output_dir
    from .study import run_regression_study

    inputs = (args.data, args.model)
    check_output_dir(args.out, inputs)

    result = run_regression_study(
        args.data, args.model, missing_values=args.missing_values, missing=args.missing, score=args.score,
        validity=args.validity, alpha=args.alpha, alpha_threshold=args.alpha_threshold, tails=args.tails,
        boot=args.boot, seed=args.seed, scale_min=args.likert[0], scale_max=args.likert[1],
        population_size=args.population_size)
    result.write(args.out, figures=not args.no_figures, inputs=inputs)
    print(f"surveysem regression: wrote {args.out} (n = {result.meta['n_used']}; "
          f"{len(result.warnings)} warning(s), listed in run.json)")
    return 0
