"""``surveysem mga``: multigroup analysis of a PLS path model — group estimates and bootstraps, tests of group
differences (permutation, PLS-MGA, parametric, Welch) and MICOM — into one all-or-nothing folder (``docs/groups.md``).
"""
from __future__ import annotations

import argparse

from ..data.read import read_table
from ..io import check_output_dir
from ..model import read_model
from ..options import add_language_argument, positive, probability, whole_number
from ..pls.algorithm import SCHEMES
from ..pls.cli import require_seed
from ..pls.prepare import MISSING_TREATMENTS
from .analysis import multigroup
from .split import GROUP_MIN_N


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="cleaned survey file (.csv, .xlsx, .sav) with the group column")
    p.add_argument("--model", required=True, help="model file in lavaan syntax (=~ reflective, <~ composite, ~ paths)")
    p.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    p.add_argument("--groups", required=True, metavar="COLUMN",
                   help="column holding each respondent's group (groups in sorted label order; differences first "
                        "minus second)")
    p.add_argument("--permutations", type=whole_number(0), default=5000,
                   help="permutations of the permutation test and MICOM (5000, the default; 0 = none)")
    p.add_argument("--group-min-n", type=whole_number(2), default=GROUP_MIN_N,
                   help=f"smallest allowed group (default {GROUP_MIN_N})")
    p.add_argument("--boot", type=whole_number(2), default=5000, help="bootstrap resamples of each group (5000)")
    p.add_argument("--seed", type=whole_number(0), default=None,
                   help="seed of the group bootstraps and permutations (needed; e.g. 42)")
    p.add_argument("--scheme", choices=SCHEMES, default="path", help="inner weighting scheme")
    p.add_argument("--missing", choices=MISSING_TREATMENTS, default="mean",
                   help="missing-data treatment (mean: replaced within each group, as seminr's MGA)")
    p.add_argument("--missing-value", dest="missing_values", action="extend", nargs="+", default=[], metavar="CODE",
                   help="a code meaning 'no answer', e.g. -99 (repeatable)")
    p.add_argument("--alpha", type=probability, default=0.05, help="significance level of the MICOM decisions (0.05)")
    p.add_argument("--ci", type=probability, default=0.95, help="confidence level of the group bootstrap intervals")
    p.add_argument("--max-iter", type=whole_number(1), default=300)
    p.add_argument("--tol", type=positive, default=1e-7)
    p.add_argument("--quiet", action="store_true", help="no progress bar (the summary is still printed)")
    add_language_argument(p)


def run(args: argparse.Namespace) -> int:
    inputs = {"data": args.data, "model": args.model}
    check_output_dir(args.out, inputs.values())  # before the work: a refused --out costs no waiting
    model = read_model(args.model)
    data = read_table(args.data)
    require_seed(args, [f"the group bootstraps (--boot {args.boot})", f"the permutations (--permutations "
                        f"{args.permutations})"], "the study's seed in config.yaml")
    res = multigroup(data, model, args.groups, permutations=args.permutations, boot=args.boot, seed=args.seed,
                     scheme=args.scheme, missing=args.missing, missing_values=args.missing_values, alpha=args.alpha,
                     ci=args.ci, group_min_n=args.group_min_n, tol=args.tol, max_iter=args.max_iter,
                     progress=not args.quiet, source=args.data)
    res.write(args.out, inputs=inputs)
    print(res.summary())
    return 0
